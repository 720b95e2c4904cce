/**
 * In-page notes and banners in real Chromium. The notes live in a closed shadow root, which page
 * scripts (and Playwright's locators) cannot see; the devtools protocol can (DOM.getDocument with
 * pierce), so the tests read them there and click them with real (trusted) mouse clicks.
 * Screenshots: test/e2e/screenshots/inpage-{en,zh}-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { auditUrl, waitForStableReport } from '../../src/dev/audit/audit';
import type { ExtensionSession } from '../../src/dev/audit/browser';
import type { StaticServer } from '../../src/dev/audit/server';
import type { Lang } from '../../src/shared/model';
import { closeAll, dumpExtensionStorage, fill, openDemoBrowser, rulesetNames, SCREENSHOT_DIR, skipReason, uiStrings } from './harness';

interface CdpNode {
  nodeId: number;
  nodeType: number;
  nodeName: string;
  nodeValue: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
}

interface ShownNote {
  kind: 'note' | 'banner';
  text: string;
  hidden: boolean;
  /** Viewport coordinates of the note's box, and of its buttons by class. */
  box: { x: number; y: number; width: number; height: number } | null;
  buttons: Record<string, { x: number; y: number }>;
}

/** The notes and banner our content script shows, read through the closed shadow root. */
async function shownNotes(page: Page): Promise<ShownNote[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const find = (n: CdpNode, pred: (n: CdpNode) => boolean, out: CdpNode[] = []): CdpNode[] => {
      if (pred(n)) out.push(n);
      for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? [])]) find(c, pred, out);
      return out;
    };
    const attr = (n: CdpNode, name: string) => {
      const a = n.attributes ?? [];
      const i = a.indexOf(name);
      return i >= 0 && i % 2 === 0 ? a[i + 1] : null;
    };
    const text = (n: CdpNode): string =>
      n.nodeType === 3 ? n.nodeValue : (n.children ?? []).map(text).join(n.nodeName === 'BR' ? ' ' : '');
    const hosts = find(root, (n) => n.nodeName === 'NEED-TO-KNOW-NOTES');
    const boxOf = async (n: CdpNode) => {
      const r = (await cdp.send('DOM.getBoxModel', { nodeId: n.nodeId }).catch(() => null)) as {
        model: { border: number[]; width: number; height: number };
      } | null;
      return r ? { x: r.model.border[0], y: r.model.border[1], width: r.model.width, height: r.model.height } : null;
    };
    const out: ShownNote[] = [];
    for (const host of hosts) {
      const shadow = host.shadowRoots?.[0];
      for (const el of shadow?.children ?? []) {
        const cls = attr(el, 'class');
        if (cls !== 'n' && cls !== 'b') continue;
        const buttons: ShownNote['buttons'] = {};
        for (const b of find(el, (n) => n.nodeName === 'BUTTON')) {
          const box = await boxOf(b);
          if (box) buttons[attr(b, 'class') ?? ''] = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        }
        const hidden = attr(el, 'hidden') !== null;
        out.push({ kind: cls === 'n' ? 'note' : 'banner', text: text(el), hidden, box: hidden ? null : await boxOf(el), buttons });
      }
    }
    return out;
  } finally {
    await cdp.detach();
  }
}

/** Polls until `check` holds for what is shown (notes are placed on an animation frame after the reply). */
async function notesWhen(page: Page, check: (n: ShownNote[]) => boolean, what: string): Promise<ShownNote[]> {
  const deadline = Date.now() + 10_000;
  let last: ShownNote[] = [];
  while (Date.now() < deadline) {
    last = await shownNotes(page);
    if (check(last)) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`${what}: notes shown were ${JSON.stringify(last.map((n) => n.text))}`);
}

