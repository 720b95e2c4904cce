import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_NAME, DB_VERSION, getDb } from '../../src/store/db';
import { loadTab, saveTab, deleteTab, allTabs, type TabState } from '../../src/store/tabs';
import { freshDb } from './fresh-db';

function tab(tabId: number, topUrl = 'https://shop.example/checkout'): TabState {
  return {
    tabId,
    topUrl,
    frames: {
      0: {
        docId: 'd1',
        frameUrl: topUrl,
        page: { url: topUrl, title: 'Checkout', lang: 'en', text: 'Pay now', scriptHosts: [] },
        fields: [],
        apis: [{ api: 'geolocation.getCurrentPosition', highAccuracy: true }],
      },
    },
    report: null,
    updatedAt: 1,
  };
}

beforeEach(freshDb);

describe('the database', () => {
  it('is created at version 2 with the tabs, history, settings and rulesets stores', async () => {
    const db = await getDb();
    expect(db.name).toBe(DB_NAME);
    expect(db.version).toBe(DB_VERSION);
    expect(DB_VERSION).toBe(2);
    expect([...db.objectStoreNames].sort()).toEqual(['history', 'rulesets', 'settings', 'tabs']);
    const tx = db.transaction('history');
    expect([...tx.store.indexNames].sort()).toEqual(['seenAt', 'site']);
  });
});

describe('tab repository', () => {
  it('saves, loads, lists and deletes tab states', async () => {
    await saveTab(tab(1));
    await saveTab(tab(2, 'https://food.example/'));
    expect(await loadTab(1)).toEqual(tab(1));
    expect((await allTabs()).map((t) => t.tabId).sort()).toEqual([1, 2]);
    await deleteTab(1);
    expect(await loadTab(1)).toBeNull();
    expect((await allTabs()).map((t) => t.tabId)).toEqual([2]);
  });

  it('survives a worker restart: a fresh module instance reads the same database', async () => {
    await saveTab(tab(5));
    vi.resetModules();
    const restarted = await import('../../src/store/tabs');
    expect(await restarted.loadTab(5)).toEqual(tab(5));
  });
});
