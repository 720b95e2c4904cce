/**
 * History is bounded in entries and in bytes whatever pages report, and "delete all" empties it.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Finding, PageReport } from '../../src/shared/model';
import {
  MAX_HISTORY_CHARS,
  MAX_HISTORY_ENTRIES,
  MAX_RECORD_CHARS,
  clearHistory,
  historyRecordFor,
  listHistory,
  upsertHistory,
} from '../../src/store/history';
import { getDb } from '../../src/store/db';
import { freshDb } from './fresh-db';

function hostileFinding(i: number): Finding {
  return {
    category: `category-${'x'.repeat(50)}-${i}`,
    source: 'field',
    required: true,
    necessity: 'unnecessary',
    ruleId: 'r',
    // Each evidence string is as long as a label can be and different, so none are deduplicated.
    evidence: `${i}:` + 'L'.repeat(5_000),
    api: null,
    frameUrl: 'https://x.example/',
    element: null,
    tier: 2,
    penalty: 1,
  };
}

function hostileReport(path: string): PageReport {
  return {
    url: `https://${'sub.'.repeat(50)}shop.example/${path}/${'p'.repeat(3_000)}?q=1`,
    grade: 'E',
    score: 10,
    pageKind: 'checkout',
    serviceKind: 'shop',
    findings: Array.from({ length: 200 }, (_, i) => hostileFinding(i)),
    ruleset: 'x@1',
    updatedAt: 1,
  };
}

async function storedChars(): Promise<{ count: number; chars: number; largest: number }> {
  const all = await (await getDb()).getAll('history');
  const sizes = all.map((r) => JSON.stringify(r).length);
  return { count: all.length, chars: sizes.reduce((a, b) => a + b, 0), largest: Math.max(0, ...sizes) };
}

beforeEach(freshDb);

describe('history bounds', () => {
  it('a record never exceeds MAX_RECORD_CHARS, however long the page makes its URL, labels and categories', () => {
    const record = historyRecordFor(hostileReport('a'), 1)!;
    expect(JSON.stringify(record).length).toBeLessThanOrEqual(MAX_RECORD_CHARS);
    expect(record.evidence.length).toBeGreaterThan(0); // trimmed, not emptied
    expect(record.url).not.toContain('?');
  });

  it('keeps at most MAX_HISTORY_ENTRIES entries and MAX_HISTORY_CHARS characters, dropping the oldest', async () => {
    const total = MAX_HISTORY_ENTRIES + 50;
    for (let i = 0; i < total; i++) await upsertHistory(hostileReport(`page-${i}`), 1_000 + i);
    const { count, chars, largest } = await storedChars();
    expect(count).toBe(MAX_HISTORY_ENTRIES);
    expect(largest).toBeLessThanOrEqual(MAX_RECORD_CHARS);
    expect(chars).toBeLessThanOrEqual(MAX_HISTORY_CHARS);
    const seen = (await listHistory()).map((e) => e.seenAt);
    expect(Math.min(...seen)).toBe(1_000 + 50); // the 50 oldest went
    expect(Math.max(...seen)).toBe(1_000 + total - 1);
  }, 120_000);

  it('revisiting the same page updates its one entry instead of adding more', async () => {
    for (let i = 0; i < 100; i++) await upsertHistory(hostileReport('same'), i);
    expect((await storedChars()).count).toBe(1);
  });

  it('delete all empties the history and it fills again afterwards', async () => {
    for (let i = 0; i < 20; i++) await upsertHistory(hostileReport(`p${i}`), i);
    expect((await listHistory()).length).toBe(20);
    await clearHistory();
    expect(await listHistory()).toEqual([]);
    expect((await storedChars()).count).toBe(0);
    await upsertHistory(hostileReport('after'), 99);
    expect((await listHistory()).map((e) => e.seenAt)).toEqual([99]);
  });
});
