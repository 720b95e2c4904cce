/**
 * "Site" for receivers of network requests: the registrable domain (eTLD+1, via tldts) of a host;
 * for IP addresses, "localhost" and other hosts without a registrable domain, the host with its port
 * (127.0.0.1:8080 and 127.0.0.1:9090 are different servers, and nothing else tells them apart).
 * The same rule as src/engine/score/recipients.ts siteOfUrl. Background only: the public-suffix list is too
 * big for content scripts.
 */
import { getDomain } from 'tldts';

/** `host` as in URL.host: a hostname with an optional port. */
export function siteOfHost(host: string): string {
  const lower = host.toLowerCase();
  const hostname = lower.startsWith('[') ? lower.slice(0, lower.indexOf(']') + 1) : lower.replace(/:\d+$/, '');
  return getDomain(hostname) ?? lower;
}

/** The site of a page URL, by the same rule; null for URLs without a host. */
export function siteOfUrl(url: string): string | null {
  try {
    const { host } = new URL(url);
    return host ? siteOfHost(host) : null;
  } catch {
    return null;
  }
}
