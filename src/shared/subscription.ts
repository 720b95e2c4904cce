/**
 * Ruleset subscriptions, the part every context shares: which URLs a user may subscribe to, the host
 * permission the options page asks for, and the words for why a download failed.
 */

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** A URL the user may subscribe to: https anywhere; plain http only on this machine (for testing). */
export function checkSubscriptionUrl(raw: string): { ok: true; url: string } | { ok: false; reason: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, reason: 'is not a URL' };
  }
  if (url.username || url.password) return { ok: false, reason: 'must not contain a user name or password' };
  if (url.protocol === 'https:') return { ok: true, url: url.href };
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return { ok: true, url: url.href };
  return { ok: false, reason: 'must start with https:// (plain http is allowed only for 127.0.0.1 and localhost)' };
}

/** The host permission pattern the options page asks for before the first download from `url`. */
export function originPattern(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.hostname}/*`;
}

/** Why a download or an update failed, for the options page to word in the user's language. */
export type ProblemCode = 'address' | 'http' | 'too-large' | 'encoding' | 'timeout' | 'network' | 'pin' | 'invalid' | 'other-id' | 'stale';
