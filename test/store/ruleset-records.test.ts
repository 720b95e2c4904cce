import { beforeEach, describe, expect, it } from 'vitest';
import {
  deleteStoredRuleset,
  getStoredRuleset,
  listStoredRulesets,
  putStoredRuleset,
  reorderStoredRulesets,
  updateStoredRuleset,
  type StoredRuleset,
} from '../../src/store/ruleset-records';
import { closeDb } from '../../src/store/db';
import { freshDb } from './fresh-db';

const row = (id: string, order: number, extra: Partial<StoredRuleset> = {}): StoredRuleset => ({
  id,
  source: 'local',
  enabled: true,
  order,
  text: `{"id":"${id}"}\n`,
  fetchedAt: 1,
  addedAt: order,
  ...extra,
});

beforeEach(freshDb);

describe('ruleset store', () => {
  it('keeps the exact text and lists by precedence', async () => {
    await putStoredRuleset(row('b', 2, { text: '{ "id" : "b" }\r\n\t' }));
    await putStoredRuleset(row('a', 1));
    expect((await listStoredRulesets()).map((r) => r.id)).toEqual(['a', 'b']);
    expect((await getStoredRuleset('b'))?.text).toBe('{ "id" : "b" }\r\n\t');
    expect(await getStoredRuleset('nope')).toBeNull();
  });

  it('survives a worker restart (a new connection reads the same rows)', async () => {
    await putStoredRuleset(row('a', 0));
    await closeDb();
    expect((await getStoredRuleset('a'))?.order).toBe(0);
  });

  it('updates one record in a transaction and reports a missing one', async () => {
    await putStoredRuleset(row('a', 0));
    expect(await updateStoredRuleset('a', (r) => ({ ...r, enabled: false }))).toMatchObject({ id: 'a', enabled: false });
    expect((await getStoredRuleset('a'))?.enabled).toBe(false);
    expect(await updateStoredRuleset('zzz', (r) => r)).toBeNull();
  });

  it('reorders: listed ids first in the given order, the rest after in their old order', async () => {
    for (const [i, id] of ['a', 'b', 'c', 'd'].entries()) await putStoredRuleset(row(id, i));
    await reorderStoredRulesets(['c', 'a']);
    expect((await listStoredRulesets()).map((r) => [r.id, r.order])).toEqual([
      ['c', 0],
      ['a', 1],
      ['b', 2],
      ['d', 3],
    ]);
    await deleteStoredRuleset('c');
    expect((await listStoredRulesets()).map((r) => r.id)).toEqual(['a', 'b', 'd']);
  });
});
