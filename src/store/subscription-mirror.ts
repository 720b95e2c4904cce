/**
 * A small copy of the subscription list (where from, which pin, on or off, precedence; never the
 * texts) in storage.local, outside IndexedDB: when the database is so damaged that its rulesets
 * cannot be read back, the subscriptions still come back after the rebuild, empty until their next
 * update downloads them again. Plain storage access, no IndexedDB (src/store/db.ts uses this).
 */
import { browser } from 'wxt/browser';
import type { StoredRuleset } from './ruleset-records';

const KEY = 'subscriptionMirror';

export interface MirroredSubscription {
  id: string;
  url: string;
  sha256Pin?: string;
  enabled: boolean;
  order: number;
  addedAt: number;
}

/** Writes the mirror from the stored rows (only the subscriptions matter). */
export async function writeSubscriptionMirror(rows: StoredRuleset[]): Promise<void> {
  const mirror: MirroredSubscription[] = rows
    .filter((r) => r.source === 'subscribed' && typeof r.url === 'string')
    .map((r) => ({
      id: r.id,
      url: r.url!,
      ...(r.sha256Pin && { sha256Pin: r.sha256Pin }),
      enabled: r.enabled,
      order: r.order,
      addedAt: r.addedAt,
    }));
  await browser.storage.local.set({ [KEY]: mirror });
}

/** The mirrored list; entries that do not look like ours (storage.local is ours, but be strict) are dropped. */
export async function readSubscriptionMirror(): Promise<MirroredSubscription[]> {
  const raw = (await browser.storage.local.get(KEY))[KEY];
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (m): m is MirroredSubscription =>
      typeof m === 'object' &&
      m !== null &&
      typeof m.id === 'string' &&
      typeof m.url === 'string' &&
      (m.sha256Pin === undefined || typeof m.sha256Pin === 'string') &&
      typeof m.enabled === 'boolean' &&
      typeof m.order === 'number' &&
      typeof m.addedAt === 'number',
  );
}

/**
 * A stored row for a subscription known only from the mirror: no text yet (so it is not used), marked
 * as never checked so the next update alarm (set at start-up) downloads it again.
 */
export function rowFromMirror(m: MirroredSubscription, now: number): StoredRuleset {
  return {
    id: m.id,
    source: 'subscribed',
    url: m.url,
    ...(m.sha256Pin && { sha256Pin: m.sha256Pin }),
    enabled: m.enabled,
    order: m.order,
    text: '',
    fetchedAt: 0,
    addedAt: m.addedAt,
    lastError: {
      at: now,
      code: 'stale',
      message: 'Restored after the extension database was rebuilt; the next update downloads it again.',
    },
  };
}
