/**
 * Does an outgoing request carry a value the user typed? Pure matching, run in the page world only:
 * the values never leave it, only "which category, which encoding" does.
 *
 * Trackers send identifiers raw, URL-encoded, base64-encoded or hashed (MD5, SHA-1, SHA-256; hex or
 * base64), after the normalisations the ad platforms document for hashed matching (normalise.ts: phone
 * with country code, E.164, gmail without dots, YYYYMMDD…). We build the same forms and look for them in
 * the request's URL and body (nested JSON unescaped). Short values are never looked for as they are:
 * they would match by chance (false alarms are bugs); their hashes cannot.
 */
import type { NetworkEncoding } from '../shared/model';
import { md5Hex } from './md5';
import { platformForms } from './normalise';

export interface Secret {
  category: string;
  value: string;
}
export interface Match {
  category: string;
  encoding: NetworkEncoding;
}
/** SHA digest as lower-case hex; null when unavailable (no crypto.subtle outside secure contexts). */
export type Digest = (algorithm: 'SHA-1' | 'SHA-256', text: string) => Promise<string | null>;

/** Shorter values match too easily by chance. Phone numbers are compared as digits, and need more. */
export const MIN_VALUE_CHARS = 5;
const MIN_PHONE_DIGITS = 7;
/** A hash of a short value (a city, "19900101") cannot match by chance, but a value this short is not worth it. */
const MIN_HASHED_CHARS = 3;
/** Values are capped: a 10 KB "name" is not an identifier, and hashing it on every request is waste. */
const MAX_VALUE_CHARS = 200;
/** Work per request is bounded: at most this many forms are looked for (the most likely first). */
export const MAX_FORMS_PER_REQUEST = 96;

/** Categories looked for only as hashes. */
const HASHED_ONLY = new Set(['address']);

/** What the page tells us about its region: calling codes for phones typed without one. */
export interface MatchContext {
  callingCodes: readonly string[];
}
const NO_CONTEXT: MatchContext = { callingCodes: [] };

export interface ValueForms {
  /** Looked for as typed, URL-encoded and base64-encoded: long enough not to match by chance. */
  plain: string[];
  /** Looked for only as hashes (MD5, SHA-1, SHA-256; hex or base64). */
  hashed: string[];
}

/** The forms of one value that trackers send (see normalise.ts for whose specifications). */
export function valueForms(secret: Secret, context: MatchContext = NO_CONTEXT): ValueForms {
  const trimmed = secret.value.trim().slice(0, MAX_VALUE_CHARS);
  const forms = platformForms(secret.category, trimmed, context.callingCodes);
  const isPhone = secret.category === 'phone';
  const longEnough = (form: string) => (isPhone ? form.replace(/\D/g, '').length >= MIN_PHONE_DIGITS : form.length >= MIN_VALUE_CHARS);
  if (isPhone && !longEnough(trimmed)) return { plain: [], hashed: [] };
  return {
    // An address typed in plain goes to autocomplete and map services by design; trackers hash it.
    plain: HASHED_ONLY.has(secret.category) ? [] : forms.filter(longEnough),
    hashed: forms.filter((f) => f.length >= MIN_HASHED_CHARS && (!isPhone || longEnough(f))),
  };
}

/** The forms looked for as they are (kept for callers that want the plain list). */
export function normalisedForms(secret: Secret, context: MatchContext = NO_CONTEXT): string[] {
  return valueForms(secret, context).plain;
}

/**
 * Base64 of `text` as it appears inside a longer base64 string: the encoding of a substring depends on
 * its byte offset mod 3, so we take all three alignments and keep only the characters fixed by the text.
 */
