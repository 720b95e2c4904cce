/**
 * The local, bounded history: per site + path, the grade and *kinds* of data a page asked for, with
 * evidence strings (labels, API calls). Never a typed value, never page text, never a query string
 * (URLs can carry e-mail addresses or tokens).
 */
import type { HistoryEntry, PageReport } from '../shared/model';
import type { IDBPIndex } from 'idb';
import { getDb, type HistoryRecord, type NeedToKnowSchema } from './db';
import { DEFAULT_SETTINGS, getSettings } from './settings';
import { settingsSiteOf } from '../shared/site';

export { filterHistory, type HistoryFilter } from './history-filter';

export const MAX_HISTORY_ENTRIES = 2_000;
const MAX_EVIDENCE = 30;
const MAX_EVIDENCE_CHARS = 200;
const MAX_URL_CHARS = 500;
const MAX_CATEGORIES = 24;
/** One record's JSON at most: everything but evidence fits by construction (URL, site, 24 category ids), so with the entry cap history never exceeds ~8 MB whatever pages do. */
export const MAX_RECORD_CHARS = 4_096;
export const MAX_HISTORY_CHARS = MAX_HISTORY_ENTRIES * MAX_RECORD_CHARS;

/** What history keeps of a report, or null when there is nothing worth remembering. */
export function historyRecordFor(report: PageReport, now = Date.now()): HistoryRecord | null {
  if (report.findings.length === 0) return null;
  let url: URL;
  try {
    url = new URL(report.url);
  } catch {
    return null;
  }
  const site = settingsSiteOf(url);
  const pageUrl = `${url.protocol}//${url.host}${url.pathname}`.slice(0, MAX_URL_CHARS);
  const categories = [...new Set(report.findings.map((f) => f.category))].slice(0, MAX_CATEGORIES);
  const evidence = [...new Set(report.findings.map((f) => f.evidence.slice(0, MAX_EVIDENCE_CHARS)))].slice(0, MAX_EVIDENCE);
  const record: HistoryRecord = {
    key: `${site}|${pageUrl}`,
    site,
    url: pageUrl,
    grade: report.grade,
    serviceKind: report.serviceKind.slice(0, 64),
    categories,
    evidence,
    seenAt: now,
  };
  // Evidence is the only part that can be long: drop the last items until the record fits.
  while (record.evidence.length && JSON.stringify(record).length > MAX_RECORD_CHARS) record.evidence.pop();
  return record;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The user's retention period; the default when settings cannot be read (history is a nicety). */
async function retentionDays(): Promise<number> {
  return (await getSettings().catch(() => DEFAULT_SETTINGS)).historyRetentionDays;
}

/**
 * Records the report (one entry per site + path, the newest wins) and drops entries older than the
 * retention period and the oldest beyond the cap. `keepDays` defaults to the user's setting.
 */
export async function upsertHistory(report: PageReport, now = Date.now(), keepDays?: number): Promise<void> {
  const record = historyRecordFor(report, now);
  if (!record) return;
  const days = keepDays ?? (await retentionDays());
  const tx = (await getDb()).transaction('history', 'readwrite');
  await tx.store.put(record);
  await deleteSeenBefore(tx.store.index('seenAt'), now - days * DAY_MS);
  let excess = (await tx.store.count()) - MAX_HISTORY_ENTRIES;
  if (excess > 0) {
    let cursor = await tx.store.index('seenAt').openCursor();
    while (cursor && excess > 0) {
      await cursor.delete();
      excess--;
      cursor = await cursor.continue();
    }
  }
  await tx.done;
}

type SeenAtIndex = IDBPIndex<NeedToKnowSchema, ['history'], 'history', 'seenAt', 'readwrite'>;

async function deleteSeenBefore(index: SeenAtIndex, cutoff: number): Promise<number> {
  let deleted = 0;
  let cursor = await index.openCursor(IDBKeyRange.upperBound(cutoff, true));
  while (cursor) {
    await cursor.delete();
    deleted++;
    cursor = await cursor.continue();
  }
  return deleted;
}

/** Drops entries older than the retention period (run daily and when the user shortens it). Returns how many. */
export async function pruneHistory(now = Date.now(), keepDays?: number): Promise<number> {
  const days = keepDays ?? (await retentionDays());
  const tx = (await getDb()).transaction('history', 'readwrite');
  const deleted = await deleteSeenBefore(tx.store.index('seenAt'), now - days * DAY_MS);
  await tx.done;
  return deleted;
}

/** The store key of an entry: one per site + page URL. */
export function historyKey(entry: Pick<HistoryEntry, 'site' | 'url'>): string {
  return `${entry.site}|${entry.url}`;
}

/** Deletes one entry (the user's "delete" on one row). */
export async function deleteHistoryEntry(entry: Pick<HistoryEntry, 'site' | 'url'>): Promise<void> {
  await (await getDb()).delete('history', historyKey(entry));
}

/** Deletes every history entry (the user's "delete all"). */
export async function clearHistory(): Promise<void> {
  await (await getDb()).clear('history');
}

/** Newest first; only one site when `site` is given. */
export async function listHistory(site?: string): Promise<HistoryEntry[]> {
  const db = await getDb();
  const records = site ? await db.getAllFromIndex('history', 'site', site) : await db.getAll('history');
  return records.sort((a, b) => b.seenAt - a.seenAt).map(({ key: _key, ...entry }) => entry);
}
