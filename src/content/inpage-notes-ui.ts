/**
 * In-page notes and the banner, in the isolated world: vanilla DOM in one closed shadow root, built
 * only when the background's verdicts carry something to show (the ruleset decides, never this code).
 *
 * Zero layout: the host is a 0×0 absolutely positioned element, so the page's layout never changes.
 * A note is a small label anchored beside its field in document coordinates (page scrolling moves it
 * for free): right of the field, above it or below it, wherever it covers nothing of the page (checked
 * with hit tests); it hides while its field is hidden or covered (a fixed footer). Its full text and
 * buttons open on click, over the page, because the user asked for them.
 */
import type { FieldVerdict, InPageNote } from '../messaging/protocol';
import type { FrameReport } from '../shared/model';

const API_KEY = /^api:/;
/** Inline, so ordinary page styles cannot move or hide it; `all:initial` drops what it would inherit. */
const HOST_STYLE = 'all:initial;position:absolute;left:0;top:0;z-index:2147483647';
const CSS =
  '*{box-sizing:border-box;font:12px/1.35 system-ui,sans-serif;color:#3d3100}' +
  '.n{position:absolute;left:0;top:0}[hidden]{display:none!important}p{margin:0}' +
  '.p,.f,.b{background:#fff8e1;border:1px solid #dcb94c}' +
  '.p{white-space:nowrap;padding:0 7px;border-radius:9px;font-size:11px;line-height:16px}' +
  '.f,.b{display:flex;gap:6px 10px;box-shadow:0 2px 8px #0003}' +
  '.f{position:absolute;top:calc(100% + 4px);width:max-content;max-width:min(280px,calc(100vw - 8px));padding:6px 6px 6px 10px;border-radius:8px}' +
  '.b{position:fixed;left:50%;top:8px;transform:translateX(-50%);width:min(640px,calc(100vw - 16px));flex-wrap:wrap;padding:10px 12px;border-radius:10px}' +
  '.b p{flex:1 1 100%;font-size:14px}' +
  'button{cursor:pointer;border:0;background:none;padding:0 2px;text-decoration:underline}' +
  '.p,.x{text-decoration:none}.x{font-size:15px;line-height:1;align-self:flex-start}.b button{font-size:13px}' +
  // On a phone (or a narrow window) every button is a 44 × 44 px touch target; placement measures the new size.
  '@media (max-width:370px),(pointer:coarse){.p{font-size:13px;line-height:42px;border-radius:22px;padding:0 12px}' +
  'button{min-width:44px;min-height:44px}.x{align-self:center}}';

interface Note {
  el: Element;
  box: HTMLElement;
  category: string;
}

export interface InPageNotes {
  /** Remembers which selector each reported field key has, to find the field a verdict is about. */
  sent(report: FrameReport): void;
  /** Shows what a reportFrame reply asks for. */
  show(verdicts: Record<string, FieldVerdict> | undefined): void;
}

/**
 * `selectors` (field key → selector) may be passed in already filled: the content script records
 * them from the first report, before it loads this module on demand (see on-demand.ts).
 */
