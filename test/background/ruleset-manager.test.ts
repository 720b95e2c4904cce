import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { browser } from 'wxt/browser';
import { createRulesetManager, type AlarmsLike } from '../../src/background/ruleset-manager';
import { enabledRulesets } from '../../src/background/stored-rulesets';
import { alarmNameFor, JITTER, OVERDUE_DELAY_MS, sha256Hex } from '../../src/background/subscriptions';
import { bundledRuleset } from '../../src/engine/rules/builtin';
import { getStoredRuleset, listStoredRulesets, textFingerprint } from '../../src/store/ruleset-records';
import { freshDb } from '../store/fresh-db';

const DAY = 24 * 60 * 60 * 1000;
const CORE = bundledRuleset().id;

/** A partial ruleset on top of the bundled one: shops may ask for gender. Formatted oddly on purpose (export must keep it). */
const genderText = (version = '1.0.0', level = 'necessary') =>
  `{"formatVersion":1,"id":"test.gender","title":{"en":"Gender ok"},"version":"${version}",\n  "expires":"2 days","languages":["en"],"categories":[],"necessity":{"shop":{"gender":"${level}"}}}\n`;

/** A complete ruleset that can rate pages on its own. */
const standaloneText = JSON.stringify({
  formatVersion: 1,
  id: 'test.alone',
  title: { en: 'Alone' },
  version: '1',
  languages: ['en'],
  categories: [{ id: 'pet', tier: 1, name: { en: 'Pet' }, why: { en: 'w' }, whatToDo: { en: 'd' } }],
  necessity: { other: { pet: 'unnecessary' } },
  fieldRules: [{ id: 'pet.name', category: 'pet', autocomplete: ['x-pet'] }],
});

const redosText = genderText('1.0.1').replace(
  '"categories":[]',
  '"categories":[],"fieldRules":[{"id":"slow","category":"gender","text":"(a+)+$"}]',
);

function fakeAlarms() {
  const alarms = new Map<string, number>();
  const api: AlarmsLike = {
    create: (name, { when }) => void alarms.set(name, when),
    clear: async (name) => alarms.delete(name),
    get: async (name) => (alarms.has(name) ? { name, scheduledTime: alarms.get(name)! } : undefined),
  };
  return { api, alarms };
}

function setup(opts: { body?: () => string | Promise<Response>; random?: number } = {}) {
  let now = 1_000_000_000;
  const { api, alarms } = fakeAlarms();
  const onChange = vi.fn();
  const fetchFn = vi.fn(async () => {
    const body = opts.body?.() ?? '';
    return typeof body === 'string' ? new Response(body) : body;
  });
  const manager = createRulesetManager({
    alarms: api,
    onChange,
    active: async () => bundledRuleset(),
    now: () => now,
    random: () => opts.random ?? 0.5,
    download: { fetchFn: fetchFn as unknown as typeof fetch },
  });
  return { manager, alarms, onChange, fetchFn, advance: (ms: number) => void (now += ms), now: () => now };
}

beforeEach(freshDb);

