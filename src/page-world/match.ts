/**
 * Does an outgoing request carry a value the user typed? Pure matching, run in the page world only:
 * the values never leave it, only "which category, which encoding" does.
 *
 * Trackers send identifiers raw, URL-encoded, base64-encoded or hashed (MD5, SHA-1, SHA-256 of the
 * trimmed or lower-cased value, hex). We build the same forms and look for them in the request's URL
 * and body. Short values are ignored: they would match by chance (false alarms are bugs).
 */
import type { NetworkEncoding } from '../shared/model';
import { md5Hex } from './md5';

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
/** Values are capped: a 10 KB "name" is not an identifier, and hashing it on every request is waste. */
const MAX_VALUE_CHARS = 200;

/** The forms of one value that trackers send: trimmed, lower-cased, and digits only for phones. */
export function normalisedForms(secret: Secret): string[] {
  const trimmed = secret.value.trim().slice(0, MAX_VALUE_CHARS);
  const forms = new Set<string>();
  if (secret.category === 'phone') {
    const digits = trimmed.replace(/\D/g, '');
    if (digits.length >= MIN_PHONE_DIGITS) forms.add(digits);
    if (trimmed.length >= MIN_PHONE_DIGITS && digits.length >= MIN_PHONE_DIGITS) forms.add(trimmed);
  } else if (trimmed.length >= MIN_VALUE_CHARS) {
    forms.add(trimmed);
    forms.add(trimmed.toLowerCase());
  }
  return [...forms];
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

/** Hashes per digest function and value: a page sends many requests while the values stay the same. */
const hashCaches = new WeakMap<Digest, Map<string, Promise<[NetworkEncoding, string][]>>>();

function hashes(form: string, digest: Digest): Promise<[NetworkEncoding, string][]> {
  let hashCache = hashCaches.get(digest);
  if (!hashCache) hashCaches.set(digest, (hashCache = new Map()));
  let cached = hashCache.get(form);
  if (!cached) {
    if (hashCache.size > 100) hashCache.clear();
    cached = Promise.all([digest('SHA-1', form).catch(() => null), digest('SHA-256', form).catch(() => null)]).then(([sha1, sha256]) => {
      const out: [NetworkEncoding, string][] = [['md5', md5Hex(form)]];
      if (sha1) out.push(['sha1', sha1]);
      if (sha256) out.push(['sha256', sha256]);
      return out;
    });
    hashCache.set(form, cached);
  }
  return cached;
}

/** Which secrets `text` (a request's URL and body text) carries, at most one match per category. */
export async function findSecrets(text: string, secrets: readonly Secret[], digest: Digest): Promise<Match[]> {
  const raw = text.toLowerCase();
  // The percent-decoded text too: values (and base64 payloads) in query strings are percent-encoded.
  let decoded = '';
  try {
    if (text.includes('%') || text.includes('+')) decoded = decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    // Not valid percent-encoding: the raw text is all there is.
  }
  const haystack = decoded ? `${text}\n${decoded}` : text;
  const found = new Map<string, NetworkEncoding>();
  for (const secret of secrets) {
    if (found.has(secret.category)) continue;
    for (const form of normalisedForms(secret)) {
      const encoding = await encodingIn(form, raw, decoded.toLowerCase(), haystack, digest);
      if (encoding) {
        found.set(secret.category, encoding);
        break;
      }
    }
  }
  return [...found].map(([category, encoding]) => ({ category, encoding }));
}

async function encodingIn(form: string, raw: string, decoded: string, haystack: string, digest: Digest): Promise<NetworkEncoding | null> {
  const lowerForm = form.toLowerCase();
  if (raw.includes(lowerForm)) return 'raw';
  if (decoded.includes(lowerForm)) return 'urlencoded';
  if (base64Needles(form).some((n) => haystack.includes(n))) return 'base64';
  const lower = haystack.toLowerCase();
  for (const [encoding, hex] of await hashes(form, digest)) if (lower.includes(hex)) return encoding;
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
