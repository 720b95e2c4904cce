/** The popup's and options page's weight: JS they load (gzip), and how soon the popup shows a report. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ExtensionSession } from '../../audit/browser';
import { median } from '../statistics';
import type { Subject } from './browsers';
import { round, type Row } from './util';

/**
 * Gzip bytes of the scripts a page loads before it shows anything: its module script, the modules it
 * preloads, and the UI strings of one language (src/ui/ui-strings.ts imports them before the first
 * render; counted at the larger language). Other lazy chunks (tldts for adding a site) are excluded.
 */
export function pageJsGzip(extensionDir: string, html: string): { files: string[]; gzip: number } {
  const text = readFileSync(path.join(extensionDir, html), 'utf8');
  const files = [...text.matchAll(/<script[^>]+src="([^"]+\.js)"|<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)].map(
    (m) => m[1] ?? m[2],
  );
  const size = (f: string) => gzipSync(readFileSync(path.join(extensionDir, f)), { level: 9 }).length;
  const sized = files.map((f) => ({ f, bytes: size(f) }));
  const strings = readdirSync(path.join(extensionDir, 'chunks'))
    .filter((f) => /^(en|zh-CN)-[\w-]+\.js$/.test(f))
    .map((f) => ({ f: '/chunks/' + f, bytes: size('/chunks/' + f) }))
    .sort((a, b) => b.bytes - a.bytes);
  if (strings.length) sized.push(strings[0]);
  return { files: sized.map((s) => s.f), gzip: sized.reduce((n, s) => n + s.bytes, 0) };
}

export function uiWeightRows(extensionDir: string, results: Record<string, unknown>): Row[] {
  const popup = pageJsGzip(extensionDir, 'popup.html');
  const options = pageJsGzip(extensionDir, 'options.html');
  results.uiWeight = { popup, options };
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  return [
    {
      metric: 'popup: JS loaded to show a report, gzip',
      target: '≤ 25 KB',
      measured: `${kb(popup.gzip)} (${popup.files.join(' + ')})`,
      pass: popup.gzip <= 25 * 1024,
    },
    {
      metric: 'options page: JS loaded at open, gzip',
      target: '≤ 80 KB',
      measured: `${kb(options.gzip)} (${options.files.join(' + ')})`,
      pass: options.gzip <= 80 * 1024,
    },
  ];
}

/** Opens the popup for the tab showing `url` (as the e2e harness does, ?tabId=N) and times its report. */
export async function popupFirstContent(session: ExtensionSession, ours: Subject, url: string, runs: number): Promise<Row> {
  await ours.page.goto(url, { waitUntil: 'load' });
  await new Promise((r) => setTimeout(r, 800));
  const popup = await session.context.newPage();
  const base = `chrome-extension://${session.extensionId}/`;
  await popup.goto(`${base}options.html`);
  const tabId = await popup.evaluate(async (u) => {
    const chrome = (globalThis as unknown as { chrome: { tabs: { query(q: object): Promise<{ id?: number; url?: string }[]> } } }).chrome;
    return (await chrome.tabs.query({})).find((t) => t.url === u)?.id ?? null;
  }, url);
  const times: number[] = [];
  for (let i = 0; tabId !== null && i < runs; i++) {
    await popup.goto(`${base}popup.html?tabId=${tabId}`, { waitUntil: 'commit' });
    await popup.waitForSelector('.judged, .cards', { timeout: 10_000 }).catch(() => undefined);
    times.push(await popup.evaluate(() => performance.now()));
  }
  await popup.close();
  return {
    metric: 'popup: first report content after open',
    target: '≤ 100 ms',
    measured: times.length
      ? `median ${round(median(times), 0)} ms (n=${times.length}; navigation start → report rendered)`
      : 'popup not measured',
    pass: times.length ? median(times) <= 100 : null,
  };
}
