import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Finding, PageReport } from '../../src/shared/model';
import { MAX_HISTORY_ENTRIES, historyRecordFor, listHistory, upsertHistory } from '../../src/store/history';
import { settingsSiteOf as siteOf } from '../../src/shared/site';
import { getDb } from '../../src/store/db';
import { freshDb } from './fresh-db';

function finding(category: string, evidence: string): Finding {
  return {
    category,
    source: 'field',
    required: true,
    necessity: 'unnecessary',
    ruleId: `${category}.label`,
    evidence,
    api: null,
    frameUrl: 'https://shop.example/checkout',
    element: { tag: 'input', type: 'text', id: category, name: category, autocomplete: '', selector: `#${category}` },
    tier: 2,
    penalty: 12,
  };
}

function report(url: string, findings: Finding[] = [finding('birthdate', '"Date of birth" (input name="dob")')]): PageReport {
  return {
    url,
    grade: findings.length ? 'C' : 'not-rated',
    score: findings.length ? 70 : null,
    pageKind: 'checkout',
    serviceKind: 'shop',
    findings,
    ruleset: 'need-to-know.core@2026.11.26',
    updatedAt: 1,
  };
}

beforeEach(freshDb);

describe('history records', () => {
  it('keep categories and evidence only, and drop query strings and fragments', () => {
    const record = historyRecordFor(report('https://m.bigshop.co.uk/checkout?email=canary-7f3a91%40example.com#step2'), 1000)!;
    expect(record).toMatchObject({
      site: 'bigshop.co.uk',
      url: 'https://m.bigshop.co.uk/checkout',
      grade: 'C',
      serviceKind: 'shop',
      categories: ['birthdate'],
      evidence: ['"Date of birth" (input name="dob")'],
      seenAt: 1000,
    });
    expect(JSON.stringify(record)).not.toContain('canary');
  });

  it('are not made for pages without findings', () => {
    expect(historyRecordFor(report('https://shop.example/', []))).toBeNull();
  });

  it('name IP addresses and local files sensibly', () => {
    expect(siteOf(new URL('http://127.0.0.1:8080/shop-checkout.html'))).toBe('127.0.0.1');
    expect(siteOf(new URL('file:///tmp/a.html'))).toBe('file');
  });
});

describe('history store', () => {
  it('keeps one entry per site and path, newest first', async () => {
    await upsertHistory(report('https://shop.example/checkout?step=1'), 1);
    await upsertHistory(report('https://food.example/order'), 2);
    await upsertHistory(report('https://shop.example/checkout?step=2', [finding('gender', '"Gender" (select name="gender")')]), 3);
    const all = await listHistory();
    expect(all.map((e) => e.url)).toEqual(['https://shop.example/checkout', 'https://food.example/order']);
    expect(all[0].categories).toEqual(['gender']);
    expect(all[0].seenAt).toBe(3);
    expect(await listHistory('food.example')).toHaveLength(1);
    expect(all[0]).not.toHaveProperty('key');
  });

  it(`is bounded to ${MAX_HISTORY_ENTRIES} entries, dropping the oldest`, async () => {
    const db = await getDb();
    // Fill to the cap directly (fast), then let upsertHistory push it over.
    const tx = db.transaction('history', 'readwrite');
    for (let i = 0; i < MAX_HISTORY_ENTRIES; i++) {
      void tx.store.put({ ...historyRecordFor(report(`https://shop.example/p${i}`), 100 + i)! });
    }
    await tx.done;
    await upsertHistory(report('https://new.example/a'), 10_000);
    await upsertHistory(report('https://new.example/b'), 10_001);
    const all = await listHistory();
    expect(all).toHaveLength(MAX_HISTORY_ENTRIES);
    const urls = new Set(all.map((e) => e.url));
    expect(urls.has('https://shop.example/p0')).toBe(false);
    expect(urls.has('https://shop.example/p1')).toBe(false);
    expect(urls.has('https://shop.example/p2')).toBe(true);
    expect(all[0].url).toBe('https://new.example/b');
  });

  it('survives a worker restart', async () => {
    await upsertHistory(report('https://shop.example/checkout'), 5);
    vi.resetModules();
    const restarted = await import('../../src/store/history');
    expect((await restarted.listHistory()).map((e) => e.url)).toEqual(['https://shop.example/checkout']);
  });
});
