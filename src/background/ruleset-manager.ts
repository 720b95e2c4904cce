/**
 * Ruleset management in the service worker: importing (from a file's text or an https URL), the
 * preview shown before anything is applied, enable/disable, precedence, removal, export, and
 * subscription updates on their `expires` schedule.
 *
 * Every text is validated with parseRuleset before it is stored, and a stored text is only ever
 * replaced by another valid one: an invalid import is rejected whole with its errors, and a failed
 * update keeps the last good copy active and records why.
 */
import { bundledRuleset } from '../engine/rules/builtin';
import type { CompiledRuleset } from '../engine/rules/compile';
import { diffRuleset, isStandalone, summarizeRuleset } from '../engine/rules/preview';
import type { Ruleset } from '../engine/rules/schema';
import type { RulesetError } from '../engine/rules/validate';
import {
  deleteStoredRuleset,
  getStoredRuleset,
  listStoredRulesets,
  putStoredRuleset,
  reorderStoredRulesets,
  updateStoredRuleset,
  type RulesetProblem,
  type StoredRuleset,
} from '../store/ruleset-records';
import {
  alarmNameFor,
  downloadRuleset,
  expiresMs,
  nextCheckAt,
  normalizePin,
  OVERDUE_DELAY_MS,
  rulesetIdFromAlarm,
  sha256Hex,
  type DownloadOptions,
} from './subscriptions';
import { checkSubscriptionUrl } from '../shared/subscription';
import type { AddRequest, AddResult, ChangeResult, PreviewResult, RulesetInfo } from '../messaging/protocol';
import { bundledId, checkedForm, parsedRow, parseUserRuleset, rows, warningsOf } from './stored-rulesets';

/** The part of browser.alarms we use (a fake in unit tests). */
export interface AlarmsLike {
  create(name: string, info: { when: number }): Promise<void> | void;
  clear(name: string): Promise<boolean> | Promise<void> | void;
  get(name: string): Promise<{ name: string; scheduledTime: number } | undefined>;
}

export interface RulesetManagerDeps {
  alarms: AlarmsLike;
  /** The rulesets in use changed: recompile and rescore. */
  onChange: () => void;
  /** The compiled rulesets in use now, for "what it changes". */
  active: () => Promise<CompiledRuleset>;
  now?: () => number;
  random?: () => number;
  download?: DownloadOptions;
}

const errorsOf = (message: string, path = '$'): RulesetError[] => [{ path, reason: message }];

