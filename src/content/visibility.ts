/**
 * Whether the user can see a control. Cheap checks only: `checkVisibility` (display, visibility,
 * content-visibility), aria-hidden, and, where the engine has layout, off-page or 1-pixel boxes
 * (typical honeypots). A hidden file/radio/checkbox input with a visible <label> counts as visible:
 * that is how styled upload buttons and custom radios work.
 */
import { currentBatch } from './batch';
import { labelsOf } from './labels';
import { uploadButtonOf } from './uploads';

/** `hidden` is usually also display:none (checkVisibility sees it), but not in every engine or page. */
function hiddenByAttribute(el: Element): boolean {
  return el.closest('[hidden],[aria-hidden="true"]') !== null;
}

/** Call inside a batch (`inBatch`). */
export function visible(el: Element, type: string): boolean {
  const check = (el as HTMLElement).checkVisibility;
  const shown =
    typeof check === 'function'
      ? check.call(el, { visibilityProperty: true })
      : (el as HTMLElement).offsetParent !== null || el.getClientRects().length > 0;
  if (!shown || hiddenByAttribute(el)) return labelVisible(el, type);
  const layout = layoutOf(el.ownerDocument);
  if (layout) {
    const box = el.getBoundingClientRect();
    const offPage = box.right + layout.scrollX <= 0 || box.bottom + layout.scrollY <= 0;
    const tiny = box.width <= 1 && box.height <= 1;
    if (offPage || tiny) return labelVisible(el, type);
  }
  return true;
}

/** Scroll offsets when the engine has real layout (happy-dom reports zero boxes), once per batch. */
function layoutOf(doc: Document): { scrollX: number; scrollY: number } | null {
  const batch = currentBatch();
  if (!batch.layout.has(doc)) {
    const view = doc.defaultView;
    const hasLayout = !!view && doc.documentElement.getBoundingClientRect().width > 0;
    batch.layout.set(doc, hasLayout ? { scrollX: view!.scrollX, scrollY: view!.scrollY } : null);
  }
  return batch.layout.get(doc)!;
}

function labelVisible(el: Element, type: string): boolean {
  if (type === 'file') {
    const button = uploadButtonOf(el);
    if (button && visible(button, '')) return true;
  }
  if (type !== 'file' && type !== 'radio' && type !== 'checkbox') return false;
  for (const label of labelsOf(el)) {
    if (label.contains(el)) {
      if (!hiddenByAttribute(label) && (label.checkVisibility?.({ visibilityProperty: true }) ?? true)) return true;
    } else if (visible(label, '')) return true;
  }
  return false;
}
