/**
 * User settings, in `storage.local` rather than IndexedDB because content scripts need some of them
 * (per-site location mode, whether to show in-page notes) and cannot open the extension's IndexedDB.
 * Settings hold choices only: never a value a user typed.
 */
import { browser } from 'wxt/browser';
import type { Lang } from '../model';

/** What a site gets when it asks for the device's position. */
export type LocationMode = 'precise' | 'approximate' | 'block';

export interface SiteSettings {
  /** The user told us to ignore this site: no scanning, no badge, no notes. */
  ignored?: boolean;
  /** "Don't show notes here again": no in-page notes or banners on this site. */
  hideNotes?: boolean;
  location?: LocationMode;
}

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

/** Calls `listener` whenever settings change (from any context). Returns an unsubscribe function. */
export function onSettingsChanged(listener: (s: Settings) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && KEY in changes) void getSettings().then(listener);
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
