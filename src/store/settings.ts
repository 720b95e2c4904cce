/**
 * User settings, in `storage.local` rather than IndexedDB because content scripts need some of them
 * (per-site location mode, whether to show in-page notes) and cannot open the extension's IndexedDB.
 * Settings hold choices only: never a value a user typed.
 */
import { browser } from 'wxt/browser';
import type { Lang } from '../shared/model';
import type { Correction } from '../engine/rules/corrections';
import { languageFor, resolveLanguage } from '../shared/i18n';

/** What a site gets when it asks for the device's position. */
export type LocationMode = 'precise' | 'approximate' | 'block';

export interface SiteSettings {
  /** The user told us to ignore this site: no scanning, no badge, no notes. */
  ignored?: boolean;
  /** "Don't show notes here again": no in-page notes or banners on this site. */
  hideNotes?: boolean;
  location?: LocationMode;
  /** "This is wrong" on a finding here: applied as site overrides (src/background/corrections.ts). */
  corrections?: StoredCorrection[];
}

/** A correction as stored under its site (no value: a rule, a category and the question that was asked). */
export type StoredCorrection = Omit<Correction, 'site'>;

export interface Settings {
  /** Global pause: watch nothing until resumed. */
  paused: boolean;
  /** 'auto' follows the browser's language. */
  language: 'auto' | Lang;
  /** History entries older than this are dropped. */
  historyRetentionDays: number;
  /** Keyed by site: the registrable domain (eTLD+1), e.g. "example.co.uk". */
  sites: Record<string, SiteSettings>;
}

export const DEFAULT_SETTINGS: Settings = {
  paused: false,
  language: 'auto',
  historyRetentionDays: 90,
  sites: {},
};

const KEY = 'settings';

export async function getSettings(): Promise<Settings> {
  const stored = (await browser.storage.local.get(KEY))[KEY] as Partial<Settings> | undefined;
  return { ...DEFAULT_SETTINGS, ...stored, sites: { ...stored?.sites } };
}

export async function updateSettings(patch: Partial<Settings>): Promise<Settings> {
  const next = { ...(await getSettings()), ...patch };
  await browser.storage.local.set({ [KEY]: next });
  return next;
}

export async function updateSiteSettings(site: string, patch: SiteSettings): Promise<Settings> {
  const current = await getSettings();
  const merged = { ...current.sites[site], ...patch };
  const sites = { ...current.sites, [site]: merged };
  return updateSettings({ sites });
}

/** The retention periods the options page offers, in days. */
export const HISTORY_RETENTION_CHOICES = [7, 30, 90, 365] as const;

/** Forgets everything the user set for one site (ignore, notes, location). */
export async function removeSiteSettings(site: string): Promise<Settings> {
  const { [site]: _gone, ...sites } = (await getSettings()).sites;
  return updateSettings({ sites });
}

/**
 * The settings for a host, found by walking up its labels ("a.shop.example.co.uk" → … →
 * "example.co.uk"): keys are registrable domains, so the walk finds them without the public-suffix
 * list, which keeps content scripts small. IPs and "localhost" are keys as they are.
 */
export function siteSettingsFor(settings: Settings, hostname: string): SiteSettings | undefined {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (settings.sites[host]) return settings.sites[host];
  for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) {
    const found = settings.sites[host.slice(dot + 1)];
    if (found) return found;
  }
  return undefined;
}

/** Whether we watch a page at `url` at all: not while paused, not on a site the user ignores. */
export function isWatched(settings: Settings, url: string): boolean {
  if (settings.paused) return false;
  let hostname: string;
  try {
    const parsed = new URL(url);
    // history.ts calls every local file one site, "file".
    hostname = parsed.protocol === 'file:' ? 'file' : parsed.hostname;
  } catch {
    return true;
  }
  return !siteSettingsFor(settings, hostname)?.ignored;
}

/** Calls `listener` whenever settings change (from any context). Returns an unsubscribe function. */
export function onSettingsChanged(listener: (s: Settings) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && KEY in changes) void getSettings().then(listener);
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}

/** The browser's UI language as one of ours ('en' when the browser cannot say). */
export function uiLanguage(): Lang {
  try {
    return languageFor(browser.i18n.getUILanguage());
  } catch {
    return 'en';
  }
}

/** The UI language for the popup, the options page and in-page notes: the user's choice, else the browser's. */
export async function preferredLanguage(): Promise<Lang> {
  const settings = await getSettings().catch(() => null);
  return resolveLanguage(settings?.language, uiLanguage);
}
