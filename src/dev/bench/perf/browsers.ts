/** The browsers a bench run compares, and one timed page load in any of them. */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_PATH, type ExtensionSession } from '../../audit/browser';

// Browsers: two without the extension (A and A', the noise control) and ours.

/** The launcher's flags minus the extension, so the three browsers differ only in the extension. */
export const CONTROL_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--lang=en',
];

export interface Subject {
  name: 'none' | 'none-again' | 'ours';
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export async function launchControl(name: Subject['name']): Promise<Subject> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ntk-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    locale: 'en',
    args: CONTROL_ARGS,
  });
  await context.addInitScript(LONG_TASK_OBSERVER);
  const page = await context.newPage();
  return { name, context, page, close: async () => (await context.close().catch(() => {}), rmSync(dir, { recursive: true, force: true })) };
}

/** Records every long task (> 50 ms) of the page from its very start. */
export const LONG_TASK_OBSERVER = `(() => {
  window.__longTasks = [];
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true }); } catch {}
})();`;

// ------------------------------------------------------------------------------------------------
// Page loads

export interface LoadTiming {
  dcl: number;
  load: number;
  /** Wall-clock time of DOMContentLoaded (for the DCL → badge interval). */
  dclEpoch: number;
  longTasks: number[];
}

export async function loadOnce(page: Page, url: string, blank: string): Promise<LoadTiming> {
  // Navigate from a blank page of the same site, so each load is a fresh document in a warm process.
  await page.goto(blank, { waitUntil: 'load' });
  await page.goto(url, { waitUntil: 'load' });
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return {
      dcl: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      dclEpoch: performance.timeOrigin + nav.domContentLoadedEventStart,
      longTasks: ((window as unknown as { __longTasks?: number[] }).__longTasks ?? []).slice(),
    };
  });
}

export function findBrowserPid(session: ExtensionSession): number {
  // The worker's renderer is a child of the browser; find the browser by our unique user-data dir.
  const ext = session.extensionDir;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes(`--load-extension=${ext}`) && !cmd.includes('--type=')) return Number(pid);
    } catch {
      // gone
    }
  }
  throw new Error('cannot find the browser process');
}
