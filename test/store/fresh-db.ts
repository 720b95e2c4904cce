import { IDBFactory } from 'fake-indexeddb';
import { closeDb } from '../../src/store/db';

/** An empty IndexedDB for each test: close our connection and swap in a new in-memory factory. */
export async function freshDb(): Promise<void> {
  await closeDb();
  globalThis.indexedDB = new IDBFactory();
}
