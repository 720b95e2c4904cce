/**
 * Filtering history entries in memory, for the options page. Apart from history.ts so the options page
 * does not load the public-suffix list (tldts) that recording history needs.
 */
import type { HistoryEntry } from '../shared/model';

export interface HistoryFilter {
  /** Matched, case-insensitively, against the site, the URL and the evidence. */
  text?: string;
  /** Only entries that asked for this category. */
  category?: string;
}

/** The entries that match the filter, in the order given (pure: the options page filters in memory). */
export function filterHistory<T extends HistoryEntry>(entries: readonly T[], filter: HistoryFilter): T[] {
  const needle = filter.text?.trim().toLowerCase() ?? '';
  return entries.filter(
    (e) =>
      (!filter.category || e.categories.includes(filter.category)) &&
      (!needle || [e.site, e.url, ...e.evidence].some((s) => s.toLowerCase().includes(needle))),
  );
}