describe('importing', () => {
  it('previews a file without storing anything: summary, changes against the active set, and its sha256', async () => {
    const { manager, onChange } = setup();
    const preview = await manager.previewText(genderText());
    expect(preview.ok).toBe(true);
    if (!preview.ok) return;
    expect(preview.summary).toMatchObject({ id: 'test.gender', version: '1.0.0', standalone: false });
    expect(preview.changes.necessity).toEqual([{ serviceKind: 'shop', category: 'gender', from: 'unnecessary', to: 'necessary' }]);
    expect(preview.sha256).toBe(await sha256Hex(new TextEncoder().encode(genderText())));
    expect(preview.replaces).toBeNull();
    expect(await listStoredRulesets()).toEqual([]);
    expect(onChange).not.toHaveBeenCalled();
  });

  it('rejects an invalid or ReDoS ruleset whole, with paths and reasons, storing nothing', async () => {
    const { manager } = setup();
    const redos = await manager.previewText(redosText);
    expect(redos.ok).toBe(false);
    if (!redos.ok) expect(redos.errors.map((e) => e.path)).toContain('$.fieldRules[0].text');
    const added = await manager.add({ text: '{"formatVersion":1,', source: 'local' });
    expect(added.ok).toBe(false);
    if (!added.ok) expect(added.errors[0]).toMatchObject({ path: '$' });
    expect((await manager.previewText(genderText().replace('test.gender', CORE))).ok).toBe(false); // the bundled id is taken
    expect(await listStoredRulesets()).toEqual([]);
  });

  it('stores the exact text, makes it active on top of the bundled one, and exports it byte for byte', async () => {
    const { manager, onChange } = setup();
    const added = await manager.add({ text: genderText(), source: 'local' });
    expect(added.ok).toBe(true);
    expect(onChange).toHaveBeenCalledTimes(1);
    expect((await enabledRulesets()).map((r) => r.id)).toEqual([CORE, 'test.gender']);
    expect(await manager.exportText('test.gender')).toEqual({ filename: 'test.gender.json', text: genderText() });
    expect(JSON.parse((await manager.exportText(CORE))!.text)).toEqual(bundledRuleset().source);
    expect((await manager.list()).map((r) => [r.id, r.source, r.enabled])).toEqual([
      [CORE, 'bundled', true],
      ['test.gender', 'local', true],
    ]);
  });

  it('replaces a ruleset with the same id, keeping its switch and place', async () => {
    const { manager } = setup();
    await manager.add({ text: genderText(), source: 'local' });
    await manager.add({ text: standaloneText, source: 'local' });
    await manager.setEnabled('test.gender', false);
    const preview = await manager.previewText(genderText('2.0.0'));
    expect(preview.ok && preview.replaces).toEqual({ source: 'local', version: '1.0.0' });
    await manager.add({ text: genderText('2.0.0'), source: 'local' });
    const list = await manager.list();
    expect(list.map((r) => [r.id, r.version, r.enabled])).toEqual([
      [CORE, expect.any(String), true],
      ['test.gender', '2.0.0', false],
      ['test.alone', '1', true],
    ]);
  });
});

describe('switching, order and removal', () => {
  it('keeps pages rated: the bundled ruleset goes off only while a complete one is on, and is never removed', async () => {
    const { manager } = setup();
    await manager.add({ text: genderText(), source: 'local' });
    expect(await manager.setEnabled(CORE, false)).toEqual({ ok: false, reason: 'would-leave-no-complete-ruleset' });
    expect(await manager.remove(CORE)).toEqual({ ok: false, reason: 'bundled-cannot-be-removed' });
    await manager.add({ text: standaloneText, source: 'local' });
    expect(await manager.setEnabled(CORE, false)).toEqual({ ok: true });
    expect((await enabledRulesets()).map((r) => r.id)).toEqual(['test.gender', 'test.alone']);
    expect(await manager.remove(CORE)).toEqual({ ok: false, reason: 'bundled-cannot-be-removed' });
    // The complete one cannot go while it is the only one.
    expect(await manager.setEnabled('test.alone', false)).toEqual({ ok: false, reason: 'would-leave-no-complete-ruleset' });
    expect(await manager.remove('test.alone')).toEqual({ ok: false, reason: 'would-leave-no-complete-ruleset' });
    await manager.setEnabled(CORE, true);
    expect(await manager.remove('test.alone')).toEqual({ ok: true });
    expect((await enabledRulesets()).map((r) => r.id)).toEqual([CORE, 'test.gender']);
  });

  it('reorders the user rulesets (precedence) and rejects an order that names unknown ones', async () => {
    const { manager } = setup();
    await manager.add({ text: genderText(), source: 'local' });
    await manager.add({ text: standaloneText, source: 'local' });
    expect(await manager.reorder(['test.alone', 'test.gender'])).toEqual({ ok: true });
    expect((await enabledRulesets()).map((r) => r.id)).toEqual([CORE, 'test.alone', 'test.gender']);
    expect(await manager.reorder(['test.alone'])).toEqual({ ok: false, reason: 'unknown-ruleset' });
    expect(await manager.reorder(['test.alone', 'nope'])).toEqual({ ok: false, reason: 'unknown-ruleset' });
  });

  it('leaves out a stored text that no longer validates, and says so in the list', async () => {
    const { manager } = setup();
    await manager.add({ text: genderText(), source: 'local' });
    const { putStoredRuleset } = await import('../../src/store/ruleset-records');
    await putStoredRuleset({ ...(await getStoredRuleset('test.gender'))!, text: redosText });
    expect((await enabledRulesets()).map((r) => r.id)).toEqual([CORE]);
    expect((await manager.list())[1].lastError?.code).toBe('stale');
  });
});

