/**
 * "Site": the one place that says what site a URL belongs to. Two rules, for two jobs:
 *
 * - Receivers (who gets the data): the registrable domain (eTLD+1, via tldts) of a web URL's host; for
 *   IP addresses, "localhost" and other hosts without a registrable domain, the host *with its port*
 *   (127.0.0.1:8080 and 127.0.0.1:9090 are different servers, and nothing else tells them apart).
 * - Settings and history keys (what the user chose for a site): the registrable domain, else the bare
 *   hostname, so "127.0.0.1" typed in the options page covers every port, and `file:` pages are "file".
 *
 * Not for content scripts: the public-suffix list is too big to inject into every page.
 */
import { getDomain } from 'tldts';

/** A web page's URL (http or https), parsed; null for anything else. */
export function parseWebUrl(url: string): URL | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed : null;
  } catch {
    return null;
  }
}

/** The receiving site of `host` as in URL.host: a hostname with an optional port. */
export function siteOfHost(host: string): string {
  const lower = host.toLowerCase();
  const hostname = lower.startsWith('[') ? lower.slice(0, lower.indexOf(']') + 1) : lower.replace(/:\d+$/, '');
  return getDomain(hostname) ?? lower;
}

/** The receiving site of a web URL; null for non-web URLs. */
export function siteOfUrl(url: string): string | null {
  const parsed = parseWebUrl(url);
  return parsed ? siteOfHost(parsed.host) : null;
}

/** The settings and history key of a URL. */
export function settingsSiteOf(url: URL): string {
  if (url.protocol === 'file:') return 'file';
  return getDomain(url.href) ?? url.hostname;
}

/** The settings key of a web page's URL; null for pages that have none (file:, about:, extension pages). */
export function settingsSiteOfPage(url: string): string | null {
  const parsed = parseWebUrl(url);
  return parsed ? settingsSiteOf(parsed) : null;
}

/** The settings key for what the user typed in the options page: a URL or a host name. */
export function settingsSiteOfInput(input: string): string | null {
  const raw = input.trim().toLowerCase();
  if (!raw) return null;
  let host: string;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(raw) ? raw : `https://${raw}`).hostname;
  } catch {
    return null;
  }
  if (!host || !/^[a-z0-9.-]+$|^\[[0-9a-f:]+\]$/.test(host)) return null;
  return getDomain(host) ?? host;
}
