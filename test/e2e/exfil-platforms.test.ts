/**
 * "Who receives it, the way real trackers send it", in real Chromium: a checkout whose trackers send the
 * typed e-mail and phone to four other sites the ways the ad platforms document for hashed matching
 * (Meta: phone with country code, nested JSON by fetch; Google: gmail without dots and E.164, a Blob by
 * sendBeacon; TikTok-like: base64 SHA-256 in a FormData Blob from a fresh same-origin iframe; a
 * WebSocket stream: SHA-1). Every receiving site is reported; the same-site analytics call is not.
 * Then "this is wrong": it changes the grade at once, survives a worker restart, and the exported
 * corrections, imported on a clean profile, give the same result.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { auditUrl, readTabReport } from '../../src/dev/audit/audit';
import type { ExtensionSession } from '../../src/dev/audit/browser';
import { startStaticServer, type StaticServer } from '../../src/dev/audit/server';
import type { Finding, PageReport } from '../../src/shared/model';
import {
  dumpExtensionStorage,
  FIXTURES_DIR,
  launch,
  openPopup,
  SCREENSHOT_DIR,
  skipReason,
  startDemoServer,
  stopServiceWorkers,
  uiStrings,
} from './harness';
import { findingFor } from './exfil-helpers';

const EMAIL = 'Jane.Doe.5a7Q@gmail.com';
const PHONE = '138 9999 0417';

/** A WebSocket endpoint that accepts the handshake and ignores frames (enough for a page to send). */
async function startWebSocketSink(): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((_req, res) => res.writeHead(404).end());
  // Upgraded sockets leave the server's bookkeeping: kept here so close() can end them.
  const sockets = new Set<{ destroy(): void }>();
  server.on('upgrade', (req, socket) => {
    sockets.add(socket);
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
    socket.write(
      `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`,
    );
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/stream`,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const networkSites = (r: PageReport | null, category: string) =>
  (r?.findings ?? [])
    .filter((f) => f.source === 'network' && f.category === category)
    .map((f) => f.recipients?.[0]?.site)
    .sort();

describe.skipIf(!!skipReason)('sent the way the ad platforms document it', () => {
  let shop: StaticServer;
  let other: StaticServer;
  let third: StaticServer;
  let ws: { url: string; close(): Promise<void> };
  let session: ExtensionSession;
  let pageUrl: string;
  let receivers: string[];
  let exportedPath = '';
  let correctedGrade = '';

  beforeAll(async () => {
    shop = await startDemoServer();
    other = await startStaticServer([{ prefix: '/', dir: FIXTURES_DIR }]);
    third = await startStaticServer([{ prefix: '/', dir: FIXTURES_DIR }]);
    ws = await startWebSocketSink();
    const a = other.origin; // 127.0.0.1:P1
    const b = other.origin.replace('127.0.0.1', 'localhost'); // another host name: another site
    const c = third.origin; // 127.0.0.1:P2
    pageUrl = shop.url(`/fixtures/exfil-platforms.html?a=${a}&b=${b}&c=${c}&ws=${encodeURIComponent(ws.url)}`);
    receivers = [a, b, c, ws.url].map((u) => new URL(u).host).sort();
    session = await launch('en');
  });
  afterAll(async () => {
    await session?.close();
    await Promise.all([shop?.close(), other?.close(), third?.close(), ws?.close()]);
  });

  async function typeAndWait(page: Page, s: ExtensionSession = session): Promise<void> {
    await findingFor(s, page, (f) => f.source === 'field' && f.category === 'phone');
    await findingFor(s, page, (f) => f.source === 'field' && f.category === 'email');
    await page.fill('#email', EMAIL);
    await page.fill('#phone', PHONE);
    await page.press('#phone', 'Tab');
    await page.waitForFunction(() =>
      ['a', 'b', 'c', 'ws', 'same'].every((s) => (window as unknown as { sent: string[] }).sent.includes(s)),
    );
  }

  /** The tab's report once it has a network finding for every receiver and both kinds of data. */
  async function allReported(page: Page, s: ExtensionSession = session): Promise<PageReport> {
    let last: PageReport | null = null;
    await expect
      .poll(
        async () => {
          last = (await readTabReport(s, page.url())).report;
          return [networkSites(last, 'email'), networkSites(last, 'phone')];
        },
        { timeout: 15_000, interval: 200 },
      )
      .toEqual([receivers, receivers]);
    return last!;
  }

  it('reports every receiving site, for the e-mail and the phone; the same-site analytics call is not reported', async () => {
    const { page } = await auditUrl(session, pageUrl, 15_000);
    await typeAndWait(page);
    const report = await allReported(page);
    const shopSite = new URL(shop.origin).host;
    expect(report.findings.filter((f) => f.source === 'network').every((f) => f.recipients?.[0]?.site !== shopSite)).toBe(true);
    const byReceiver = Object.fromEntries(
      report.findings
        .filter((f): f is Finding & { sent: NonNullable<Finding['sent']> } => f.source === 'network' && f.category === 'phone' && !!f.sent)
        .map((f) => [f.sent.receiver, [f.sent.via, f.sent.encoding]]),
    );
    const [a, b, c] = [other.origin, other.origin.replace('127.0.0.1', 'localhost'), third.origin].map((u) => new URL(u).host);
    expect(byReceiver).toEqual({
      [a]: ['fetch', 'sha256'],
      [b]: ['beacon', 'sha256'],
      [c]: ['fetch', 'sha256'],
      [new URL(ws.url).host]: ['websocket', 'sha1'],
    });
    // The values never leave the page world.
    const dump = (await dumpExtensionStorage(session)).toLowerCase();
    const sha = (s: string) => createHash('sha256').update(s).digest('hex');
    for (const secret of [EMAIL, EMAIL.toLowerCase(), '13899990417', sha('+8613899990417'), sha('janedoe5a7q@gmail.com')])
      expect(dump).not.toContain(secret.toLowerCase());
    await page.close();
  });

  it('the popup says what was sent where (en and zh-CN screenshots)', async () => {
    const { page } = await auditUrl(session, pageUrl, 15_000);
    await typeAndWait(page);
    await allReported(page);
    const { tabId } = await readTabReport(session, page.url());
    const en = uiStrings('en');
    const popup = await openPopup(session, tabId!);
    await popup.locator('.sent li').nth(3).waitFor();
    const lines = await popup.locator('.sent li').allTextContents();
    expect(lines).toHaveLength(4);
    for (const line of lines) expect(line).toMatch(/^Sent to .+ before you pressed submit: hashed .+ and hashed .+$/);
    expect(lines.map((l) => /^Sent to (\S+)/.exec(l)?.[1]).sort()).toEqual(receivers);
    expect(await popup.getByText(en['wrong.button']).count()).toBeGreaterThanOrEqual(6);
    await popup.setViewportSize({ width: 420, height: 900 });
    await popup.screenshot({ path: path.join(SCREENSHOT_DIR, 'sent-early-en.png'), fullPage: true });
    await popup.close();
    await page.close();
  });

  it('"this is wrong" changes the grade at once and survives a worker restart; undo is listed in Options → Sites', async () => {
    const { page } = await auditUrl(session, pageUrl, 15_000);
    await typeAndWait(page);
    const before = await allReported(page);
    const { tabId } = await readTabReport(session, page.url());
    const en = uiStrings('en');
    const popup = await openPopup(session, tabId!);
    const gradeHeading = (grade: string) => popup.getByRole('heading', { level: 2, name: `${en.gradeLabel} ${grade}`, exact: true });
    await gradeHeading(before.grade).waitFor();
    // Both kinds of data "sent early" are, the user says, what this service needs (e.g. its own ad account).
    for (const category of ['email', 'phone']) {
      const card = popup.locator(`article:has(#finding-${category})`);
      const row = card.locator('.evidence li', { hasText: 'navigator.sendBeacon()' }).first();
      await row.getByText(en['wrong.button']).click();
      await row.getByRole('button', { name: en['wrong.kind.needed'] }).click();
      await popup.locator('.correction').waitFor();
    }
    const after = (await readTabReport(session, page.url())).report!;
    expect(after.findings.filter((f) => f.source === 'network')).toEqual([]);
    expect(after.grade).not.toBe(before.grade);
    await gradeHeading(after.grade).waitFor({ timeout: 5_000 });
    await popup.locator('.correction__share summary').click();
    expect(await popup.locator('.correction textarea').inputValue()).toContain('"silence"');
    await popup.screenshot({ path: path.join(SCREENSHOT_DIR, 'this-is-wrong-en.png'), fullPage: true });

    // A stopped worker starts again with a fresh module: the corrections come back from storage.
    await stopServiceWorkers(session, popup);
    await page.reload();
    await typeAndWait(page);
    await page.waitForTimeout(1_000);
    const restarted = (await readTabReport(session, page.url())).report!;
    expect(restarted.findings.filter((f) => f.source === 'network')).toEqual([]);
    expect(restarted.grade).toBe(after.grade);
    correctedGrade = after.grade;

    const options = await session.context.newPage();
    await options.goto(`chrome-extension://${session.extensionId}/options.html`);
    const row = options.locator('tr[data-site="127.0.0.1"]');
    await row.locator('.corrections li').nth(1).waitFor();
    const [download] = await Promise.all([
      options.waitForEvent('download'),
      options.getByRole('button', { name: en['options.sites.exportCorrections'] }).click(),
    ]);
    exportedPath = path.join(mkdtempSync(path.join(tmpdir(), 'ntk-corrections-')), download.suggestedFilename());
    await download.saveAs(exportedPath);
    await options.screenshot({ path: path.join(SCREENSHOT_DIR, 'corrections-options-en.png'), fullPage: true });
    await popup.close();
    await options.close();
    await page.close();
  });

  it('the exported corrections, imported on a clean profile, give the same result', async () => {
    expect(exportedPath).not.toBe('');
    const exported = JSON.parse(readFileSync(exportedPath, 'utf8'));
    expect(exported).toMatchObject({ id: 'local.corrections', overrides: [expect.anything(), expect.anything()] });
    const clean = await launch('zh-CN');
    try {
      const zh = uiStrings('zh-CN');
      // Control: without the corrections, this profile reports every receiver too (zh-CN popup).
      const { page: plain } = await auditUrl(clean, pageUrl, 15_000);
      await typeAndWait(plain, clean);
      const control = await allReported(plain, clean);
      expect(control.grade).not.toBe(correctedGrade);
      const plainPopup = await openPopup(clean, (await readTabReport(clean, plain.url())).tabId!);
      await plainPopup.locator('.sent li').nth(3).waitFor();
      expect(await plainPopup.locator('.sent li').first().textContent()).toMatch(
        /^在你点击提交之前已发送给 \S+：哈希处理后的.+和哈希处理后的.+$/,
      );
      await plainPopup.setViewportSize({ width: 420, height: 900 });
      await plainPopup.screenshot({ path: path.join(SCREENSHOT_DIR, 'sent-early-zh.png'), fullPage: true });
      await plainPopup.close();
      await plain.close();

      const options = await clean.context.newPage();
      await options.goto(`chrome-extension://${clean.extensionId}/options.html`);
      await options.locator('input[type=file]').setInputFiles(exportedPath);
      await options.locator('.preview').getByRole('button', { name: zh['options.preview.apply'] }).click();
      await options.locator('text=local.corrections').first().waitFor();
      const { page } = await auditUrl(clean, pageUrl, 15_000);
      await typeAndWait(page, clean);
      await page.waitForTimeout(1_500);
      const report = (await readTabReport(clean, page.url())).report!;
      expect(report.findings.filter((f) => f.source === 'network')).toEqual([]);
      expect(report.findings.some((f) => f.source === 'field' && f.category === 'email')).toBe(true);
      expect(report.grade).toBe(correctedGrade);
      const popup = await openPopup(clean, (await readTabReport(clean, page.url())).tabId!);
      await popup.getByRole('heading', { level: 2, name: `${zh.gradeLabel} ${report.grade}`, exact: true }).waitFor();
      await popup.setViewportSize({ width: 420, height: 900 });
      await popup.screenshot({ path: path.join(SCREENSHOT_DIR, 'corrections-imported-zh.png'), fullPage: true });
      await options.close();
    } finally {
      await clean.close();
    }
  });
});
