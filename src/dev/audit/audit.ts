/**
 * Visits one page with the extension loaded and waits until its report has settled: the load event
 * (or the time limit), then no change in the tab's report for STABLE_MS (NO_REPORT_GRACE_MS while it
 * has no finding yet), all within the time limit.
 */
import type { Page } from 'playwright-core';
import type { PageReport } from '../../shared/model';
import type { NeedToKnowDebug } from '../../messaging/debug-hook';
import { DEBUG_HOOK, type ExtensionSession } from './browser';
import { reportSignature } from './report';

/** How long the report must stay unchanged to count as settled. */
export const STABLE_MS = 500;
/**
 * A page with no report, or a report without findings, gets this long after load: the content script
 * reports in idle-time batches, and its first report (sent at DOMContentLoaded) may come before the
 * first field, so a busy machine can leave an empty report unchanged for more than STABLE_MS.
 */
export const NO_REPORT_GRACE_MS = 1500;
const POLL_MS = 100;

export interface PageAudit {
  page: Page;
  url: string;
  tabId: number | null;
  report: PageReport | null;
  /** The time limit passed before the report settled: what it holds may be incomplete. */
  timedOut: boolean;
}

/** Reads the tab id and report for the page's current URL from the background's debug hook. */
export async function readTabReport(session: ExtensionSession, url: string): Promise<{ tabId: number | null; report: PageReport | null }> {
  return session.inWorker(
    async ({ url, hook }) => {
      const debug = (globalThis as unknown as Record<string, NeedToKnowDebug | undefined>)[hook];
      if (!debug) throw new Error(`the background has no ${hook} debug hook`);
      const tabId = await debug.tabIdForUrl(url);
      const report = tabId === null ? null : await debug.reportForTab(tabId);
      return { tabId, report };
    },
    { url, hook: DEBUG_HOOK },
  );
}

/** Waits until the page's report has been stable for `stableMs`, or the deadline passes. */
export async function waitForStableReport(
  session: ExtensionSession,
  page: Page,
  deadline: number,
  stableMs = STABLE_MS,
): Promise<{ tabId: number | null; report: PageReport | null; url: string; timedOut: boolean }> {
  const startedAt = Date.now();
  let lastSig = '';
  let lastChange = startedAt;
  let last: { tabId: number | null; report: PageReport | null };
  for (;;) {
    const url = page.url();
    last = await readTabReport(session, url);
    const sig = reportSignature(last.report);
    const now = Date.now();
    if (sig !== lastSig) {
      lastSig = sig;
      lastChange = now;
    }
    const stable = now - lastChange >= (last.report?.findings.length ? stableMs : Math.max(stableMs, NO_REPORT_GRACE_MS));
    if (stable) return { ...last, url, timedOut: false };
    if (now >= deadline) return { ...last, url, timedOut: true };
    await new Promise((r) => setTimeout(r, Math.min(POLL_MS, Math.max(0, deadline - now))));
  }
}

/** Opens `url` in a new tab and returns its settled report; the tab stays open for the caller. */
export async function auditUrl(session: ExtensionSession, url: string, timeoutMs: number): Promise<PageAudit> {
  const deadline = Date.now() + timeoutMs;
  const page = await session.context.newPage();
  try {
    let loadTimedOut = false;
    await page.goto(url, { waitUntil: 'load', timeout: timeoutMs }).catch((err: Error) => {
      // A page that never fires load is still audited with what it showed; a failed navigation is an error.
      if (!/Timeout/i.test(err.message)) throw err;
      loadTimedOut = true;
    });
    const settled = await waitForStableReport(session, page, deadline);
    return { page, ...settled, timedOut: settled.timedOut || loadTimedOut };
  } catch (err) {
    await page.close().catch(() => {});
    throw err;
  }
}
