import { describe, expect, it, vi } from 'vitest';
import {
  alarmNameFor,
  DEFAULT_EXPIRES_MS,
  downloadRuleset,
  expiresMs,
  JITTER,
  MAX_EXPIRES_MS,
  MIN_EXPIRES_MS,
  nextCheckAt,
  normalizePin,
  rulesetIdFromAlarm,
  sha256Hex,
} from '../../src/background/subscriptions';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe('update schedule', () => {
  it('reads expires, defaults to 4 days and clamps to 1 hour – 14 days', () => {
    expect(expiresMs(undefined)).toBe(DEFAULT_EXPIRES_MS);
    expect(DEFAULT_EXPIRES_MS).toBe(4 * DAY);
    expect(expiresMs('12 hours')).toBe(12 * HOUR);
    expect(expiresMs('1 day')).toBe(DAY);
    expect(expiresMs('3 days')).toBe(3 * DAY);
    expect(expiresMs('0 hours')).toBe(MIN_EXPIRES_MS);
    expect(expiresMs('90 days')).toBe(MAX_EXPIRES_MS);
    expect(MAX_EXPIRES_MS).toBe(14 * DAY);
    expect(expiresMs('soon')).toBe(DEFAULT_EXPIRES_MS);
  });

  it('adds 0–25 % jitter after the freshness period, never less and never more', () => {
    const last = 1_000_000;
    expect(nextCheckAt(last, DAY, () => 0)).toBe(last + DAY);
    expect(nextCheckAt(last, DAY, () => 0.999999)).toBeLessThanOrEqual(last + DAY * (1 + JITTER));
    expect(nextCheckAt(last, DAY, () => 0.5)).toBe(last + DAY * 1.125);
    // A broken random source cannot push it outside the bounds either.
    expect(nextCheckAt(last, DAY, () => 7)).toBe(last + DAY * (1 + JITTER));
    expect(nextCheckAt(last, DAY, () => -1)).toBe(last + DAY);
    for (let i = 0; i < 200; i++) {
      const at = nextCheckAt(last, 4 * DAY);
      expect(at).toBeGreaterThanOrEqual(last + 4 * DAY);
      expect(at).toBeLessThanOrEqual(last + 4 * DAY * (1 + JITTER));
    }
  });

  it('names update alarms by ruleset id and recognises only those', () => {
    expect(rulesetIdFromAlarm(alarmNameFor('de.shops'))).toBe('de.shops');
    expect(rulesetIdFromAlarm('history-retention')).toBeNull();
  });
});

describe('subscription pins', () => {
  it('hashes raw bytes as lower-case hex and accepts pins as users paste them', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const hex = 'BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD';
    expect(normalizePin(hex)).toBe(hex.toLowerCase());
    expect(normalizePin(`sha256-${hex}`)).toBe(hex.toLowerCase());
    expect(normalizePin('abc')).toBeNull();
  });
});

function response(body: BodyInit | null, init: ResponseInit = {}): Response {
  return new Response(body, { status: 200, ...init });
}

describe('downloadRuleset', () => {
  it('asks without cookies, cache, redirects or referrer, and returns the text and its sha256', async () => {
    const fetchFn = vi.fn(async () => response('{"id":"x"}'));
    const result = await downloadRuleset('https://lists.example.org/x.json', { fetchFn });
    expect(result).toEqual({ ok: true, text: '{"id":"x"}', sha256: await sha256Hex(new TextEncoder().encode('{"id":"x"}')) });
    const [url, init] = fetchFn.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('https://lists.example.org/x.json');
    expect(init).toMatchObject({ credentials: 'omit', cache: 'no-store', redirect: 'error', referrerPolicy: 'no-referrer' });
  });

  it('refuses addresses it may not fetch without making a request', async () => {
    const fetchFn = vi.fn();
    expect(await downloadRuleset('http://lists.example.org/x.json', { fetchFn })).toMatchObject({ ok: false, code: 'address' });
    expect(fetchFn).not.toHaveBeenCalled();
  });

  it('stops reading past the size cap, whether or not the server declares a length', async () => {
    const big = 'x'.repeat(2_000);
    expect(await downloadRuleset('https://a.example/x', { fetchFn: async () => response(big), maxBytes: 1_000 })).toMatchObject({
      ok: false,
      code: 'too-large',
    });
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(400));
      },
    });
    expect(await downloadRuleset('https://a.example/x', { fetchFn: async () => response(endless), maxBytes: 1_000 })).toMatchObject({
      ok: false,
      code: 'too-large',
    });
    expect(pulls).toBeLessThan(10);
  });

  it('reports HTTP errors, timeouts, network failures and non-UTF-8 bodies as plain messages', async () => {
    expect(
      await downloadRuleset('https://a.example/x', { fetchFn: async () => response('no', { status: 404, statusText: 'Not Found' }) }),
    ).toMatchObject({
      ok: false,
      code: 'http',
      message: 'The server answered 404 Not Found.',
    });
    const hang: typeof fetch = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));
    expect(await downloadRuleset('https://a.example/x', { fetchFn: hang, timeoutMs: 5 })).toMatchObject({ ok: false, code: 'timeout' });
    expect(
      await downloadRuleset('https://a.example/x', { fetchFn: async () => Promise.reject(new TypeError('Failed to fetch')) }),
    ).toMatchObject({
      ok: false,
      code: 'network',
    });
    expect(
      await downloadRuleset('https://a.example/x', { fetchFn: async () => response(new Uint8Array([0xff, 0xfe, 0x00])) }),
    ).toMatchObject({ ok: false, code: 'encoding' });
  });
});