export function createInPageNotes(doc: Document, hideOnSite: () => void, selectors = new Map<string, string>()): InPageNotes {
  const win = doc.defaultView!;
  const notes = new Map<string, Note>();
  /** Dismissed field keys and api keys, and the kinds of data whose note was dismissed. */
  const dismissed = new Set<string>();
  let root: ShadowRoot | null = null;
  let banner: HTMLElement | null = null;
  let bannerKey = '';
  let off = false;
  let frame = 0;

  function shadow(): ShadowRoot {
    if (root) return root;
    const host = doc.createElement('need-to-know-notes');
    host.setAttribute('style', HOST_STYLE);
    root = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = CSS;
    root.append(style);
    doc.documentElement.append(host);
    const later = () => (frame ||= win.requestAnimationFrame(placeAll));
    win.addEventListener('scroll', later, { capture: true, passive: true });
    win.addEventListener('resize', later, { passive: true });
    resizes.observe(doc.documentElement);
    return root;
  }
  const resizes = new ResizeObserver(() => (frame ||= win.requestAnimationFrame(placeAll)));

  /** Only a real click by the user: the page can dispatch synthetic clicks at anything. */
  function button(label: string, cls: string, action: () => void, aria?: string): HTMLButtonElement {
    const b = doc.createElement('button');
    b.className = cls;
    b.textContent = label;
    if (aria) b.setAttribute('aria-label', aria);
    b.addEventListener('click', (e) => e.isTrusted && action());
    return b;
  }

  /** The banner: what the page asked for and what the choice means, with both buttons. */
  function bannerBox(n: InPageNote, close: () => void): HTMLElement {
    const div = doc.createElement('div');
    div.className = 'b';
    div.setAttribute('role', 'status');
    const text = doc.createElement('p');
    text.textContent = n.text;
    div.append(text, button(n.dismiss, 'd', close), button(n.hideOnSite, 'h', hideHere));
    return div;
  }

  /** A field note: a small label ("Not needed") that opens the full explanation and its buttons. */
  function noteBox(n: InPageNote, close: () => void): HTMLElement {
    const div = doc.createElement('div');
    div.className = 'n';
    div.setAttribute('role', 'note');
    const panel = doc.createElement('div');
    panel.className = 'f';
    panel.hidden = true;
    const text = doc.createElement('p');
    text.append(n.text, doc.createElement('br'), button(n.hideOnSite, 'h', hideHere));
    panel.append(text, button('×', 'x', close, n.dismiss));
    const pill = button(n.short ?? n.text, 'p', () => {
      panel.hidden = !panel.hidden;
      pill.setAttribute('aria-expanded', String(!panel.hidden));
      div.style.zIndex = panel.hidden ? '' : '1'; // an open note above the other labels
      // Right-aligned to the label but inside the window; upwards near the bottom of the window.
      const r = pill.getBoundingClientRect();
      const pw = panel.offsetWidth;
      const left = Math.max(4, Math.min(r.right - pw, doc.documentElement.clientWidth - pw - 4)) - r.left;
      panel.style.cssText = `left:${left}px;right:auto${r.bottom + panel.offsetHeight + 8 > win.innerHeight ? ';top:auto;bottom:calc(100% + 4px)' : ''}`;
    });
    pill.title = n.text;
    pill.setAttribute('aria-expanded', 'false');
    div.append(pill, panel);
    return div;
  }

  function hideHere(): void {
    hideOnSite();
    removeAll();
  }

  function removeAll(): void {
    off = true;
    for (const n of notes.values()) n.box.remove();
    notes.clear();
    banner?.remove();
  }

  /** Radios and checkboxes: their group's container is the thing the user sees as "the field". */
  function anchorOf(el: Element): Element {
    const type = (el as HTMLInputElement).type;
    return ((type === 'radio' || type === 'checkbox') && (el.closest('[role=radiogroup],fieldset') || el.closest('label'))) || el;
  }

  function hitAt(x: number, y: number): Element | null {
    for (const hit of doc.elementsFromPoint(x, y)) if (hit.localName !== 'need-to-know-notes') return hit;
    return null;
  }

  /**
   * Whether a box in viewport coordinates covers nothing of the page and none of our notes; `lenient`
   * allows covering text (a label's empty-looking line box) but never a control, link or media.
   */
  function free(x: number, y: number, w: number, h: number, anchor: Element, taken: DOMRect[], lenient: boolean): boolean {
    const meets = (r: DOMRect) => r.right > x && r.left < x + w && r.bottom > y && r.top < y + h;
    if (taken.some(meets)) return false;
    for (const [px, py] of [
      [x + 2, y + 2],
      [x + w - 2, y + 2],
      [x + 2, y + h - 2],
      [x + w - 2, y + h - 2],
      [x + w / 2, y + h / 2],
    ]) {
      const hit = hitAt(px, py);
      // Outside the viewport nothing can be covered yet; the background of a container of the field is free.
      if (!hit || (hit !== anchor && hit.contains(anchor))) continue;
      if (anchor.contains(hit) || /^(input|select|textarea|button|a|img|svg|video|canvas|iframe|header|footer|nav)$/.test(hit.localName))
        return false;
      if (!lenient && textRects(hit).some(meets)) return false;
    }
    return true;
  }

  function textRects(el: Node): DOMRect[] {
    const range = doc.createRange();
    range.selectNodeContents(el);
    return [...range.getClientRects()];
  }

  function visible(anchor: Element, el: Element, r: DOMRect): boolean {
    if (!el.isConnected || (!r.width && !r.height)) return false;
    const hit = hitAt(r.left + r.width / 2, r.top + r.height / 2);
    return !hit || anchor.contains(hit) || hit.contains(anchor) || (hit as HTMLLabelElement).control === el;
  }

  /**
   * Places every note: all reads (boxes, hit tests) first, all writes last. A write between two hit
   * tests makes the browser update layout and paint data again before the next one, which on a large
   * page cost tens of milliseconds per note. Hit tests skip our own host, so where the notes are does
   * not change what they see.
   */
  function placeAll(): void {
    frame = 0;
    for (const [key, n] of notes) {
      if (!n.el.isConnected) {
        n.box.remove();
        notes.delete(key);
      }
    }
    // Shown while measured (a hidden pill has no size); one layout for all of them.
    for (const n of notes.values()) n.box.hidden = false;
    const taken: DOMRect[] = [];
    const placed: { box: HTMLElement; at: number[] | undefined }[] = [];
    for (const n of notes.values()) {
      const anchor = anchorOf(n.el);
      const r = anchor.getBoundingClientRect();
      if (!visible(anchor, n.el, r)) {
        placed.push({ box: n.box, at: undefined });
        continue;
      }
      const pill = n.box.firstElementChild as HTMLElement;
      const w = pill.offsetWidth;
      const h = pill.offsetHeight;
      const maxX = doc.documentElement.clientWidth - w - 2;
      // Right of the field, then above it, then below it (right-aligned); above when nothing is free.
      const options = [
        [r.right + 6, r.top + (r.height - h) / 2],
        [r.right - w, r.top - h - 2],
        [r.right - w, r.bottom + 2],
      ].map(([x, y]) => [Math.max(2, Math.min(x, maxX)), y]);
      // The field's own labels and legend count as taken: hit tests sample points and could miss them.
      const own = [...((n.el as HTMLInputElement).labels ?? []), anchor.querySelector('legend')].flatMap((l) => (l ? textRects(l) : []));
      const spot = (lenient: boolean) => options.find(([ox, oy]) => free(ox, oy, w, h, anchor, [...taken, ...own], lenient));
      // Nowhere to go without covering the page: hidden until scrolling or layout frees a spot.
      const at = spot(false) ?? spot(true);
      if (at) taken.push(new DOMRect(at[0], at[1], w, h));
      placed.push({ box: n.box, at });
    }
    const { scrollX, scrollY } = win;
    for (const { box, at } of placed) {
      box.hidden = !at;
      if (at) box.style.transform = `translate(${at[0] + scrollX}px,${at[1] + scrollY}px)`;
    }
  }

  const elementFor = (key: string): Element | null => {
    try {
      return doc.querySelector(selectors.get(key) ?? ':not(*)');
    } catch {
      return null;
    }
  };

  return {
    sent(report) {
      for (const f of report.fields) selectors.set(f.key, f.selector);
      for (const key of report.removed) selectors.delete(key);
    },
    show(verdicts) {
      if (off || !verdicts) return;
      try {
        let changed = false;
        for (const [key, n] of notes) {
          if (!verdicts[key]?.inPage || !n.el.isConnected) {
            n.box.remove();
            notes.delete(key);
          }
        }
        // One note per kind of data: a day/month/year trio, or a page with hundreds of e-mail boxes,
        // needs one explanation, not one per box (and placing hundreds costs the page real CPU).
        const noted = new Set([...notes.values()].map((n) => n.category));
        for (const [key, v] of Object.entries(verdicts)) {
          if (!v.inPage || dismissed.has(key) || dismissed.has('category:' + v.category)) continue;
          if (!API_KEY.test(key) && !notes.has(key) && noted.has(v.category)) continue;
          const close = () => {
            dismissed.add(key);
            if (!API_KEY.test(key)) dismissed.add('category:' + v.category);
            notes.get(key)?.box.remove();
            notes.delete(key);
            if (API_KEY.test(key)) banner?.remove();
          };
          if (API_KEY.test(key)) {
            // One banner at a time: the worst request comes first in the reply. Later replies may
            // refine its text (an address field appeared), so the shown banner follows them.
            if (!banner?.isConnected) {
              shadow().append((banner = bannerBox(v.inPage, close)));
              bannerKey = key;
            } else if (key === bannerKey) banner.firstChild!.textContent = v.inPage.text;
            continue;
          }
          const el = elementFor(key);
          if (!el || notes.get(key)?.el === el) continue;
          notes.get(key)?.box.remove();
          const b = noteBox(v.inPage, close);
          shadow().append(b);
          notes.set(key, { el, box: b, category: v.category });
          noted.add(v.category);
          resizes.observe(el);
          changed = true;
        }
        if (changed) frame ||= win.requestAnimationFrame(placeAll);
      } catch {
        // A page we cannot annotate still gets its report; notes are a nicety.
      }
    },
  };
}
