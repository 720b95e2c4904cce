/**
 * Worker cold start: stop the extension's service worker, then visit a checkout; how long after
 * DOMContentLoaded the tab's badge shows a grade. The badge is polled from an extension page
 * (chrome.action is browser-side, so polling does not wake the worker).
 */
import type { ExtensionSession } from '../../audit/browser';
import { median, quantile } from '../statistics';
import type { Subject } from './browsers';
import { log, round, type Row, sleep } from './util';

/** The few extension APIs used from the extension page. */
interface ChromeApi {
  tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> };
  action: { setBadgeText(d: { tabId: number; text: string }): Promise<void>; getBadgeText(d: { tabId: number }): Promise<string> };
}

export async function coldStartSection(
  session: ExtensionSession,
  ours: Subject,
  url: string,
  blank: string,
  runs: number,
): Promise<{ row: Row; latencies: number[]; stopped: number }> {
  const ext = await session.context.newPage();
  await ext.goto(`chrome-extension://${session.extensionId}/options.html`, { waitUntil: 'load' });
  await sleep(1500);
  const cdp = await session.context.newCDPSession(ext);
  await cdp.send('ServiceWorker.enable');
  const ownOrigin = `chrome-extension://${session.extensionId}/`;
  const latencies: number[] = [];
  let stopped = 0;
  for (let run = 0; run < runs; run++) {
    log(`worker cold start: run ${run + 1}/${runs}`);
    await ours.page.goto(blank, { waitUntil: 'load' });
    const tabId = await ext.evaluate(async (blankUrl) => {
      const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
      const tabs = await chrome.tabs.query({});
      const tab = tabs.find((t) => t.url === blankUrl);
      if (tab?.id !== undefined) await chrome.action.setBadgeText({ tabId: tab.id, text: '' });
      return tab?.id ?? null;
    }, blank);
    if (tabId === null) continue;
    await cdp.send('ServiceWorker.stopAllWorkers');
    await sleep(500);
    // Playwright's worker list lags behind a stop; the browser's own target list does not.
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string; url: string }[] };
    if (!targetInfos.some((t) => t.type === 'service_worker' && t.url.startsWith(ownOrigin))) stopped++;
    const poll = ext.evaluate(async (id) => {
      const chrome = (globalThis as unknown as { chrome: ChromeApi }).chrome;
      const start = Date.now();
      while (Date.now() - start < 15_000) {
        if (await chrome.action.getBadgeText({ tabId: id })) return Date.now();
        await new Promise((r) => setTimeout(r, 4));
      }
      return null;
    }, tabId);
    await ours.page.goto(url, { waitUntil: 'load' });
    const dclEpoch = await ours.page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return performance.timeOrigin + nav.domContentLoadedEventStart;
    });
    const badgeAt = await poll;
    if (badgeAt !== null) latencies.push(badgeAt - dclEpoch);
  }
  await cdp.detach().catch(() => undefined);
  await ext.close();
  return {
    latencies,
    stopped,
    row: {
      metric: 'worker stopped → badge on a checkout (after DOMContentLoaded)',
      target: '≤ 150 ms',
      measured: latencies.length
        ? `median ${round(median(latencies), 0)} ms, p90 ${round(quantile(latencies, 0.9), 0)} ms (n=${latencies.length}; worker seen stopped in ${stopped}/${runs})`
        : 'no badge seen',
      pass: latencies.length ? median(latencies) <= 150 : false,
    },
  };
}