describe('subscriptions', () => {
  const URL_ = 'https://lists.example.org/gender.json';

  it('downloads on preview, checks the pin, and schedules the next check on expires + jitter', async () => {
    const { manager, alarms, now, fetchFn } = setup({ body: () => genderText(), random: 0.5 });
    const pin = await sha256Hex(new TextEncoder().encode(genderText()));
    const wrongPin = await manager.previewUrl(URL_, 'a'.repeat(64));
    expect(wrongPin.ok).toBe(false);
    const preview = await manager.previewUrl(URL_, pin.toUpperCase());
    expect(preview.ok && preview.text).toBe(genderText());
    expect(fetchFn).toHaveBeenCalledTimes(2);
    const added = await manager.add({ text: genderText(), source: 'subscribed', url: URL_, sha256Pin: pin });
    expect(added.ok).toBe(true);
    const when = alarms.get(alarmNameFor('test.gender'))!;
    expect(when).toBe(now() + 2 * DAY * (1 + 0.5 * JITTER)); // "2 days" plus half the jitter
    expect(await manager.add({ text: genderText(), source: 'subscribed', url: 'http://lists.example.org/x' })).toMatchObject({ ok: false });
    expect(await manager.add({ text: genderText('9'), source: 'subscribed', url: URL_, sha256Pin: pin })).toMatchObject({ ok: false });
  });

  it('applies a valid update and asks for a rescore only when the text changed', async () => {
    let body = genderText();
    const { manager, onChange, advance } = setup({ body: () => body });
    await manager.add({ text: body, source: 'subscribed', url: URL_ });
    onChange.mockClear();
    advance(DAY);
    await manager.update('test.gender');
    expect(onChange).not.toHaveBeenCalled();
    body = genderText('1.1.0', 'conditional');
    await manager.handleAlarm(alarmNameFor('test.gender'));
    expect(onChange).toHaveBeenCalledTimes(1);
    expect((await getStoredRuleset('test.gender'))?.text).toBe(body);
    expect((await getStoredRuleset('test.gender'))?.lastError).toBeUndefined();
  });

  it('keeps the last good copy when an update fails, is invalid, is another ruleset or breaks the pin', async () => {
    let reply: () => string | Promise<Response> = () => genderText();
    const { manager, onChange, alarms, advance, now } = setup({ body: () => reply() });
    const pin = await sha256Hex(new TextEncoder().encode(genderText()));
    await manager.add({ text: genderText(), source: 'subscribed', url: URL_ });
    onChange.mockClear();
    const cases: [() => string | Promise<Response>, string][] = [
      [() => Promise.reject(new TypeError('Failed to fetch')), 'network'],
      [() => new Response('gone', { status: 410 }) as unknown as Promise<Response>, 'http'],
      [() => redosText, 'invalid'],
      [() => '{ "formatVersion": 1, ', 'invalid'],
      [() => genderText().replace('test.gender', 'test.other'), 'other-id'],
    ];
    for (const [body, code] of cases) {
      reply = body;
      advance(DAY);
      const info = await manager.update('test.gender');
      expect(info?.lastError?.code, code).toBe(code);
      expect(info?.lastChecked).toBe(now());
      const stored = await getStoredRuleset('test.gender');
      expect(stored?.text).toBe(genderText());
      // Still scheduled: a failed check is retried on the normal schedule.
      expect(alarms.get(alarmNameFor('test.gender'))).toBeGreaterThan(now());
    }
    expect((await manager.update('test.gender'))?.lastError?.errors?.[0]).toBeUndefined(); // last case: no validation errors
    reply = () => redosText;
    expect((await manager.update('test.gender'))?.lastError?.errors?.map((e) => e.path)).toContain('$.fieldRules[0].text');
    // A pinned subscription refuses any other bytes.
    await manager.add({ text: genderText(), source: 'subscribed', url: URL_, sha256Pin: pin });
    reply = () => genderText('1.0.1');
    expect((await manager.update('test.gender'))?.lastError?.code).toBe('pin');
    expect(onChange).toHaveBeenCalledTimes(1); // only the re-add above
    expect((await enabledRulesets()).find((r) => r.id === 'test.gender')?.version).toBe('1.0.0');
  });

  it('recreates missing alarms at start-up, overdue ones shortly after', async () => {
    const { manager, alarms, advance, now } = setup({ body: () => genderText(), random: 0 });
    await manager.add({ text: genderText(), source: 'subscribed', url: URL_ });
    alarms.clear();
    advance(30 * DAY);
    await manager.ensureAlarms();
    expect(alarms.get(alarmNameFor('test.gender'))).toBe(now() + OVERDUE_DELAY_MS);
    await manager.remove('test.gender');
    expect(alarms.size).toBe(0);
  });
});

