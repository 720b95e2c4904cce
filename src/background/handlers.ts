/**
 * Message handlers: the guard first (sender, then payload), logic after. A message that fails a check
 * is ignored (answered with undefined), and no handler ever throws back to the sender.
 */
import type { HistoryEntry, PageReport } from '../model';
import type { FieldVerdict, RulesetTexts } from '../messaging/protocol';
import {
  checkContentSender,
  isExtensionPageSender,
  parseFrameReport,
  parseHistoryRequest,
  parseTabReportRequest,
  parseTextsRequest,
  type Sender,
} from '../messaging/guards';
import type { CompiledRuleset } from '../rules/compile';
import { rulesetTexts } from '../rules/texts';
import { listHistory } from '../store/history';
import type { TabReports } from './tab-reports';

/** What a handler receives: the message's data (untrusted, whatever its static type) and sender. */
export interface IncomingMessage {
  data: unknown;
  sender: Sender;
}

export interface HandlerDeps {
  tabReports: TabReports;
  ruleset: () => CompiledRuleset;
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

export function createHandlers({ tabReports, ruleset }: HandlerDeps) {
  return {
    reportFrame({ data, sender }: IncomingMessage): Promise<Record<string, FieldVerdict> | undefined> {
      return safely('reportFrame', () => {
        const from = checkContentSender(sender);
        if (!from) return undefined;
        const report = parseFrameReport(data, from.frameUrl);
        if (!report) return undefined;
        return tabReports.handleFrameReport(from, report);
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
        return request ? rulesetTexts(ruleset(), request.lang) : undefined;
      });
    },
  };
}

export type Handlers = ReturnType<typeof createHandlers>;
