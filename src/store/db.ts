/**
 * The extension's IndexedDB: the truth that outlives the MV3 service worker (which may be stopped at
 * any time and keeps only a cache). Holds descriptors and reports, never a value a user typed.
 */
import { deleteDB, openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { ApiObservation, FieldDescriptor, HistoryEntry, LocationGiven, PageReport, PageSignals } from '../shared/model';
import type { StoredRuleset } from './ruleset-records';
import { readSubscriptionMirror, rowFromMirror } from './subscription-mirror';

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

/** `created` hears when the database did not exist (version 0) and was just made. */
function open(created?: () => void): Promise<NeedToKnowDb> {
  return openDB<NeedToKnowSchema>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion, newVersion, tx) {
      if (oldVersion === 0) created?.();
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

/** The rulesets store's rows of a database we are about to delete, if it has that store and it reads. */
async function salvageRulesets(db: NeedToKnowDb): Promise<StoredRuleset[]> {
  try {
    if (!db.objectStoreNames.contains('rulesets')) return [];
    const rows: unknown[] = await db.getAll('rulesets');
    // Written by this or a newer version: keep only rows with the shape we read.
    return rows.filter(
      (r): r is StoredRuleset =>
        typeof r === 'object' &&
        r !== null &&
        typeof (r as StoredRuleset).id === 'string' &&
        typeof (r as StoredRuleset).text === 'string' &&
        ['bundled', 'subscribed', 'local'].includes((r as StoredRuleset).source),
    );
  } catch {
    return [];
  }
}

/** After a rebuild: the salvaged rows, plus any mirrored subscription they lack (to be downloaded again). */
async function restoreRulesets(db: NeedToKnowDb, salvaged: StoredRuleset[]): Promise<void> {
  const mirrored = await readSubscriptionMirror().catch(() => []);
  const have = new Set(salvaged.map((r) => r.id));
  const rows = [...salvaged, ...mirrored.filter((m) => !have.has(m.id)).map((m) => rowFromMirror(m, Date.now()))];
  if (!rows.length) return;
  const tx = db.transaction('rulesets', 'readwrite');
  await Promise.all([...rows.map((r) => tx.store.put(r)), tx.done]);
}

async function rebuild(salvaged: StoredRuleset[]): Promise<NeedToKnowDb> {
  await deleteDB(DB_NAME);
  const db = await open();
  await restoreRulesets(db, salvaged);
  return db;
}

/**
 * Opens the database; a damaged one (stores or indexes missing) or one from a newer version of the extension
 * (VersionError: we cannot read its schema) is deleted and rebuilt. Tab state and history go (the next
 * page visits rebuild them); the user's rulesets are read out first and put back, and subscriptions the
 * database could not give back come from the mirror in storage.local. Settings live in storage.local.
 */
async function openOrRebuild(): Promise<NeedToKnowDb> {
  let db: NeedToKnowDb;
  let createdNow = false;
  try {
    db = await open(() => (createdNow = true));
  } catch (error) {
    if (!(error instanceof Error && error.name === 'VersionError')) throw error;
    // Opening without a version opens it as it is, newer schema and all, to read the rulesets out.
    const newer = await (openDB(DB_NAME) as Promise<NeedToKnowDb>).catch(() => null);
    const salvaged = newer ? await salvageRulesets(newer) : [];
    newer?.close();
    return rebuild(salvaged);
  }
  if (isIntact(db)) {
    // No database at all while the mirror lists subscriptions: the browser lost or discarded ours.
    if (createdNow) await restoreRulesets(db, []);
    return db;
  }
  const salvaged = await salvageRulesets(db);
  db.close();
  return rebuild(salvaged);
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
