/**
 * The popup in a Chinese browser: Chromium's UI language becomes zh-CN (LANGUAGE=zh_CN plus Debian's
 * chromium-l10n), and the popup explains every demo tab in Simplified Chinese. Screenshots of the
 * Chinese pages' popups go to test/e2e/screenshots/popup-zh-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { auditUrl, type PageAudit } from '../../src/dev/audit/audit';
import type { ExtensionSession } from '../../src/dev/audit/browser';
import type { StaticServer } from '../../src/dev/audit/server';
import { DEMO_PAGES, DEMO_SCENARIOS } from './expectations';
import { badgeText, closeAll, openDemoBrowser, openPopup, SCREENSHOT_DIR, skipReason, uiLanguage } from './harness';
import { expectPopupShows } from './popup-checks';

describe.skipIf(!!skipReason)('popup in a Chinese browser', () => {
  let server: StaticServer;
  let session: ExtensionSession;
  const audits = new Map<string, PageAudit>();

  beforeAll(async () => {
    ({ server, session } = await openDemoBrowser('zh-CN'));
    for (const p of [...DEMO_PAGES.map((d) => d.file), 'index.html']) {
      audits.set(p, await auditUrl(session, server.url('/' + p), 15_000));
    }
  });
  afterAll(() => closeAll(session, server));

  it('the browser UI language really is zh-CN', async () => {
    expect(await uiLanguage(session)).toBe('zh-CN');
  });

  it('explains each demo tab in Simplified Chinese', async () => {
    for (const { file, scenario, lang } of DEMO_PAGES) {
      const { tabId } = audits.get(file)!;
      expect(await badgeText(session, tabId!), file).toBe(DEMO_SCENARIOS[scenario].grade);
      const popup = await openPopup(session, tabId!);
      await expectPopupShows(popup, 'zh-CN', DEMO_SCENARIOS[scenario], file);
      if (lang === 'zh-CN') await popup.screenshot({ path: path.join(SCREENSHOT_DIR, `popup-zh-${scenario}.png`) });
      await popup.close();
    }
  });

  it('says 未评级 (not rated) for a page that asks for nothing', async () => {
    const popup = await openPopup(session, audits.get('index.html')!.tabId ?? -1);
    await expectPopupShows(popup, 'zh-CN', null, 'index.html');
    await popup.close();
  });
});
