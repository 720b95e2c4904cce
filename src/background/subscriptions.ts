/**
 * Subscriptions: when to check a subscribed ruleset for an update, and how to download it. These
 * downloads are the only network requests the extension ever makes, and only to URLs the user added:
 * no cookies, no cache, no redirects, a size cap and a timeout.
 */
import { MAX_RULESET_BYTES } from '../engine/rules/validate';
import { checkSubscriptionUrl, type ProblemCode } from '../shared/subscription';

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
export const DEFAULT_EXPIRES_MS = 4 * DAY_MS;
/** Hourly at most (be kind to volunteers' servers), fortnightly at least (stale lists miss new tricks). */
export const MIN_EXPIRES_MS = HOUR_MS;
export const MAX_EXPIRES_MS = 14 * DAY_MS;
/** Up to 25 % later than due, so many browsers do not ask a list's server at the same moment. */
export const JITTER = 0.25;
export const DOWNLOAD_TIMEOUT_MS = 20_000;
/** Overdue checks (the browser was closed) run soon after start-up, not all in the same second. */
export const OVERDUE_DELAY_MS = 60_000;

const ALARM_PREFIX = 'ruleset-update:';

/** How long a copy stays fresh: the ruleset's `expires` ("12 hours", "4 days"), clamped; 4 days when absent. */
export function expiresMs(expires: string | undefined): number {
  const m = expires ? /^(\d{1,3}) (hour|day)s?$/.exec(expires) : null;
  if (!m) return DEFAULT_EXPIRES_MS;
  const ms = Number(m[1]) * (m[2] === 'hour' ? HOUR_MS : DAY_MS);
  return Math.min(MAX_EXPIRES_MS, Math.max(MIN_EXPIRES_MS, ms));
}

/** When to check next: one freshness period after the last check, plus 0–25 % jitter. */
export function nextCheckAt(lastChecked: number, freshMs: number, random: () => number = Math.random): number {
  const jitter = Math.min(Math.max(random(), 0), 1) * JITTER;
  return Math.round(lastChecked + freshMs * (1 + jitter));
}

export function alarmNameFor(id: string): string {
  return ALARM_PREFIX + id;
}

/** The ruleset id an update alarm is for, or null for other alarms. */
export function rulesetIdFromAlarm(name: string): string | null {
  return name.startsWith(ALARM_PREFIX) ? name.slice(ALARM_PREFIX.length) : null;
}

/** Lower-case hex sha256 of the raw bytes, as users write pins. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A pin as users may paste it ("sha256-…" prefixes and upper case accepted), or null when malformed. */
export function normalizePin(pin: string): string | null {
  const hex = pin
    .trim()
    .replace(/^sha256[-:]/i, '')
    .toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

export type Download = { ok: true; text: string; sha256: string } | { ok: false; code: ProblemCode; message: string };

export interface DownloadOptions {
  fetchFn?: typeof fetch;
  timeoutMs?: number;
  maxBytes?: number;
}

/** Downloads a ruleset's text. Never throws: every failure is a plain message for the options page. */
export async function downloadRuleset(url: string, opts: DownloadOptions = {}): Promise<Download> {
  const { fetchFn = fetch, timeoutMs = DOWNLOAD_TIMEOUT_MS, maxBytes = MAX_RULESET_BYTES } = opts;
  const checked = checkSubscriptionUrl(url);
  if (!checked.ok) return { ok: false, code: 'address', message: `The address ${checked.reason}.` };
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  try {
    const response = await fetchFn(checked.url, {
      credentials: 'omit',
      cache: 'no-store',
      // Only the URL the user added: a redirect could lead anywhere.
      redirect: 'error',
      referrerPolicy: 'no-referrer',
      signal: abort.signal,
    });
    if (!response.ok)
      return { ok: false, code: 'http', message: `The server answered ${response.status} ${response.statusText}`.trim() + '.' };
    const bytes = await readCapped(response, maxBytes);
    if (!bytes)
      return {
        ok: false,
        code: 'too-large',
        message: `The file is larger than ${Math.round(maxBytes / 1024)} KiB, the most a ruleset may be.`,
      };
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return { ok: false, code: 'encoding', message: 'The file is not UTF-8 text.' };
    }
    return { ok: true, text, sha256: await sha256Hex(bytes) };
  } catch (error) {
    if (abort.signal.aborted)
      return { ok: false, code: 'timeout', message: `The server did not answer within ${Math.round(timeoutMs / 1000)} seconds.` };
    return { ok: false, code: 'network', message: `The download failed: ${error instanceof Error ? error.message : 'network error'}.` };
  } finally {
    clearTimeout(timer);
  }
}

/** The body, or null as soon as it passes `maxBytes` (the rest is never downloaded). */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array | null> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!response.body) {
    const whole = new Uint8Array(await response.arrayBuffer());
    return whole.length > maxBytes ? null : whole;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
