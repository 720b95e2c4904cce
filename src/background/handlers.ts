/**
 * Message handlers: the guard first (sender, then payload), logic after. A message that fails a check
 * is ignored (answered with undefined), and no handler ever throws back to the sender.
 */
import type { HistoryEntry, PageReport } from '../shared/model';
import type { FieldVerdict, HandlerRegistry, RulesetTexts } from '../messaging/protocol';
import type { onMessage } from '../messaging/messenger';
import {
  checkContentSender,
  checkLocationSender,
  isExtensionPageSender,
  parseFrameReport,
  parseHistoryRequest,
  parseHistoryDeleteRequest,
  parseLocationGiven,
  parseRulesetAddRequest,
  parseRulesetEnableRequest,
  parseRulesetIdRequest,
  parseRulesetOrderRequest,
  parseRulesetPreviewRequest,
  parseTabReportRequest,
  parseTextsRequest,
  parseCorrectRequest,
  parseCorrectionKey,
  parseEmptyRequest,
  type ContentSender,
  type Sender,
} from '../messaging/guards';
import type { CompiledRuleset } from '../engine/rules/compile';
import { rulesetTexts } from '../engine/rules/texts';
import { clearHistory, deleteHistoryEntry, listHistory } from '../store/history';
import { isWatched } from '../store/settings';
import { showGrade } from './badge';
import type { RulesetManager } from './ruleset-manager';
import type { Corrections } from './corrections';
import type { TabReports } from './tab-reports';
import type { LocationPolicy } from '../messaging/protocol';
import { locationPolicyFor } from './location';
import type { Lang } from '../shared/model';
import { getSettings, updateSiteSettings } from '../store/settings';
import { settingsSiteOfPage } from '../shared/site';
import { uiLanguage } from '../store/settings';

/** The site the user is on (the tab's top page), as settings key it; null for non-web pages. */
const settingsSite = (from: ContentSender): string | null => settingsSiteOfPage(from.tabUrl ?? from.frameUrl);

/** In-page notes for this sender, in the user's language; null when the user hid them on this site. */
async function inPageOptions(from: ContentSender): Promise<{ lang: Lang } | undefined> {
  // Notes are a nicety: a failure here must never cost the verdicts.
  const settings = await getSettings().catch(() => null);
  const site = settingsSite(from);
  if (!settings || !site || settings.sites[site]?.hideNotes) return undefined;
  return { lang: settings.language === 'auto' ? uiLanguage() : settings.language };
}

/** What a handler receives: the message's data (untrusted, whatever its static type) and sender. */
export interface IncomingMessage {
  data: unknown;
  sender: Sender;
}

export interface HandlerDeps {
  tabReports: TabReports;
  ruleset: () => CompiledRuleset | Promise<CompiledRuleset>;
  /** Ruleset management for the options page; without it, those messages are ignored. */
  rulesets?: RulesetManager;
  /** "This is wrong" (corrections.ts); without it, those messages are ignored. */
  corrections?: Corrections;
}

/** Turns any failure into "no answer": errors are logged by name only, never with the payload. */
async function safely<T>(name: string, task: () => Promise<T | undefined> | T | undefined): Promise<T | undefined> {
  try {
    return await task();
  } catch (error) {
    console.warn(`[need-to-know] ${name} failed:`, error instanceof Error ? error.message : 'unknown error');
    return undefined;
  }
}

/** Whether the user lets us watch the sender's page: not while paused, not on an ignored site. */
async function watches(from: ContentSender): Promise<boolean> {
  const settings = await getSettings().catch(() => null);
  return !settings || isWatched(settings, from.tabUrl ?? from.frameUrl);
}

/** Runs a UI request: only from our own extension pages, only with a payload that passes `parse`. */
function fromUi<Req, Res>(
  name: string,
  { data, sender }: IncomingMessage,
  parse: (data: unknown) => Req | null,
  run: (request: Req) => Promise<Res> | Res,
): Promise<Res | undefined> {
  return safely(name, () => {
    const request = isExtensionPageSender(sender) ? parse(data) : null;
    return request === null ? undefined : run(request);
  });
}

