/**
 * The user's rulesets in IndexedDB: local imports and subscriptions, each with the exact text it was
 * imported or downloaded as (export gives it back byte for byte), plus one row for the bundled
 * ruleset that holds only its switch (its text ships inside the extension and changes with it).
 * Plain DB access; validation, merging and scheduling live in src/background/ruleset-manager.ts.
 */
import type { RulesetError } from '../engine/rules/validate';
import type { Ruleset } from '../engine/rules/schema';
import type { ProblemCode } from '../shared/subscription';
import { getDb } from './db';
import { writeSubscriptionMirror } from './subscription-mirror';

export type RulesetSource = 'bundled' | 'subscribed' | 'local';

/** Why the last update of a subscription did not replace the copy in use. */
export interface RulesetProblem {
  at: number;
  /** What kind of failure, worded by the options page in the user's language. */
  code: ProblemCode;
  /** A plain sentence: network failure, sha256 mismatch, too large, or "is not a valid ruleset". */
  message: string;
  /** Validation errors (JSON path + reason) when the downloaded text was not a valid ruleset. */
  errors?: RulesetError[];
}

export interface StoredRuleset {
  /** The ruleset's own `id`: importing a ruleset with the same id replaces it. */
  id: string;
  source: RulesetSource;
  /** Subscriptions: where updates come from (https, or http on loopback for testing). */
  url?: string;
  /** Subscriptions: lower-case hex sha256 of the raw bytes; a download that differs is refused. */
  sha256Pin?: string;
  enabled: boolean;
  /** Precedence among the user's rulesets: higher wins. The bundled ruleset is always the base. */
  order: number;
  /**
   * The last good copy, exactly as imported or downloaded: always a text that validated. A failed or
   * invalid update never touches it. Empty for the bundled row.
   */
  text: string;
  /** When `text` was imported or downloaded. */
  fetchedAt: number;
  /** Subscriptions: when we last tried to download an update (whatever the outcome). */
  lastChecked?: number;
  lastError?: RulesetProblem;
  /** Subscriptions: how long a copy stays fresh (from the ruleset's `expires`, clamped). */
  expiresMs?: number;
  addedAt: number;
  /**
   * `text` as validateRuleset returned it (defaults filled), and which extension version validated it:
   * that same version compiles it at start-up without validating again (see src/engine/rules/checked.ts).
   */
  checked?: { by: string; textHash: string; ruleset: Ruleset };
}

/** A quick fingerprint of a text (FNV-1a, 32 bits): ties a checked form to the exact text it came from. */
export function textFingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(hash >>> 0).toString(16)}`;
}

export async function listStoredRulesets(): Promise<StoredRuleset[]> {
  const all = await (await getDb()).getAll('rulesets');
  return all.sort((a, b) => a.order - b.order || a.addedAt - b.addedAt);
}

export async function getStoredRuleset(id: string): Promise<StoredRuleset | null> {
  return (await (await getDb()).get('rulesets', id)) ?? null;
}

/**
 * Keeps the subscription mirror (storage.local, see subscription-mirror.ts) in step after a write. A
 * failure here costs only the mirror, never the write itself.
 */
async function refreshMirror(): Promise<void> {
  await writeSubscriptionMirror(await listStoredRulesets()).catch(() => undefined);
}

export async function putStoredRuleset(record: StoredRuleset): Promise<void> {
  await (await getDb()).put('rulesets', record);
  await refreshMirror();
}

export async function deleteStoredRuleset(id: string): Promise<void> {
  await (await getDb()).delete('rulesets', id);
  await refreshMirror();
}

/** Applies `change` to the stored record in one transaction; returns the new record, or null if it is gone. */
export async function updateStoredRuleset(id: string, change: (r: StoredRuleset) => StoredRuleset): Promise<StoredRuleset | null> {
  const tx = (await getDb()).transaction('rulesets', 'readwrite');
  const current = await tx.store.get(id);
  if (!current) {
    await tx.done;
    return null;
  }
  const next = change(current);
  await tx.store.put(next);
  await tx.done;
  await refreshMirror();
  return next;
}

/** Writes a new precedence: `ids` lowest first. Ids not listed keep their order after the listed ones. */
export async function reorderStoredRulesets(ids: string[]): Promise<void> {
  const tx = (await getDb()).transaction('rulesets', 'readwrite');
  const all = (await tx.store.getAll()).sort((a, b) => a.order - b.order);
  const rank = new Map(ids.map((id, i) => [id, i]));
  const sorted = [...all].sort((a, b) => (rank.get(a.id) ?? ids.length + a.order) - (rank.get(b.id) ?? ids.length + b.order));
  await Promise.all(sorted.map((r, i) => (r.order === i ? undefined : tx.store.put({ ...r, order: i }))));
  await tx.done;
  await refreshMirror();
}