export function base64Needles(text: string): string[] {
  const bytes = Array.from(new TextEncoder().encode(text), (b) => String.fromCharCode(b)).join('');
  const out: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const encoded = btoa('\0'.repeat(pad) + bytes);
    const needle = encoded.slice(Math.ceil((pad * 8) / 6), Math.floor(((pad + bytes.length) * 8) / 6));
    if (needle.length >= 6) out.push(needle, needle.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** A digest's hex as standard base64 without padding (how some SDKs send a SHA-256). */
function hexToBase64(hex: string): string {
  let bytes = '';
  for (let i = 0; i + 1 < hex.length; i += 2) bytes += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  return btoa(bytes).replace(/=+$/, '');
}

type Hashed = [encoding: NetworkEncoding, hex: string, base64: string];

/**
 * Hashes per digest function and form: computed once per value (a page sends many requests while the
 * values stay the same; a changed value is a new form), bounded so a page cannot grow it without end.
 */
const hashCaches = new WeakMap<Digest, Map<string, Promise<Hashed[]>>>();
const MAX_CACHED_FORMS = 400;

function hashes(form: string, digest: Digest): Promise<Hashed[]> {
  let hashCache = hashCaches.get(digest);
  if (!hashCache) hashCaches.set(digest, (hashCache = new Map()));
  let cached = hashCache.get(form);
  if (!cached) {
    if (hashCache.size > MAX_CACHED_FORMS) hashCache.clear();
    cached = Promise.all([digest('SHA-1', form).catch(() => null), digest('SHA-256', form).catch(() => null)]).then(([sha1, sha256]) => {
      const out: Hashed[] = [];
      const add = (encoding: NetworkEncoding, hex: string | null) => hex && out.push([encoding, hex, hexToBase64(hex)]);
      add('sha256', sha256);
      add('sha1', sha1);
      add('md5', md5Hex(form));
      return out;
    });
    hashCache.set(form, cached);
  }
  return cached;
}

/** How many digests were computed (for the bench: "once per value change"). */
export function cachedHashCount(digest: Digest): number {
  return hashCaches.get(digest)?.size ?? 0;
}

/**
 * The hex and base64 tokens of a request, found in one pass: a hash is then a set lookup, whatever the
 * number of forms. Runs longer than one digest (hashes glued together, a path) are kept to search in.
 */
interface Tokens {
  hex: Set<string>;
  base64: Set<string>;
  long: string[];
}
const MAX_LONG_RUNS = 200;

function tokensOf(haystack: string): Tokens {
  const hex = new Set<string>();
  const base64 = new Set<string>();
  const long: string[] = [];
  for (const [run] of haystack.matchAll(/[A-Za-z0-9+/_-]{22,}/g)) {
    const standard = run.replace(/-/g, '+').replace(/_/g, '/');
    if (/^[0-9a-f]+$/i.test(run) && (run.length === 32 || run.length === 40 || run.length === 64)) hex.add(run.toLowerCase());
    else if (run.length <= 44) base64.add(standard);
    else if (long.length < MAX_LONG_RUNS) long.push(run.toLowerCase(), standard);
  }
  return { hex, base64, long };
}

/**
 * The text with JSON string escapes undone, twice (a JSON body nested in a JSON string, as some SDKs
 * send it, escapes its quotes and slashes once more); '' when there is nothing to undo.
 */
function unescapeJson(text: string): string {
  let out = text;
  for (let pass = 0; pass < 2 && out.includes('\\'); pass++)
    out = out.replace(/\\(["\\/])/g, '$1').replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return out === text ? '' : out;
}

/** Which secrets `text` (a request's URL and body text) carries, at most one match per category. */
export async function findSecrets(
  text: string,
  secrets: readonly Secret[],
  digest: Digest,
  context: MatchContext = NO_CONTEXT,
): Promise<Match[]> {
  // The percent-decoded text too: values (and base64 payloads) in query strings are percent-encoded.
  let decoded = '';
  try {
    if (text.includes('%') || text.includes('+')) decoded = decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // Not valid percent-encoding: the raw text is all there is.
  }
  const unescaped = unescapeJson(text);
  const raw = (unescaped ? `${text}\n${unescaped}` : text).toLowerCase();
  const haystack = [text, decoded, unescaped].filter(Boolean).join('\n');
  let tokens: Tokens | null = null;
  let budget = MAX_FORMS_PER_REQUEST;
  const found = new Map<string, NetworkEncoding>();
  for (const secret of secrets) {
    if (found.has(secret.category) || budget <= 0) continue;
    const { plain, hashed } = valueForms(secret, context);
    let encoding: NetworkEncoding | null = null;
    for (const form of plain) {
      if (budget-- <= 0) break;
      if ((encoding = plainEncodingIn(form, raw, decoded.toLowerCase(), haystack))) break;
    }
    tokens ??= encoding ? null : tokensOf(haystack);
    // No run of hex or base64 long enough to be a digest: nothing to hash for (most small beacons).
    const anyDigest = !!tokens && (tokens.hex.size > 0 || tokens.base64.size > 0 || tokens.long.length > 0);
    for (const form of encoding || !anyDigest ? [] : hashed) {
      if (budget-- <= 0) break;
      if ((encoding = hashEncodingIn(await hashes(form, digest), tokens!))) break;
    }
    if (encoding) found.set(secret.category, encoding);
  }
  return [...found].map(([category, encoding]) => ({ category, encoding }));
}

function plainEncodingIn(form: string, raw: string, decoded: string, haystack: string): NetworkEncoding | null {
  const lowerForm = form.toLowerCase();
  if (raw.includes(lowerForm)) return 'raw';
  if (decoded.includes(lowerForm)) return 'urlencoded';
  if (base64Needles(form).some((n) => haystack.includes(n))) return 'base64';
  return null;
}

function hashEncodingIn(hashed: Hashed[], tokens: Tokens): NetworkEncoding | null {
  for (const [encoding, hex, base64] of hashed) {
    if (tokens.hex.has(hex) || tokens.base64.has(base64)) return encoding;
    if (tokens.long.some((run) => run.includes(hex) || run.includes(base64))) return encoding;
  }
  return null;
}

/**
 * Whether the request carries the position the page just received: both coordinates, to at least
 * three decimals (about 100 m), as numbers in the text ("31.2304", "lat=31.230416").
 */
export function carriesCoordinates(haystack: string, latitude: number, longitude: number): boolean {
  let lat = false;
  let lon = false;
  let count = 0;
  for (const m of haystack.matchAll(/-?\d{1,3}\.\d{3,}/g)) {
    if (++count > 500) break;
    const n = Number(m[0]);
    // Same to three decimals, rounded or cut.
    if (Math.abs(n - latitude) < 0.001 && m[0].split('.')[1].length >= 3) lat = true;
    if (Math.abs(n - longitude) < 0.001 && m[0].split('.')[1].length >= 3) lon = true;
    if (lat && lon) return true;
  }
  return false;
}
