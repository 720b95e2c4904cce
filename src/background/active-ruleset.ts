/**
 * The ruleset the worker scores with: the bundled ruleset plus the user's enabled rulesets, merged in
 * precedence order (src/engine/rules/merge.ts), compiled once and cached until they change. A stopped worker
 * starts with a fresh module and loads them again from IndexedDB.
 */
import { bundledRuleset } from '../engine/rules/builtin';
import type { CompiledRuleset } from '../engine/rules/compile';
import { mergeRulesets } from '../engine/rules/merge';
import { enabledRulesets } from './stored-rulesets';
import { correctionsLayer } from './corrections';

let active: CompiledRuleset | null = null;
let loading: Promise<CompiledRuleset> | null = null;
/** Bumped on every change, so a load that started before the change does not overwrite a newer one. */
let generation = 0;

async function load(): Promise<CompiledRuleset> {
  const enabled = await enabledRulesets();
  // The user's "this is wrong" corrections, on top of everything (see corrections.ts).
  const corrections = await correctionsLayer(enabled).catch(() => null);
  const list = corrections ? [...enabled, corrections] : enabled;
  const bundled = bundledRuleset();
  if (list.length === 1 && list[0] === bundled.source) return bundled;
  try {
    const { ruleset, warnings } = mergeRulesets(list);
    for (const w of warnings) console.warn('[need-to-know] ruleset:', w);
    return ruleset;
  } catch (error) {
    // Never leave pages unrated: a merge that fails (it should not: every part was validated) falls back.
    console.warn('[need-to-know] merging rulesets failed:', error instanceof Error ? error.message : 'unknown error');
    return bundled;
  }
}

/**
 * The rulesets in use, waiting for them to be loaded after a start or a change. Scoring uses this,
 * so a page is never scored with a stale set.
 */
export function currentRuleset(): Promise<CompiledRuleset> {
  if (active) return Promise.resolve(active);
  if (!loading) {
    const started = generation;
    loading = load()
      .catch(() => bundledRuleset())
      .then((rs) => {
        if (started === generation) {
          active = rs;
          loading = null;
        }
        return rs;
      });
  }
  return loading;
}

/**
 * The last known set, without waiting: the bundled ruleset until the user's rulesets are loaded.
 * For callers that cannot wait; scoring uses currentRuleset().
 */
export function activeRuleset(): CompiledRuleset {
  return active ?? bundledRuleset();
}

/** The user's rulesets changed: the next currentRuleset() loads and merges them again. */
export function invalidateActiveRuleset(): void {
  generation++;
  active = null;
  loading = null;
}