export function createRulesetManager(deps: RulesetManagerDeps) {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;

  function info(row: StoredRuleset, parsed: Ruleset | null, nextCheck?: number): RulesetInfo {
    const r = parsed;
    return {
      id: row.id,
      source: row.source,
      title: r?.title ?? { en: row.id },
      version: r?.version ?? '?',
      enabled: row.enabled,
      homepage: r?.homepage,
      license: r?.license,
      url: row.url,
      sha256Pin: row.sha256Pin,
      fetchedAt: row.fetchedAt,
      lastChecked: row.lastChecked,
      nextCheck,
      lastError:
        row.lastError ??
        (r
          ? undefined
          : {
              at: row.fetchedAt,
              code: 'stale',
              message: 'The stored copy is no longer a valid ruleset for this version of Need to Know; it is not used.',
            }),
      standalone: r ? isStandalone(r) : false,
    };
  }

  async function schedule(row: StoredRuleset): Promise<number | undefined> {
    if (row.source !== 'subscribed') return undefined;
    const due = nextCheckAt(row.lastChecked ?? row.fetchedAt, row.expiresMs ?? expiresMs(undefined), random);
    // Overdue (the browser was closed): soon, but not at the same moment as every other list.
    const when = Math.max(due, now() + OVERDUE_DELAY_MS * (1 + random()));
    await deps.alarms.create(alarmNameFor(row.id), { when });
    return when;
  }

  /** Would the enabled set still rate pages on its own if `change` were applied? */
  async function stillRates(change: (rows: StoredRuleset[]) => StoredRuleset[]): Promise<boolean> {
    return change(await rows()).some((row) => {
      if (!row.enabled) return false;
      const parsed = parsedRow(row);
      return !!parsed && isStandalone(parsed);
    });
  }

  async function preview(text: string, sha256?: string): Promise<PreviewResult> {
    const result = parseUserRuleset(text);
    if (!result.ok) return { ok: false, errors: result.errors };
    const incoming = result.ruleset;
    if (incoming.id === bundledId()) {
      return {
        ok: false,
        errors: errorsOf(`is "${incoming.id}", the id of the bundled ruleset; a ruleset that changes it needs an id of its own`, '$.id'),
      };
    }
    const existing = await getStoredRuleset(incoming.id);
    return {
      ok: true,
      text,
      sha256: sha256 ?? (await sha256Hex(new TextEncoder().encode(text))),
      summary: summarizeRuleset(incoming),
      changes: diffRuleset(await deps.active(), incoming),
      warnings: warningsOf(result),
      replaces:
        existing && existing.source !== 'bundled' ? { source: existing.source, version: parsedRow(existing)?.version ?? '?' } : null,
    };
  }

  /**
   * Downloads a subscription again. A valid download replaces the copy in use; a failure (network,
   * pin mismatch, invalid ruleset, another id) keeps the last good copy and records why.
   */
  async function update(id: string): Promise<RulesetInfo | null> {
    const row = await getStoredRuleset(id);
    if (!row || row.source !== 'subscribed' || !row.url) return null;
    const time = now();
    let problem: RulesetProblem;
    const download = await downloadRuleset(row.url, deps.download);
    if (!download.ok) problem = { at: time, code: download.code, message: download.message };
    else if (row.sha256Pin && download.sha256 !== row.sha256Pin) {
      problem = { at: time, code: 'pin', message: `The download's sha256 is ${download.sha256}, not the pinned ${row.sha256Pin}.` };
    } else {
      const result = parseUserRuleset(download.text);
      if (!result.ok) problem = { at: time, code: 'invalid', message: 'The download is not a valid ruleset.', errors: result.errors };
      else if (result.ruleset.id !== row.id) {
        problem = { at: time, code: 'other-id', message: `The download is the ruleset "${result.ruleset.id}", not "${row.id}".` };
      } else {
        const fresh = {
          text: download.text,
          fetchedAt: time,
          lastChecked: time,
          expiresMs: expiresMs(result.ruleset.expires),
          lastError: undefined,
          checked: checkedForm(result.ruleset, download.text).checked,
        };
        // A field-by-field update: the user may have switched it off while we were downloading.
        const saved = await updateStoredRuleset(id, (current) => ({ ...current, ...fresh }));
        if (!saved) return null;
        const nextCheck = await schedule(saved);
        if (download.text !== row.text && saved.enabled) deps.onChange();
        return info(saved, result.ruleset, nextCheck);
      }
    }
    // Only the bookkeeping changes; the text in use stays the last good one.
    const saved = await updateStoredRuleset(id, (current) => ({ ...current, lastChecked: time, lastError: problem }));
    if (!saved) return null;
    const nextCheck = await schedule(saved);
    return info(saved, parsedRow(saved), nextCheck);
  }

  return {
    async list(): Promise<RulesetInfo[]> {
      const out: RulesetInfo[] = [];
      for (const row of await rows()) {
        const alarm = row.source === 'subscribed' ? await deps.alarms.get(alarmNameFor(row.id)) : undefined;
        out.push(info(row, parsedRow(row), alarm?.scheduledTime));
      }
      return out;
    },

    /** Checks a file's text and says what it would change. Stores nothing. */
    previewText(text: string): Promise<PreviewResult> {
      return preview(text);
    },

    /** Downloads from `url` (the user's own address), checks the pin and the ruleset. Stores nothing. */
    async previewUrl(url: string, sha256Pin?: string): Promise<PreviewResult> {
      const checked = checkSubscriptionUrl(url);
      if (!checked.ok) return { ok: false, errors: errorsOf(`The address ${checked.reason}.`), problem: 'address' };
      const pin = sha256Pin ? normalizePin(sha256Pin) : null;
      if (sha256Pin && !pin) return { ok: false, errors: errorsOf('The sha256 pin must be 64 hexadecimal characters.') };
      const download = await downloadRuleset(checked.url, deps.download);
      if (!download.ok) return { ok: false, errors: errorsOf(download.message), problem: download.code };
      if (pin && download.sha256 !== pin) {
        return { ok: false, errors: errorsOf(`The file's sha256 is ${download.sha256}, not the pinned ${pin}.`), problem: 'pin' };
      }
      return preview(download.text, download.sha256);
    },

    /** Applies a previewed text: validated again (never trust a message), then stored whole. */
    async add(request: AddRequest): Promise<AddResult> {
      const result = parseUserRuleset(request.text);
      if (!result.ok) return { ok: false, errors: result.errors };
      const r = result.ruleset;
      if (r.id === bundledId()) return { ok: false, errors: errorsOf('is the id of the bundled ruleset', '$.id') };
      let url: string | undefined;
      let pin: string | undefined;
      if (request.source === 'subscribed') {
        const checked = checkSubscriptionUrl(request.url ?? '');
        if (!checked.ok) return { ok: false, errors: errorsOf(`The address ${checked.reason}.`) };
        url = checked.url;
        if (request.sha256Pin) {
          const normal = normalizePin(request.sha256Pin);
          if (!normal) return { ok: false, errors: errorsOf('The sha256 pin must be 64 hexadecimal characters.') };
          if ((await sha256Hex(new TextEncoder().encode(request.text))) !== normal) {
            return { ok: false, errors: errorsOf("The text's sha256 does not match the pin.") };
          }
          pin = normal;
        }
      }
      const time = now();
      const all = await listStoredRulesets();
      const existing = all.find((row) => row.id === r.id);
      const row: StoredRuleset = {
        id: r.id,
        source: request.source,
        url,
        sha256Pin: pin,
        enabled: existing?.enabled ?? true,
        order: existing?.order ?? Math.max(0, ...all.map((x) => x.order + 1)),
        text: request.text,
        fetchedAt: time,
        lastChecked: request.source === 'subscribed' ? time : undefined,
        expiresMs: request.source === 'subscribed' ? expiresMs(r.expires) : undefined,
        addedAt: existing?.addedAt ?? time,
        ...checkedForm(r, request.text),
      };
      await putStoredRuleset(row);
      await deps.alarms.clear(alarmNameFor(r.id));
      const nextCheck = await schedule(row);
      deps.onChange();
      return { ok: true, info: info(row, r, nextCheck) };
    },

    async setEnabled(id: string, enabled: boolean): Promise<ChangeResult> {
      const all = await rows();
      const row = all.find((r) => r.id === id);
      if (!row) return { ok: false, reason: 'unknown-ruleset' };
      if (row.enabled === enabled) return { ok: true };
      if (!enabled && !(await stillRates((list) => list.map((r) => (r.id === id ? { ...r, enabled: false } : r))))) {
        // Pages must always be rated: the bundled ruleset goes off only while another complete one is on.
        return { ok: false, reason: 'would-leave-no-complete-ruleset' };
      }
      await putStoredRuleset({ ...row, enabled });
      deps.onChange();
      return { ok: true };
    },

    /** New precedence for the user's rulesets, lowest first (the bundled ruleset stays the base). */
    async reorder(ids: string[]): Promise<ChangeResult> {
      const user = (await listStoredRulesets()).filter((r) => r.source !== 'bundled').map((r) => r.id);
      if (ids.length !== user.length || !user.every((id) => ids.includes(id))) return { ok: false, reason: 'unknown-ruleset' };
      await reorderStoredRulesets(ids);
      deps.onChange();
      return { ok: true };
    },

    async remove(id: string): Promise<ChangeResult> {
      if (id === bundledId()) return { ok: false, reason: 'bundled-cannot-be-removed' };
      const row = await getStoredRuleset(id);
      if (!row) return { ok: false, reason: 'unknown-ruleset' };
      if (row.source === 'bundled') return { ok: false, reason: 'bundled-cannot-be-removed' };
      if (row.enabled && !(await stillRates((list) => list.filter((r) => r.id !== id)))) {
        return { ok: false, reason: 'would-leave-no-complete-ruleset' };
      }
      await deleteStoredRuleset(id);
      await deps.alarms.clear(alarmNameFor(id));
      deps.onChange();
      return { ok: true };
    },

    /** The exact text in use (byte for byte as imported); the bundled one as the extension ships it. */
    async exportText(id: string): Promise<{ filename: string; text: string } | null> {
      if (id === bundledId()) return { filename: `${id}.json`, text: JSON.stringify(bundledRuleset().source, null, 2) + '\n' };
      const row = await getStoredRuleset(id);
      return row ? { filename: `${id}.json`, text: row.text } : null;
    },

    /** The validated ruleset, for "view rules". */
    async details(id: string): Promise<Ruleset | null> {
      if (id === bundledId()) return bundledRuleset().source;
      const row = await getStoredRuleset(id);
      return row ? parsedRow(row) : null;
    },

    update,

    /** An alarm fired: if it is an update alarm, update that subscription. */
    async handleAlarm(name: string): Promise<void> {
      const id = rulesetIdFromAlarm(name);
      if (id) await update(id);
    },

    /** At start-up: every subscription has its alarm (alarms can be lost with browser data or updates). */
    async ensureAlarms(): Promise<void> {
      for (const row of await listStoredRulesets()) {
        if (row.source !== 'subscribed') continue;
        if (!(await deps.alarms.get(alarmNameFor(row.id)))) await schedule(row);
      }
    },
  };
}

export type RulesetManager = ReturnType<typeof createRulesetManager>;
