/**
 * The extension's IndexedDB: the truth that outlives the MV3 service worker (which may be stopped at
 * any time and keeps only a cache). Holds descriptors and reports, never a value a user typed.
 */
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { ApiObservation, FieldDescriptor, HistoryEntry, PageReport, PageSignals } from '../model';

export const DB_NAME = 'need-to-know';

/** What we know about one frame's current document. */
export interface FrameState {
  docId: string;
  frameUrl: string;
  page: PageSignals;
  fields: FieldDescriptor[];
  apis: ApiObservation[];
}

export interface TabState {
  tabId: number;
  topUrl: string;
  /** Keyed by the browser's frameId (0 = top frame). */
  frames: Record<number, FrameState>;
  report: PageReport | null;
  updatedAt: number;
}

/** A history entry plus its key: one record per site + path. */
export interface HistoryRecord extends HistoryEntry {
  key: string;
}

export interface NeedToKnowSchema extends DBSchema {
  tabs: { key: number; value: TabState };
  history: { key: string; value: HistoryRecord; indexes: { site: string; seenAt: number } };
  settings: { key: string; value: unknown };
}

export type NeedToKnowDb = IDBPDatabase<NeedToKnowSchema>;
type UpgradeTx = IDBPTransaction<NeedToKnowSchema, StoreNames<NeedToKnowSchema>[], 'versionchange'>;

/**
 * One step per schema version: MIGRATIONS[n] upgrades version n to n + 1. Add a step to change the
 * schema; never edit a shipped one (users' databases have already run it).
 */
const MIGRATIONS: ((db: NeedToKnowDb, tx: UpgradeTx) => void)[] = [
  (db) => {
    db.createObjectStore('tabs', { keyPath: 'tabId' });
    const history = db.createObjectStore('history', { keyPath: 'key' });
    history.createIndex('site', 'site');
    history.createIndex('seenAt', 'seenAt');
    db.createObjectStore('settings');
  },
];

export const DB_VERSION = MIGRATIONS.length;

let dbPromise: Promise<NeedToKnowDb> | null = null;

/** The shared connection, opened on first use. */
export function getDb(): Promise<NeedToKnowDb> {
  dbPromise ??= openDB<NeedToKnowSchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion, newVersion, tx) {
      for (let v = oldVersion; v < (newVersion ?? DB_VERSION); v++) MIGRATIONS[v](db, tx);
    },
    // Another context (e.g. an updated worker) wants a newer schema: let it, and reopen next time.
    blocking() {
      void closeDb();
    },
    terminated() {
      dbPromise = null;
    },
  }).catch((error: unknown) => {
    dbPromise = null;
    throw error;
  });
  return dbPromise;
}

/** Closes the connection; the next getDb() reopens it. */
export async function closeDb(): Promise<void> {
  const pending = dbPromise;
  dbPromise = null;
  if (pending) (await pending.catch(() => null))?.close();
}
