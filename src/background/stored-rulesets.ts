/**
 * The rulesets stored in IndexedDB as the worker uses them: the bundled one first (the base), then the
 * user's by precedence, each parsed once and remembered in its validated form, so a worker start does not
 * validate a text this version already checked. A stored text that no longer validates is left out,
 * never half-used.
 */
import { browser } from 'wxt/browser';
import { bundledRuleset } from '../engine/rules/builtin';
import { isStandalone } from '../engine/rules/preview';
import type { Ruleset } from '../engine/rules/schema';
import { parseRuleset } from '../engine/rules/validate';
import { listStoredRulesets, textFingerprint, updateStoredRuleset, type StoredRuleset } from '../store/ruleset-records';

export function warningsOf(result: ReturnType<typeof parseRuleset>): string[] {
  const raw = (result as { warnings?: unknown }).warnings;
  if (!Array.isArray(raw)) return [];
  return raw.map((w) =>
    typeof w === 'string' ? w : typeof w === 'object' && w ? [w.path, w.reason].filter(Boolean).join(': ') : String(w),
  );
}

/**
 * Validates a user's ruleset on top of the bundled one: it may judge or silence bundled categories
 * and rules without repeating their definitions.
 */
export function parseUserRuleset(text: string): ReturnType<typeof parseRuleset> {
  return parseRuleset(text, { base: [bundledRuleset().source] });
}

/** The bundled ruleset's id: its row holds only the switch. */
export function bundledId(): string {
  return bundledRuleset().id;
}

function bundledRow(stored: StoredRuleset | undefined): StoredRuleset {
  return stored ?? { id: bundledId(), source: 'bundled', enabled: true, order: -1, text: '', fetchedAt: 0, addedAt: 0 };
}

/** The stored rows: the bundled one first (always the base), then the user's by precedence. */
export async function rows(): Promise<StoredRuleset[]> {
  const all = await listStoredRulesets();
  const bundled = all.find((r) => r.source === 'bundled');
  return [bundledRow(bundled), ...all.filter((r) => r.source !== 'bundled')];
}

/** Which code validates: the extension's version; null where unknown (then nothing is trusted unchecked). */
function checkerVersion(): string | null {
  try {
    return browser.runtime.getManifest().version || null;
  } catch {
    return null;
  }
}

/** What to store beside a text that just validated, so the next worker start skips validating it. */
export function checkedForm(ruleset: Ruleset, text: string): Pick<StoredRuleset, 'checked'> {
  const by = checkerVersion();
  return by ? { checked: { by, textHash: textFingerprint(text), ruleset } } : {};
}

/**
 * The parsed ruleset of a row, or null when its stored text no longer validates (e.g. after a stricter
 * update). A copy this same version validated is used as stored: full validation costs ~60 ms for
 * 1,000 rules, and a service worker starts often.
 */
export function parsedRow(row: StoredRuleset): Ruleset | null {
  if (row.source === 'bundled') return bundledRuleset().source;
  const by = checkerVersion();
  if (by && row.checked?.by === by && row.checked.textHash === textFingerprint(row.text)) return row.checked.ruleset;
  const result = parseUserRuleset(row.text);
  return result.ok ? result.ruleset : null;
}

/** Stores the validated form of a row checked by an earlier version (once per extension version). */
function rememberChecked(row: StoredRuleset, parsed: Ruleset): void {
  const { checked } = checkedForm(parsed, row.text);
  if (row.source === 'bundled' || !checked || (row.checked?.by === checked.by && row.checked.textHash === checked.textHash)) return;
  // Only if the text is still the one we validated.
  void updateStoredRuleset(row.id, (current) => (current.text === row.text ? { ...current, checked } : current)).catch(() => undefined);
}

/**
 * The rulesets to merge, lowest precedence first: the bundled one (unless switched off), then the
 * user's enabled ones. A stored text that no longer validates is left out, never half-used.
 */
export async function enabledRulesets(): Promise<Ruleset[]> {
  const list: Ruleset[] = [];
  for (const row of await rows()) {
    if (!row.enabled) continue;
    const parsed = parsedRow(row);
    if (!parsed) continue;
    list.push(parsed);
    rememberChecked(row, parsed);
  }
  // Whatever happens to the user's rulesets, pages are still rated.
  if (!list.some(isStandalone)) list.unshift(bundledRuleset().source);
  return list;
}
