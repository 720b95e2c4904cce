/**
 * Privacy canaries at scale: a unique value typed into each of 50+ fields across the demo pages and
 * the benchmark checkout. None may appear in anything the extension keeps (every IndexedDB store,
 * chrome.storage), in any console output of the worker or the pages, or in any request made by anyone
 * in the browser — and the extension itself makes no request at all. (test/e2e/privacy.test.ts holds
 * the recorder's own proof that it catches a leaky extension.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConsoleMessage, Page, Request, Worker } from 'playwright-core';
import { auditUrl, waitForStableReport } from '../../src/dev/audit/audit';
import type { ExtensionSession } from '../../src/dev/audit/browser';
import { startStaticServer, type StaticServer } from '../../src/dev/audit/server';
import { DEMO_DIR } from '../../src/dev/audit/targets';
import { writeBenchPages } from '../../src/dev/bench/pages/generate';
import { DEMO_PAGES } from './expectations';
import { dumpExtensionStorage, launch, skipReason } from './harness';

/** A value unique to field `n` and valid for its input type, so the browser keeps what we type. */
function canaryFor(n: number, type: string): string {
  const id = String(n).padStart(3, '0');
  switch (type) {
    case 'tel':
      return `1398${id}5${id}`; // 11 digits, unique per field
    case 'email':
      return `cnry${id}zq@example.com`;
    case 'number':
      return `7${id}9${id}`;
    case 'date':
      return `19${String(10 + (n % 80)).padStart(2, '0')}-0${1 + (n % 9)}-1${n % 10}`;
    default:
      return `cnry${id}zq Quillfeather`;
  }
}

/** The part of a canary that would show up even if partly transformed (lower-cased, trimmed, re-encoded). */
function needle(value: string): string {
  return value.includes('cnry') ? value.slice(0, 9) : value;
}

describe.skipIf(!!skipReason)('privacy canaries in 50+ fields', () => {
  let server: StaticServer;
  let session: ExtensionSession;
  let benchDir: string;
  const consoleLines: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    benchDir = mkdtempSync(path.join(os.tmpdir(), 'ntk-canary-pages-'));
    writeBenchPages(benchDir);
    server = await startStaticServer([
      { prefix: '/', dir: DEMO_DIR },
      { prefix: '/bench/', dir: benchDir },
    ]);
    session = await launch('en');
    const record = (m: ConsoleMessage) => consoleLines.push(`${m.type()}: ${m.text()}`);
    const watchWorker = (w: Worker) => w.on('console', record);
    session.context.serviceWorkers().forEach(watchWorker);
    session.context.on('serviceworker', watchWorker);
    session.context.on('console', record);
    session.context.on('request', (r: Request) => requests.push(`${r.method()} ${r.url()} ${r.postData() ?? ''}`));
  });
  afterAll(async () => {
    await session?.close();
    await server?.close();
    if (benchDir) rmSync(benchDir, { recursive: true, force: true });
  });

  async function typeCanaries(page: Page, typed: string[]): Promise<void> {
    const controls = page.locator('input, textarea, select');
    for (let i = 0; i < (await controls.count()); i++) {
      const c = controls.nth(i);
      if (!(await c.isVisible()) || !(await c.isEditable())) continue;
      const [tag, type, maxLength] = await c.evaluate(
        (el) =>
          [el.tagName.toLowerCase(), (el.getAttribute('type') ?? 'text').toLowerCase(), Number(el.getAttribute('maxlength') ?? 0)] as const,
      );
      if (maxLength > 0 && maxLength < 24) continue; // too short for a canary we could recognise
      if (tag === 'select') await c.selectOption({ index: 1 }).catch(() => undefined);
      else if (type === 'radio' || type === 'checkbox') await c.evaluate((el) => (el as HTMLInputElement).click());
      else if (
        ['text', 'tel', 'email', 'number', 'date', 'search', 'url', 'password', 'textarea'].includes(tag === 'textarea' ? 'textarea' : type)
      ) {
        const value = canaryFor(typed.length, tag === 'textarea' ? 'text' : type);
        await c.fill(value);
        expect(await c.inputValue(), 'the browser kept the typed value').toBe(value);
        typed.push(value);
      }
    }
  }

  it('no typed value reaches storage, logs or any request', async () => {
    const typed: string[] = [];
    const pages = [...DEMO_PAGES.map((d) => '/' + d.file), '/bench/checkout-30.html'];
    for (const p of pages) {
      const { page } = await auditUrl(session, server.url(p), 15_000);
      await typeCanaries(page, typed);
      // Focus, input and change events, then a mutation the scanner must rescan (values must not ride along).
      await page.evaluate(() => document.querySelector('form')?.append(Object.assign(document.createElement('input'), { name: 'later' })));
      await page.waitForTimeout(300);
      await waitForStableReport(session, page, Date.now() + 5_000);
    }
    expect(new Set(typed).size, 'unique canaries typed').toBeGreaterThanOrEqual(50);

    const dump = await dumpExtensionStorage(session);
    expect(dump, 'the dump is the real store').toContain('birthdate');
    // The capture itself works, for the worker and for pages (so "not in the logs" means something).
    await session.inWorker(() => console.log('ntk-worker-console-probe'), null);
    const probePage = await session.context.newPage();
    await probePage.evaluate(() => console.log('ntk-page-console-probe'));
    await probePage.waitForTimeout(200);
    const logs = consoleLines.join('\n');
    expect(logs).toContain('ntk-worker-console-probe');
    expect(logs).toContain('ntk-page-console-probe');
    const traffic = requests.join('\n');
    for (const value of typed) {
      const n = needle(value);
      expect(dump.includes(n), `"${n}" in extension storage`).toBe(false);
      expect(logs.includes(n), `"${n}" in console output`).toBe(false);
      expect(traffic.includes(n) || traffic.includes(encodeURIComponent(n)), `"${n}" in a request`).toBe(false);
    }
    expect(session.extensionRequests, 'requests made by the extension').toEqual([]);
  }, 240_000);
});
