/**
 * Face, not just camera, in a real Chromium with a fake camera (--use-fake-device-for-media-stream,
 * --use-fake-ui-for-media-stream, set by the launcher): the pages of test/fixtures/face (face log-ins,
 * real-name checks, selfie uploads and liveness SDK pages in en, zh, de and ja, and QR/barcode/document
 * camera pages that must not be a face) are audited and the category checked against the manifest.
 * Every face finding's evidence says why it is a face. Popup screenshots:
 * test/e2e/screenshots/popup-{en,zh}-face-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { auditUrl, readTabReport } from '../../src/dev/audit/audit';
import type { ExtensionSession } from '../../src/dev/audit/browser';
import { startStaticServer, type StaticServer } from '../../src/dev/audit/server';
import { REPO_ROOT } from '../../src/dev/audit/targets';
import type { PageReport } from '../../src/shared/model';
import { launch, openPopup, rulesetNames, SCREENSHOT_DIR, skipReason } from './harness';

const FACE_DIR = path.join(REPO_ROOT, 'test/fixtures/face');
interface FacePage {
  file: string;
  language: string;
  expected: 'face' | 'camera' | 'id_document';
  start: string;
}
const PAGES = (JSON.parse(readFileSync(path.join(FACE_DIR, 'manifest.json'), 'utf8')) as { pages: FacePage[] }).pages;
/** Pages whose camera starts after a click the page makes itself need a moment after load. */
const SETTLE_MS = 6_000;

describe.skipIf(!!skipReason)('face pages with a fake camera', () => {
  let server: StaticServer;
  let session: ExtensionSession;
  const reports = new Map<string, { report: PageReport | null; tabId: number | null; cameraStarted: boolean }>();

  beforeAll(async () => {
    server = await startStaticServer([{ prefix: '/', dir: FACE_DIR }]);
    session = await launch('en');
    await session.context.grantPermissions(['camera', 'microphone']);
    for (const p of PAGES) {
      const audit = await auditUrl(session, `${server.origin}/${p.file}`, 15_000);
      // Wait until the page's own camera request has resolved (window.__fixture.gum), then for the report.
      const until = Date.now() + SETTLE_MS;
      let read: Awaited<ReturnType<typeof readTabReport>>;
      for (;;) {
        const gum = await audit.page.evaluate(() => (window as unknown as { __fixture?: { gum?: string } }).__fixture?.gum ?? 'none');
        read = await readTabReport(session, audit.page.url());
        const done = gum !== 'pending' && (p.expected !== 'face' || read.report?.findings.some((f) => f.category === 'face'));
        if (done || Date.now() > until) break;
        await audit.page.waitForTimeout(250);
      }
      // One more beat for a report still on its way (a camera-only page reports after the call).
      await audit.page.waitForTimeout(600);
      read = await readTabReport(session, audit.page.url());
      const gum = await audit.page.evaluate(() => (window as unknown as { __fixture?: { gum?: string } }).__fixture?.gum ?? 'none');
      reports.set(p.file, { ...read, cameraStarted: gum === 'ok' });
      if (!/^(zh-face-login|en-facetec|neg-zh-qr-checkin|zh-vant-realname)/.test(p.file)) await audit.page.close();
    }
  }, 300_000);
  afterAll(async () => {
    await session?.close();
    await server?.close();
  });

  it('has the page set the issue asks for: ≥ 12 face pages (en + zh) and ≥ 4 QR/scan pages', () => {
    const face = PAGES.filter((p) => p.expected === 'face');
    expect(face.length).toBeGreaterThanOrEqual(12);
    expect(new Set(face.map((p) => p.language.slice(0, 2)))).toEqual(expect.objectContaining(new Set(['en', 'zh'])));
    expect(PAGES.filter((p) => p.expected === 'camera').length).toBeGreaterThanOrEqual(4);
  });

  for (const p of PAGES) {
    it(`${p.file}: ${p.expected === 'face' ? 'a face scan, with its reason' : 'no face'}`, () => {
      const { report, cameraStarted } = reports.get(p.file)!;
      const findings = report?.findings ?? [];
      const summary = JSON.stringify(findings.map((f) => `${f.category} ${f.ruleId} ${f.evidence}`));
      const categories = new Set(findings.map((f) => f.category));
      if (p.expected === 'face') {
        expect(categories.has('face'), `${p.file}: ${summary}`).toBe(true);
        for (const f of findings.filter((x) => x.category === 'face')) {
          // The evidence names what made it a face: a face word, a face SDK's script or global.
          if (f.source === 'api') expect(f.evidence, summary).toMatch(/^navigator\.mediaDevices\.getUserMedia\(.*\) \+ \S/);
          if (f.source === 'script') expect(f.evidence, summary).toMatch(/^<script src> \S/);
        }
        // A camera request that is a face scan is reported once, as the face scan.
        expect(categories.has('camera'), `${p.file}: ${summary}`).toBe(false);
      } else {
        expect(categories.has('face'), `${p.file}: ${summary}`).toBe(false);
        if (cameraStarted) expect(categories.has('camera'), `${p.file}: ${summary}`).toBe(true);
      }
    });
  }

  it('the popup says why a page is a face scan (screenshots)', async () => {
    const names = rulesetNames('en');
    for (const [file, shot] of [
      ['zh-face-login-oval-autostart.html', 'popup-en-face-login-zh'],
      ['en-facetec-sdk-global-only.html', 'popup-en-face-sdk-only'],
      ['zh-vant-realname-selfie-upload.html', 'popup-en-face-selfie-upload'],
      ['neg-zh-qr-checkin-front-camera.html', 'popup-en-face-qr-negative'],
    ] as const) {
      const { tabId } = reports.get(file)!;
      expect(tabId, file).not.toBeNull();
      // The report as the popup will show it (a page's prompts may have changed since the audit).
      const report = (await readTabReport(session, `${server.origin}/${file}`)).report ?? reports.get(file)!.report;
      const popup = await openPopup(session, tabId!);
      const face = report!.findings.find((f) => f.category === 'face');
      const heading = names.categories[face ? 'face' : 'camera'];
      await popup.getByRole('heading', { level: 3, name: heading, exact: true }).waitFor({ timeout: 10_000 });
      const text = await popup.locator('body').innerText();
      if (face) expect(text).toContain(face.evidence);
      else expect(text).not.toContain(names.categories.face);
      await popup.screenshot({ path: path.join(SCREENSHOT_DIR, `${shot}.png`) });
      await popup.close();
    }
  }, 60_000);
});