describe('start-up without validating again', () => {
  const asVersion = (version: string) =>
    vi.spyOn(browser.runtime, 'getManifest').mockReturnValue({ version } as ReturnType<typeof browser.runtime.getManifest>);
  afterEach(() => vi.restoreAllMocks());

  it('stores the validated form with the version that checked it, and uses it as stored on start-up', async () => {
    asVersion('1.2.3');
    const { manager } = setup();
    await manager.add({ text: genderText(), source: 'local' });
    const row = (await getStoredRuleset('test.gender'))!;
    expect(row.checked).toMatchObject({
      by: '1.2.3',
      textHash: textFingerprint(row.text),
      ruleset: { id: 'test.gender', version: '1.0.0' },
    });
    // A marked copy is taken as it is (here altered, to tell it from a freshly validated text).
    const { putStoredRuleset } = await import('../../src/store/ruleset-records');
    await putStoredRuleset({ ...row, checked: { ...row.checked!, ruleset: { ...row.checked!.ruleset, version: '7.7.7' } } });
    expect((await enabledRulesets()).find((r) => r.id === 'test.gender')?.version).toBe('7.7.7');
  });

  it('validates again a copy checked by another version, or whose text changed, and then remembers it', async () => {
    asVersion('1.2.3');
    const { manager } = setup();
    await manager.add({ text: genderText(), source: 'local' });
    const row = (await getStoredRuleset('test.gender'))!;
    const { putStoredRuleset } = await import('../../src/store/ruleset-records');
    const altered = { ...row.checked!.ruleset, version: '7.7.7' };
    await putStoredRuleset({ ...row, checked: { ...row.checked!, by: '1.0.0', ruleset: altered } });
    expect((await enabledRulesets()).find((r) => r.id === 'test.gender')?.version).toBe('1.0.0');
    await vi.waitFor(async () => expect((await getStoredRuleset('test.gender'))?.checked?.by).toBe('1.2.3'));
    // Same version, different text: the text wins (a stored text that no longer validates is left out).
    await putStoredRuleset({ ...row, text: redosText, checked: { ...row.checked!, ruleset: altered } });
    expect((await enabledRulesets()).map((r) => r.id)).toEqual([CORE]);
  });
});