/** Page elements a note must never cover: controls, buttons, links, headings, and label text. */
async function coveredPageParts(page: Page, boxes: { x: number; y: number; width: number; height: number }[]): Promise<string[]> {
  return page.evaluate((boxes) => {
    const hits: string[] = [];
    const meets = (r: DOMRect, b: { x: number; y: number; width: number; height: number }) =>
      r.width > 0 && r.height > 0 && r.right > b.x + 1 && r.left < b.x + b.width - 1 && r.bottom > b.y + 1 && r.top < b.y + b.height - 1;
    const parts = document.querySelectorAll(
      'input,select,textarea,button,a,h1,h2,h3,label,.van-cell__title,.van-radio__icon,footer,header,.van-submit-bar,.van-nav-bar',
    );
    for (const el of parts) {
      const range = document.createRange();
      range.selectNodeContents(el);
      // Text-bearing parts by their text; controls by their box.
      const rects =
        /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(el.tagName) || el.matches('footer,header,.van-submit-bar,.van-nav-bar,.van-radio__icon')
          ? [el.getBoundingClientRect()]
          : [...range.getClientRects()];
      for (const b of boxes)
        if (rects.some((r) => meets(r, b))) hits.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} ${el.className}`.trim());
    }
    return hits;
  }, boxes);
}

/** The note texts the background builds for a demo page's unnecessary fields, from the same strings. */
function noteText(lang: Lang, service: string, category: string, required: boolean): string {
  const ui = uiStrings(lang);
  const names = rulesetNames(lang);
  let name = names.categories[category];
  if (lang === 'en') name = name[0].toLowerCase() + name.slice(1);
  return fill(ui[required ? 'inpage.notNeeded' : 'inpage.optional'], { service: names.serviceKinds[service], category: name });
}

for (const lang of ['en', 'zh-CN'] as const) {
  const suffix = lang === 'en' ? '' : '.zh';
  const tag = lang === 'en' ? 'en' : 'zh';

  describe.skipIf(!!skipReason)(`in-page notes and banner (${lang} browser)`, () => {
    let server: StaticServer;
    let session: ExtensionSession;
    const ui = uiStrings(lang);

    beforeAll(async () => {
      ({ server, session } = await openDemoBrowser(lang));
    });
    afterAll(() => closeAll(session, server));

    async function open(file: string): Promise<Page> {
      const page = await session.context.newPage();
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(server.url('/' + file));
      await waitForStableReport(session, page, Date.now() + 15_000);
      return page;
    }

    it('shop checkout: a note beside birth date and gender only, covering nothing; dismiss works', async () => {
      const page = await open(`shop-checkout${suffix}.html`);
      const want = [noteText(lang, 'shop', 'birthdate', true), noteText(lang, 'shop', 'gender', true)];
      const notes = await notesWhen(page, (n) => n.filter((x) => x.kind === 'note').length === 2 && n.every((x) => x.box), 'two notes');
      // Each note: its short label, then the full text (opened on click).
      const short = ui['necessity.unnecessary'];
      expect(notes.map((n) => n.text.startsWith(short) && want.findIndex((w) => n.text.includes(w))).sort()).toEqual([0, 1]);
      expect(
        notes.some((n) => n.kind === 'banner'),
        'no banner: the page asks for no location or camera',
      ).toBe(false);
      // Beside its own field: the note's box is within a few pixels of the field it is about.
      const fieldBoxes = await page.evaluate((zh) => {
        const pick = (sel: string) => {
          const r = document.querySelector(sel)!.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        };
        return zh ? [pick('#van-field-3-input'), pick('[role=radiogroup]')] : [pick('#dob'), pick('#gender')];
      }, lang !== 'en');
      for (const field of fieldBoxes) {
        const near = notes.filter((n) => {
          const b = n.box!;
          const dx = Math.max(0, field.x - (b.x + b.width), b.x - (field.x + field.width));
          const dy = Math.max(0, field.y - (b.y + b.height), b.y - (field.y + field.height));
          return dx <= 12 && dy <= 12;
        });
        expect(near.length, `a note next to the field at ${JSON.stringify(field)}`).toBeGreaterThanOrEqual(1);
      }
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `inpage-${tag}-shop-checkout.png`) });
      expect(
        await coveredPageParts(
          page,
          notes.map((n) => n.box!),
        ),
        `notes at ${JSON.stringify(notes.map((n) => n.box))} cover none of the page`,
      ).toEqual([]);

      // A real click opens the full text; its × dismisses that note, the other stays.
      await page.mouse.click(notes[0].buttons.p.x, notes[0].buttons.p.y);
      const opened = await notesWhen(page, (n) => !!n[0]?.buttons.x, 'the first note opened');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `inpage-${tag}-shop-checkout-open.png`) });
      await page.mouse.click(opened[0].buttons.x.x, opened[0].buttons.x.y);
      const after = await notesWhen(page, (n) => n.length === 1, 'one note left after dismiss');
      expect(after[0].text).toBe(notes[1].text);

      // The page moves the field (a banner of its own above the form): the note follows it.
      const before = after[0].box!;
      await page.evaluate(() => {
        const promo = document.createElement('div');
        promo.style.height = '120px';
        promo.textContent = 'Free delivery today';
        document.querySelector('form')!.prepend(promo);
      });
      const moved = await notesWhen(
        page,
        (n) => n.length === 1 && !!n[0].box && Math.abs(n[0].box.y - before.y - 120) < 2,
        'the note followed its field down by 120 px',
      );
      expect(await coveredPageParts(page, [moved[0].box!])).toEqual([]);
      // The field goes away: so does its note.
      await page.evaluate((zh) => document.querySelector(zh ? '[role=radiogroup]' : '#gender')!.remove(), lang !== 'en');
      await notesWhen(page, (n) => n.length === 0, 'the note left with its field');
      await page.close();
    });

    it('food delivery: a banner about the precise location request', async () => {
      const page = await open(`food-delivery${suffix}.html`);
      const names = rulesetNames(lang);
      const want = fill(ui['inpage.banner.precise_location'], {
        service: names.serviceKinds.food,
        addressHint: ui['inpage.banner.addressHint'],
      });
      const [banner] = await notesWhen(page, (n) => n.some((x) => x.kind === 'banner' && !!x.box), 'a banner');
      expect(banner.text).toContain(want);
      expect(banner.text).toContain(ui['inpage.dismiss']);
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `inpage-${tag}-food-delivery.png`) });
      await page.mouse.click(banner.buttons.d.x, banner.buttons.d.y);
      await notesWhen(page, (n) => !n.some((x) => x.kind === 'banner'), 'banner dismissed');
      await page.close();
    });

    it('vending machine: a face-scan banner and notes beside phone, gender and birth date', async () => {
      const page = await open(`vending-pay${suffix}.html`);
      const names = rulesetNames(lang);
      const first = await notesWhen(
        page,
        (n) => n.some((x) => x.kind === 'banner') && n.filter((x) => x.kind === 'note').length === 3,
        'banner and 3 notes',
      );
      const banner = first.find((n) => n.kind === 'banner')!;
      expect(banner.text).toContain(fill(ui['inpage.banner.face'], { service: names.serviceKinds.vending }));
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `inpage-${tag}-vending-pay.png`) });
      // Scrolled to the form, every note has a spot that covers nothing (none under the fixed footer).
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
      const shown = await notesWhen(
        page,
        (n) => n.filter((x) => x.kind === 'note' && x.box).length === 3,
        '3 placed notes after scrolling',
      );
      const notes = shown.filter((n) => n.kind === 'note');
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, `inpage-${tag}-vending-pay-form.png`) });
      expect(
        await coveredPageParts(
          page,
          notes.map((n) => n.box!),
        ),
        `notes at ${JSON.stringify(notes.map((n) => n.box))} cover none of the page`,
      ).toEqual([]);
      await page.close();
    });

    it('"don\'t show on this site" hides every note and persists across a reload; typed values never stored', async () => {
      const page = await open(`shop-checkout${suffix}.html`);
      const notes = await notesWhen(page, (n) => n.filter((x) => x.box).length === 2, 'two notes');
      await page.mouse.click(notes[0].buttons.p.x, notes[0].buttons.p.y);
      const opened = await notesWhen(page, (n) => !!n[0]?.buttons.h, 'the first note opened');
      await page.mouse.click(opened[0].buttons.h.x, opened[0].buttons.h.y);
      await notesWhen(page, (n) => n.length === 0, 'all notes gone');
      const settings = (await session.inWorker(
        async () =>
          (
            await (
              globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }
            ).chrome.storage.local.get('settings')
          ).settings,
        null,
      )) as { sites: Record<string, { hideNotes?: boolean }> };
      expect(settings.sites['127.0.0.1']?.hideNotes).toBe(true);

      await page.reload();
      await waitForStableReport(session, page, Date.now() + 15_000);
      // The report is back (so the reply came) and still no notes.
      const { report } = await auditUrl(session, page.url(), 15_000).then(async (a) => (await a.page.close(), a));
      expect(report?.grade).toBe('C');
      expect(await shownNotes(page)).toEqual([]);
      // Canaries typed into the fields never reach storage, with notes on or off.
      const canary = 'canary-inpage-9c4d';
      for (const sel of lang === 'en' ? ['#fullName', '#mobile', '#street'] : ['#van-field-1-input', '#van-field-2-input'])
        await page.fill(sel, canary);
      await page.waitForTimeout(300);
      expect((await dumpExtensionStorage(session)).includes('9c4d')).toBe(false);
      // A new session starts with notes on again for the next test run.
      await page.close();
    });
  });
}
