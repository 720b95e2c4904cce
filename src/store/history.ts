/**
 * The local, bounded history: per site + path, the grade and *kinds* of data a page asked for, with
 * evidence strings (labels, API calls). Never a typed value, never page text, never a query string
 * (URLs can carry e-mail addresses or tokens).
 */
import { getDomain } from 'tldts';
import type { HistoryEntry, PageReport } from '../model';
import { getDb, type HistoryRecord } from './db';

export const MAX_HISTORY_ENTRIES = 2_000;
const MAX_EVIDENCE = 30;
const MAX_EVIDENCE_CHARS = 200;

/** The registrable domain ("shop.example.co.uk"), else the host (IPs, localhost), else "file". */
export function siteOf(url: URL): string {
  if (url.protocol === 'file:') return 'file';
  return getDomain(url.href) ?? url.hostname;
}

/** What history keeps of a report, or null when there is nothing worth remembering. */
export function historyRecordFor(report: PageReport, now = Date.now()): HistoryRecord | null {
  if (report.findings.length === 0) return null;
  let url: URL;
  try {
    url = new URL(report.url);
  } catch {
    return null;
  }
  const site = siteOf(url);
  const pageUrl = `${url.protocol}//${url.host}${url.pathname}`;
  const categories = [...new Set(report.findings.map((f) => f.category))];
  const evidence = [...new Set(report.findings.map((f) => f.evidence.slice(0, MAX_EVIDENCE_CHARS)))].slice(0, MAX_EVIDENCE);
  return {
    key: `${site}|${pageUrl}`,
    site,
    url: pageUrl,
    grade: report.grade,
    serviceKind: report.serviceKind,
    categories,
    evidence,
    seenAt: now,
  };
}

/** Records the report (one entry per site + path, the newest wins) and drops the oldest beyond the cap. */
export async function upsertHistory(report: PageReport, now = Date.now()): Promise<void> {
  const record = historyRecordFor(report, now);
  if (!record) return;
  const tx = (await getDb()).transaction('history', 'readwrite');
  await tx.store.put(record);
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

/** Newest first; only one site when `site` is given. */
export async function listHistory(site?: string): Promise<HistoryEntry[]> {
  const db = await getDb();
  const records = site ? await db.getAllFromIndex('history', 'site', site) : await db.getAll('history');
  return records.sort((a, b) => b.seenAt - a.seenAt).map(({ key: _key, ...entry }) => entry);
}
