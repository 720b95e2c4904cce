/** The browsers a bench run compares, and one timed page load in any of them. */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM_PATH, QUIET_CHROMIUM_ARGS, type ExtensionSession } from '../../audit/browser';
import { processCpuNs } from './cpu';

// Browsers: two without the extension (A and A', the noise control), ours, and Privacy Badger as a
// peer when its checkout is present.

/**
 * Where Privacy Badger's unpacked extension (its `src/`, branch mv3-chrome) is looked for: the
 * NTK_BENCH_PRIVACY_BADGER env var, else ~/.cache/ntk-bench/privacybadger/src. Never in the repository
 * (its code is not ours to commit); see PERFORMANCE.md for how to get it. CI has no copy: the bench
 * then runs without the peer and says so.
 */
export function privacyBadgerDir(): string | null {
  const dir = process.env.NTK_BENCH_PRIVACY_BADGER || path.join(os.homedir(), '.cache/ntk-bench/privacybadger/src');
  return existsSync(path.join(dir, 'manifest.json')) ? dir : null;
}

/** The launcher's flags minus the extension, so the three browsers differ only in the extension. */
export const CONTROL_ARGS = [...QUIET_CHROMIUM_ARGS, '--lang=en'];

export interface Subject {
  name: 'none' | 'none-again' | 'ours' | 'pb';
  context: BrowserContext;
  page: Page;
  /** Its profile directory: names the browser's process tree (for whole-browser CPU). */
  userDataDir: string;
  close(): Promise<void>;
}

/** A browser without ours: no extension at all, or another one (`extensionDir`, e.g. Privacy Badger). */
export async function launchControl(name: Subject['name'], extensionDir?: string): Promise<Subject> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ntk-bench-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    locale: 'en',
    ...(extensionDir ? { ignoreDefaultArgs: ['--disable-extensions'] } : {}),
    args: extensionDir
      ? [...CONTROL_ARGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`]
      : CONTROL_ARGS,
  });
  await context.addInitScript(LONG_TASK_OBSERVER);
  const page = await context.newPage();
  return {
    name,
    context,
    page,
    userDataDir: dir,
    close: async () => (await context.close().catch(() => {}), rmSync(dir, { recursive: true, force: true })),
  };
}

/** On-CPU ns of a browser's whole process tree (browser, zygotes, renderers, GPU/network utilities). */
export function browserTreeCpuNs(userDataDir: string): number {
  const parentOf = new Map<number, number>();
  let root: number | null = null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid …": comm may hold spaces, so read after its closing parenthesis.
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (root === null) {
        const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
        if (cmd.includes(`--user-data-dir=${userDataDir}`) && !cmd.includes('--type=')) root = Number(entry);
      }
    } catch {
      // the process ended meanwhile
    }
  }
  if (root === null) return 0;
  const tree = new Set([root]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parentOf) {
      if (tree.has(pid) || !tree.has(ppid)) continue;
      tree.add(pid);
      grew = true;
    }
  }
  let total = 0;
  for (const pid of tree) {
    try {
      total += processCpuNs(pid);
    } catch {
      // gone
    }
  }
  return total;
}

/**
 * Records every long task (> 50 ms) of the page from its very start, and from long animation frames
 * the longest script run whose source is an extension (LoAF attributes scripts ≥ 5 ms to their URL;
 * one script run is one task or callback, so this bounds the longest task an extension caused).
 */
export const LONG_TASK_OBSERVER = `(() => {
  window.__longTasks = [];
  window.__extensionScriptMax = 0;
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__longTasks.push(e.duration); }).observe({ type: 'longtask', buffered: true }); } catch {}
  try { new PerformanceObserver((l) => { for (const e of l.getEntries()) for (const s of e.scripts || []) if (/^chrome-extension:/.test(s.sourceURL || '')) window.__extensionScriptMax = Math.max(window.__extensionScriptMax, s.duration); }).observe({ type: 'long-animation-frame', buffered: true }); } catch {}
})();`;

// ------------------------------------------------------------------------------------------------
// Page loads

export interface LoadTiming {
  dcl: number;
  load: number;
  /** Wall-clock time of DOMContentLoaded (for the DCL → badge interval). */
  dclEpoch: number;
  longTasks: number[];
  /** Longest script run from an extension's URL in a long animation frame (0: none ≥ 5 ms seen). */
  extensionScriptMax: number;
  /** Whole-browser on-CPU ms from the start of the navigation until the page settled. */
  browserCpuMs: number;
}

/**
 * One load of `url`, from a blank page of the same site (a fresh document in a warm process). The
 * whole browser's CPU is counted from the navigation until `settleMs` after the load event (or after
 * the SPA page says it is done), the same window for every browser.
 */
export async function loadOnce(subject: Subject, url: string, blank: string, settleMs = 0, spa = false): Promise<LoadTiming> {
  const { page } = subject;
  await page.goto(blank, { waitUntil: 'load' });
  const cpu0 = settleMs ? browserTreeCpuNs(subject.userDataDir) : 0;
  await page.goto(url, { waitUntil: 'load' });
  if (spa) await page.waitForFunction(() => (window as unknown as { benchDone?: boolean }).benchDone === true, null, { timeout: 30_000 });
  if (settleMs) await new Promise((r) => setTimeout(r, settleMs));
  const browserCpuMs = settleMs ? (browserTreeCpuNs(subject.userDataDir) - cpu0) / 1e6 : NaN;
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const w = window as unknown as { __longTasks?: number[]; __extensionScriptMax?: number };
    return {
      dcl: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      dclEpoch: performance.timeOrigin + nav.domContentLoadedEventStart,
      longTasks: (w.__longTasks ?? []).slice(),
      extensionScriptMax: w.__extensionScriptMax ?? 0,
    };
  });
  return { ...timing, browserCpuMs };
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
