/**
 * The extension's IndexedDB: the truth that outlives the MV3 service worker (which may be stopped at
 * any time and keeps only a cache). Holds descriptors and reports, never a value a user typed.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { ApiObservation, FieldDescriptor, HistoryEntry, LocationGiven, PageReport, PageSignals } from '../model';
import type { StoredRuleset } from './rulesets';

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
  /** What the tab's current pages were given when they asked for the position (never kept in history). */
  locationGiven?: LocationGiven & { docId: string };
}

/** A history entry plus its key: one record per site + path. */
export interface HistoryRecord extends HistoryEntry {
  key: string;
}

export interface NeedToKnowSchema extends DBSchema {
  tabs: { key: number; value: TabState };
  history: { key: string; value: HistoryRecord; indexes: { site: string; seenAt: number } };
  settings: { key: string; value: unknown };
  /** The user's rulesets (and the bundled one's enabled/order state), see store/rulesets.ts. */
  rulesets: { key: string; value: StoredRuleset };
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
  // v2: rulesets the user imported or subscribed to, keyed by the ruleset's own id.
  (db) => {
    db.createObjectStore('rulesets', { keyPath: 'id' });
  },
];

export const DB_VERSION = MIGRATIONS.length;

let dbPromise: Promise<NeedToKnowDb> | null = null;

/** The stores every step of MIGRATIONS together creates: a database without them is damaged. */
const EXPECTED_STORES = ['tabs', 'history', 'settings', 'rulesets'] as const;
const EXPECTED_HISTORY_INDEXES = ['site', 'seenAt'] as const;

function isIntact(db: NeedToKnowDb): boolean {
  if (!EXPECTED_STORES.every((name) => db.objectStoreNames.contains(name))) return false;
  const indexes = db.transaction('history').store.indexNames;
  return EXPECTED_HISTORY_INDEXES.every((name) => indexes.contains(name));
}

function open(): Promise<NeedToKnowDb> {
  return openDB<NeedToKnowSchema>(DB_NAME, DB_VERSION, {
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
  });
}

/**
 * Opens the database; a damaged one (stores or indexes missing) or one from a newer version of the extension
 * (VersionError: we cannot read its schema) is deleted and rebuilt. It only holds tab state and
 * history, which the next page visits rebuild; settings live in storage.local and are untouched.
 */
async function openOrRebuild(): Promise<NeedToKnowDb> {
  let db: NeedToKnowDb;
  try {
    db = await open();
  } catch (error) {
    if (!(error instanceof Error && error.name === 'VersionError')) throw error;
    await deleteDB(DB_NAME);
    return open();
  }
  if (isIntact(db)) return db;
  db.close();
  await deleteDB(DB_NAME);
  return open();
}

/** The shared connection, opened on first use. */
export function getDb(): Promise<NeedToKnowDb> {
  dbPromise ??= openOrRebuild().catch((error: unknown) => {
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
