/**
 * Launches Debian's Chromium with the built extension loaded, for the audit CLI and the e2e tests.
 * Finds the extension id and its service worker (re-found after the worker restarts), and keeps pages
 * off the internet: every non-loopback request is aborted unless the caller asked for network.
 */
import { chromium, type BrowserContext, type Request, type Worker } from 'playwright-core';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEBUG_GLOBAL } from '../../messaging/debug-hook';
import { isLoopbackUrl, REPO_ROOT } from './targets';

export const DEFAULT_EXTENSION_DIR = path.join(REPO_ROOT, process.env.NTK_OUT_DIR || '.output', 'chrome-mv3');
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export class SetupError extends Error {}

export interface LaunchOptions {
  extensionDir?: string;
  /** UI language of the browser (and so of the popup). */
  lang?: 'en' | 'zh-CN';
  /** Let pages reach non-loopback hosts (the CLI enables it only when given internet URLs). */
  allowNetwork?: boolean;
  /** A user agent for every page (the audit's --as: an app's web view). */
  userAgent?: string;
  /** Script text run in every page before its own scripts (the audit's --as recording bridge). */
  initScript?: string;
}

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  extensionDir: string;
  /** The extension's current service worker; waits for a new one if the old one was stopped. */
  worker(timeoutMs?: number): Promise<Worker>;
  /** Evaluates in the service worker, re-finding the worker once if it was stopped meanwhile. */
  inWorker<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Requests made by the extension's own contexts (service worker, extension pages) to anything but itself. */
  extensionRequests: string[];
  close(): Promise<void>;
}

export function extensionMissingReason(extensionDir = DEFAULT_EXTENSION_DIR): string | null {
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    return `no built extension at ${path.relative(process.cwd(), extensionDir) || extensionDir}: run npm run build:chrome first`;
  }
  if (!existsSync(CHROMIUM_PATH)) {
    return `no Chromium at ${CHROMIUM_PATH}: install Debian's chromium (apt-get install chromium), see .ci/run`;
  }
  return null;
}

/**
 * Flags every headless Chromium of ours starts with: no sandbox (root in CI), no GPU, and none of the
 * browser's own network traffic (this machine has no network; its refused connections are noise).
 */
export const QUIET_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchWithExtension(opts: LaunchOptions = {}): Promise<ExtensionSession> {
  const extensionDir = path.resolve(opts.extensionDir ?? DEFAULT_EXTENSION_DIR);
  const missing = extensionMissingReason(extensionDir);
  if (missing) throw new SetupError(missing);
  const lang = opts.lang ?? 'en';
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'ntk-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    locale: lang,
    ...(opts.userAgent ? { userAgent: opts.userAgent } : {}),
    // On Linux, Chromium takes its UI language (chrome.i18n.getUILanguage) from LANGUAGE, not --lang;
    // the language's .pak must be installed (Debian: chromium-l10n).
    env: { ...process.env, LANGUAGE: lang.replace('-', '_') },
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      ...QUIET_CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--lang=${lang}`,
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  try {
    if (opts.initScript) await context.addInitScript({ content: opts.initScript });
    // Pages whose subresources point at the internet must settle fast and stay offline.
    if (!opts.allowNetwork) {
      await context.route('**/*', (route) => {
        const url = route.request().url();
        if (/^(https?|wss?):/i.test(url) && !isLoopbackUrl(url)) return route.abort('blockedbyclient');
        return route.continue();
      });
    }
    const first =
      context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
      (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
    const extensionId = new URL(first.url()).host;
    const ownOrigin = `chrome-extension://${extensionId}/`;

    const extensionRequests: string[] = [];
    context.on('request', (req: Request) => {
      if (req.url().startsWith(ownOrigin)) return;
      if (madeByExtension(req, ownOrigin)) extensionRequests.push(req.url());
    });

    const worker = async (timeoutMs = 15_000): Promise<Worker> => {
      const live = context.serviceWorkers().find((w) => w.url().startsWith(ownOrigin));
      if (live) return live;
      return context.waitForEvent('serviceworker', {
        timeout: timeoutMs,
        predicate: (w) => w.url().startsWith(ownOrigin),
      });
    };

    const inWorker = async <R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> => {
      // Playwright types the argument as Unboxed<A>, which TS cannot relate to a generic A; for the
      // plain JSON arguments we pass they are the same.
      const run = async (w: Worker) => w.evaluate<R, A>(fn as never, arg);
      try {
        return await run(await worker());
      } catch (err) {
        // The worker may have been stopped between finding it and evaluating: try once more.
        if (!/Target.*closed|has been closed|Execution context was destroyed/i.test(String(err))) throw err;
        return run(await worker());
      }
    };

    return {
      context,
      extensionId,
      extensionDir,
      worker,
      inWorker,
      extensionRequests,
      close: async () => {
        await context.close().catch(() => {});
        rmSync(userDataDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await context.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
    throw err;
  }
}

function madeByExtension(req: Request, ownOrigin: string): boolean {
  const sw = req.serviceWorker();
  if (sw) return sw.url().startsWith(ownOrigin);
  try {
    return req.frame().url().startsWith(ownOrigin);
  } catch {
    // Requests without a frame (workers) that are not our service worker are the page's business.
    return false;
  }
}

/** The debug hook's name on the worker's global scope (see src/messaging/debug-hook.ts). */
export const DEBUG_HOOK = DEBUG_GLOBAL;
