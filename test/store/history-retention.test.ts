import { beforeEach, describe, expect, it } from 'vitest';
import type { HistoryEntry, PageReport } from '../../src/shared/model';
import { deleteHistoryEntry, filterHistory, listHistory, pruneHistory, upsertHistory } from '../../src/store/history';
import { updateSettings } from '../../src/store/settings';
import { freshDb } from './fresh-db';

const DAY = 24 * 60 * 60 * 1000;
const NOW = 400 * DAY;

function report(url: string, categories: string[], evidence = 'Date of birth'): PageReport {
  return {
    url,
    grade: 'C',
    score: 70,
    pageKind: 'checkout',
    serviceKind: 'shop',
    findings: categories.map((category) => ({
      category,
      source: 'field',
      required: true,
      necessity: 'unnecessary',
      ruleId: `${category}.r`,
      evidence: `${evidence} (${category})`,
      api: null,
      frameUrl: url,
      element: null,
      tier: 2,
      penalty: 10,
    })),
    ruleset: 'x@1',
    updatedAt: 0,
  };
}

beforeEach(freshDb);

describe('history retention', () => {
  it('drops entries older than the retention period on every write (the user setting by default)', async () => {
    await updateSettings({ historyRetentionDays: 7 });
    await upsertHistory(report('https://old.example/a', ['gender']), NOW - 8 * DAY);
    await upsertHistory(report('https://recent.example/a', ['gender']), NOW - 6 * DAY);
    expect((await listHistory()).map((e) => e.site)).toEqual(['recent.example', 'old.example']); // nothing older than 7 days at that time
    await upsertHistory(report('https://new.example/a', ['phone']), NOW);
    expect((await listHistory()).map((e) => e.site)).toEqual(['new.example', 'recent.example']);
  });

  it('prunes on demand (the daily alarm, or a shorter setting) and says how many went', async () => {
    for (const [i, age] of [1, 20, 40, 100].entries())
      await upsertHistory(report(`https://s${i}.example/`, ['phone']), NOW - age * DAY, 365);
    expect(await pruneHistory(NOW, 30)).toBe(2);
    expect((await listHistory()).map((e) => e.site)).toEqual(['s0.example', 's1.example']);
    expect(await pruneHistory(NOW, 30)).toBe(0);
  });
});

describe('deleting and filtering history', () => {
  it('deletes one entry by site and page, leaving the others', async () => {
    await upsertHistory(report('https://shop.example/a', ['phone']), NOW, 30);
    await upsertHistory(report('https://shop.example/b', ['gender']), NOW, 30);
    const [first] = await listHistory();
    await deleteHistoryEntry(first);
    expect((await listHistory()).length).toBe(1);
    expect((await listHistory())[0].url).not.toBe(first.url);
  });

  it('filters by text (site, URL or evidence, any case) and by category', () => {
    const entries: HistoryEntry[] = [
      {
        site: 'shop.example',
        url: 'https://shop.example/checkout',
        grade: 'C',
        serviceKind: 'shop',
        categories: ['gender', 'phone'],
        evidence: ['"Gender"'],
        seenAt: 2,
      },
      {
        site: 'food.example',
        url: 'https://food.example/pay',
        grade: 'B',
        serviceKind: 'food',
        categories: ['precise_location'],
        evidence: ['geolocation'],
        seenAt: 1,
      },
    ];
    expect(filterHistory(entries, {})).toEqual(entries);
    expect(filterHistory(entries, { text: 'FOOD' }).map((e) => e.site)).toEqual(['food.example']);
    expect(filterHistory(entries, { text: 'checkout' }).map((e) => e.site)).toEqual(['shop.example']);
    expect(filterHistory(entries, { text: 'geoloc' }).map((e) => e.site)).toEqual(['food.example']);
    expect(filterHistory(entries, { category: 'phone' }).map((e) => e.site)).toEqual(['shop.example']);
    expect(filterHistory(entries, { category: 'phone', text: 'food' })).toEqual([]);
  });
});