export function createHandlers({ tabReports, ruleset, rulesets, corrections }: HandlerDeps): HandlerRegistry<IncomingMessage> {
  /** Ruleset messages need the manager; tests and older wiring may leave it out. */
  const withRulesets = <Res>(run: (m: RulesetManager) => Promise<Res> | Res) =>
    (rulesets ? run(rulesets) : undefined) as Promise<Res> | Res;
  return {
    listRulesets: (m: IncomingMessage) =>
      fromUi(
        'listRulesets',
        m,
        (d) => (d === undefined || typeof d === 'object' ? {} : null),
        () => withRulesets((r) => r.list()),
      ),
    previewRuleset: (m: IncomingMessage) =>
      fromUi('previewRuleset', m, parseRulesetPreviewRequest, (req) =>
        withRulesets((r) => ('text' in req ? r.previewText(req.text) : r.previewUrl(req.url, req.sha256Pin))),
      ),
    addRuleset: (m: IncomingMessage) => fromUi('addRuleset', m, parseRulesetAddRequest, (req) => withRulesets((r) => r.add(req))),
    setRulesetEnabled: (m: IncomingMessage) =>
      fromUi('setRulesetEnabled', m, parseRulesetEnableRequest, (req) => withRulesets((r) => r.setEnabled(req.id, req.enabled))),
    reorderRulesets: (m: IncomingMessage) =>
      fromUi('reorderRulesets', m, parseRulesetOrderRequest, (req) => withRulesets((r) => r.reorder(req.ids))),
    removeRuleset: (m: IncomingMessage) =>
      fromUi('removeRuleset', m, parseRulesetIdRequest, (req) => withRulesets((r) => r.remove(req.id))),
    exportRuleset: (m: IncomingMessage) =>
      fromUi('exportRuleset', m, parseRulesetIdRequest, (req) => withRulesets((r) => r.exportText(req.id))),
    getRuleset: (m: IncomingMessage) => fromUi('getRuleset', m, parseRulesetIdRequest, (req) => withRulesets((r) => r.details(req.id))),
    updateRuleset: (m: IncomingMessage) =>
      fromUi('updateRuleset', m, parseRulesetIdRequest, (req) => withRulesets((r) => r.update(req.id))),
    deleteHistory: (m: IncomingMessage) =>
      fromUi('deleteHistory', m, parseHistoryDeleteRequest, async (req) => {
        if ('all' in req) await clearHistory();
        else await deleteHistoryEntry(req);
        return true;
      }),

    correctFinding: (m: IncomingMessage) => fromUi('correctFinding', m, parseCorrectRequest, (req) => corrections?.correct(req)),
    removeCorrection: (m: IncomingMessage) => fromUi('removeCorrection', m, parseCorrectionKey, (req) => corrections?.remove(req)),
    exportCorrections: (m: IncomingMessage) => fromUi('exportCorrections', m, parseEmptyRequest, () => corrections?.exportText()),

    reportFrame({ data, sender }: IncomingMessage): Promise<Record<string, FieldVerdict> | undefined> {
      return safely('reportFrame', () => {
        const from = checkContentSender(sender);
        if (!from) return undefined;
        const report = parseFrameReport(data, from.frameUrl);
        if (!report) return undefined;
        // Paused, or a site the user ignores: nothing is kept and the tab shows no grade.
        return watches(from).then(async (watched) => {
          if (!watched) {
            await tabReports.forget(from.tabId);
            await showGrade(from.tabId, null);
            return {};
          }
          return inPageOptions(from).then((inPage) => tabReports.handleFrameReport(from, report, inPage));
        });
      });
    },

    /** "Don't show here again": only from our content script, for the site the browser says it is on. */
    hideNotesOnSite({ sender }: IncomingMessage): Promise<boolean | undefined> {
      return safely('hideNotesOnSite', async () => {
        const from = checkContentSender(sender);
        const site = from && settingsSite(from);
        if (!site) return undefined;
        await updateSiteSettings(site, { hideNotes: true });
        return true;
      });
    },

    /** The geolocation broker asks what the sender tab's site gets. */
    locationPolicy({ sender }: IncomingMessage): Promise<LocationPolicy | undefined> {
      return safely('locationPolicy', async () => {
        const from = checkLocationSender(sender);
        return (from && (await locationPolicyFor(from))) ?? undefined;
      });
    },

    /** The broker tells what it gave a page: kept in the tab's state for the popup. */
    locationGiven({ data, sender }: IncomingMessage): Promise<boolean | undefined> {
      return safely('locationGiven', async () => {
        const from = checkLocationSender(sender);
        const given = from && parseLocationGiven(data);
        if (!from || !given) return undefined;
        await tabReports.recordLocationGiven(from, given);
        return true;
      });
    },

    getTabReport({ data, sender }: IncomingMessage): Promise<PageReport | null | undefined> {
      return safely('getTabReport', () => {
        const request = isExtensionPageSender(sender) ? parseTabReportRequest(data) : null;
        return request ? tabReports.reportForTab(request.tabId) : undefined;
      });
    },

    getHistory({ data, sender }: IncomingMessage): Promise<HistoryEntry[] | undefined> {
      return safely('getHistory', () => {
        const request = isExtensionPageSender(sender) ? parseHistoryRequest(data) : null;
        return request ? listHistory(request.site) : undefined;
      });
    },

    getRulesetTexts({ data, sender }: IncomingMessage): Promise<RulesetTexts | undefined> {
      return safely('getRulesetTexts', () => {
        const request = isExtensionPageSender(sender) ? parseTextsRequest(data) : null;
        return request ? Promise.resolve(ruleset()).then((rs) => rulesetTexts(rs, request.lang)) : undefined;
      });
    },
  };
}

export type Handlers = HandlerRegistry<IncomingMessage>;

/** Listens for every message of the protocol with its handler: the registry's keys are the protocol's. */
export function registerHandlers(handlers: Handlers, listen: typeof onMessage): void {
  for (const name of Object.keys(handlers) as (keyof Handlers)[]) {
    // TypeScript cannot pair `name` with `handlers[name]` across a union of keys. HandlerRegistry already
    // ties each handler's reply to its message, so widening the one handler here loses nothing.
    listen(name, handlers[name] as Parameters<typeof listen>[1]);
  }
}
