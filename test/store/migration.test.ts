/**
 * Opening the database: older versions are migrated, and a damaged database or one written by a
 * newer version of the extension is rebuilt — never a dead worker — while settings (storage.local)
 * are kept.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { openDB } from 'idb';
import { closeDb, DB_NAME, DB_VERSION, getDb } from '../../src/store/db';
import { loadTab, saveTab } from '../../src/store/tabs';
import { listHistory, upsertHistory } from '../../src/store/history';
import { getSettings, updateSettings } from '../../src/store/settings';
import { freshDb } from './fresh-db';
import { IDBFactory } from 'fake-indexeddb';
import { listStoredRulesets, putStoredRuleset, type StoredRuleset } from '../../src/store/ruleset-records';
import { readSubscriptionMirror } from '../../src/store/subscription-mirror';

const report = {
  url: 'https://shop.example/checkout',
  grade: 'C' as const,
  score: 70,
  pageKind: 'checkout',
  serviceKind: 'shop',
  findings: [
    {
      category: 'birthdate',
      source: 'field' as const,
      required: true,
      necessity: 'unnecessary' as const,
      ruleId: 'r',
      evidence: '"Date of birth"',
      api: null,
      frameUrl: 'https://shop.example/checkout',
      element: null,
      tier: 2,
      penalty: 10,
    },
  ],
  ruleset: 'x@1',
  updatedAt: 1,
};

async function everythingWorks(): Promise<void> {
  const db = await getDb();
  expect(db.version).toBe(DB_VERSION);
  expect((['history', 'settings', 'tabs', 'rulesets'] as const).every((s) => db.objectStoreNames.contains(s))).toBe(true);
  await saveTab({ tabId: 3, topUrl: report.url, frames: {}, report, updatedAt: 1 });
  expect((await loadTab(3))?.report?.grade).toBe('C');
  await upsertHistory(report, 5);
  expect((await listHistory()).map((e) => e.categories)).toEqual([['birthdate']]);
}

beforeEach(async () => {
  await freshDb();
  await updateSettings({ paused: true, historyRetentionDays: 7, sites: { 'shop.example': { ignored: true } } });
});

async function settingsKept(): Promise<void> {
  const s = await getSettings();
  expect(s.paused).toBe(true);
  expect(s.historyRetentionDays).toBe(7);
  expect(s.sites['shop.example']).toEqual({ ignored: true });
}

describe('opening the database', () => {
  it('creates a fresh one from nothing', async () => {
    await everythingWorks();
  });

  it('keeps the data of a database already at the current version', async () => {
    await everythingWorks();
    await closeDb();
    expect((await loadTab(3))?.report?.grade).toBe('C');
    expect((await listHistory()).length).toBe(1);
  });

  it('migrates a version-1 database to the current version and keeps its data', async () => {
    const v1 = await openDB(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore('tabs', { keyPath: 'tabId' });
        const history = db.createObjectStore('history', { keyPath: 'key' });
        history.createIndex('site', 'site');
        history.createIndex('seenAt', 'seenAt');
        db.createObjectStore('settings');
      },
    });
    await v1.put('tabs', { tabId: 9, topUrl: report.url, frames: {}, report, updatedAt: 1 });
    v1.close();
    expect((await getDb()).version).toBe(DB_VERSION);
    expect((await loadTab(9))?.report?.grade).toBe('C');
    await everythingWorks();
  });

  it('rebuilds a damaged database (right version, stores missing) and keeps settings', async () => {
    const broken = await openDB(DB_NAME, DB_VERSION, {
      upgrade(db) {
        db.createObjectStore('tabs', { keyPath: 'tabId' }); // no history, no settings
      },
    });
    broken.close();
    await everythingWorks();
    await settingsKept();
  });

  it('rebuilds a database written by a newer version of the extension (VersionError) and keeps settings', async () => {
    const newer = await openDB(DB_NAME, DB_VERSION + 5, {
      upgrade(db) {
        db.createObjectStore('somethingNew');
      },
    });
    newer.close();
    await everythingWorks();
    await settingsKept();
  });

  it('rebuilds a database whose stores exist but lack their indexes, and keeps settings', async () => {
    const odd = await openDB(DB_NAME, DB_VERSION, {
      upgrade(db) {
        db.createObjectStore('tabs', { keyPath: 'tabId' });
        db.createObjectStore('history', { keyPath: 'key' });
        db.createObjectStore('settings');
      },
    });
    odd.close();
    expect(await listHistory('shop.example')).toEqual([]);
    await everythingWorks();
    expect((await listHistory('shop.example')).length).toBe(1);
    await settingsKept();
  });

  it('after a rebuild a later open does not rebuild again (the data stays)', async () => {
    const broken = await openDB(DB_NAME, DB_VERSION, { upgrade: (db) => void db.createObjectStore('tabs', { keyPath: 'tabId' }) });
    broken.close();
    await everythingWorks();
    await closeDb();
    expect((await loadTab(3))?.report?.grade).toBe('C');
  });
});

const imported: StoredRuleset = {
  id: 'my-rules',
  source: 'local',
  enabled: true,
  order: 0,
  text: '{"id":"my-rules"}',
  fetchedAt: 4,
  addedAt: 4,
};
const subscribed: StoredRuleset = {
  id: 'city-list',
  source: 'subscribed',
  url: 'https://lists.example/city.json',
  sha256Pin: 'ab'.repeat(32),
  enabled: false,
  order: 1,
  text: '{"id":"city-list"}',
  fetchedAt: 5,
  addedAt: 5,
  lastChecked: 6,
};

describe("a rebuild keeps the user's rulesets", () => {
  it('reads them out of a database written by a newer version and puts them back', async () => {
    const newer = await openDB(DB_NAME, DB_VERSION + 5, {
      upgrade(db) {
        db.createObjectStore('rulesets', { keyPath: 'id' });
        db.createObjectStore('somethingNew');
      },
    });
    await newer.put('rulesets', imported);
    await newer.put('rulesets', subscribed);
    await newer.put('rulesets', { id: 'odd', source: 'from-the-future' }); // a shape we cannot read: dropped
    newer.close();
    await everythingWorks();
    expect(await listStoredRulesets()).toEqual([imported, subscribed]);
    await settingsKept();
  });

  it('reads them out of a damaged database (history store missing) and puts them back', async () => {
    const broken = await openDB(DB_NAME, DB_VERSION, {
      upgrade(db) {
        db.createObjectStore('tabs', { keyPath: 'tabId' });
        db.createObjectStore('rulesets', { keyPath: 'id' });
      },
    });
    await broken.put('rulesets', subscribed);
    broken.close();
    await everythingWorks();
    expect(await listStoredRulesets()).toEqual([subscribed]);
  });

  it('mirrors the subscription list, without texts, in storage.local', async () => {
    await putStoredRuleset(imported);
    await putStoredRuleset(subscribed);
    expect(await readSubscriptionMirror()).toEqual([
      { id: 'city-list', url: subscribed.url, sha256Pin: subscribed.sha256Pin, enabled: false, order: 1, addedAt: 5 },
    ]);
  });

  it('brings subscriptions back from the mirror when the database is lost, to be downloaded again', async () => {
    await putStoredRuleset(imported);
    await putStoredRuleset(subscribed);
    // The database is gone entirely (the browser discarded a corrupt one); storage.local is not.
    await closeDb();
    globalThis.indexedDB = new IDBFactory();
    const rows = await listStoredRulesets();
    expect(rows.map((r) => r.id)).toEqual(['city-list']);
    expect(rows[0]).toMatchObject({
      source: 'subscribed',
      url: subscribed.url,
      sha256Pin: subscribed.sha256Pin,
      enabled: false,
      order: 1,
      text: '',
      fetchedAt: 0,
    });
    expect(rows[0].lastChecked).toBeUndefined(); // so the next update alarm is due at once
    await everythingWorks();
  });

  it('brings subscriptions back from the mirror when a damaged database has no rulesets store', async () => {
    await putStoredRuleset(subscribed);
    await closeDb();
    globalThis.indexedDB = new IDBFactory();
    const broken = await openDB(DB_NAME, DB_VERSION, { upgrade: (db) => void db.createObjectStore('tabs', { keyPath: 'tabId' }) });
    broken.close();
    expect((await listStoredRulesets()).map((r) => [r.id, r.text])).toEqual([['city-list', '']]);
  });
});
