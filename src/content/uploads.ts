/** Styled uploaders (antd-mobile, Vant, Element upload cells): a hidden file input behind a button. */
import { CONTROL_SELECTOR } from './controls';
import { attr, boundedText, MAX_NEARBY } from './text';

/** The button a styled uploader shows in place of its hidden file input, within its two nearest boxes. */
export function uploadButtonOf(el: Element): Element | null {
  for (let box = el.parentElement, up = 0; box && up < 2; up++, box = box.parentElement) {
    // A box with other controls is a form section, and its button submits the form.
    if (box.querySelectorAll(CONTROL_SELECTOR).length > 1) return null;
    const button = box.querySelector('button[type=button],[role=button]');
    if (button && !button.contains(el)) return button;
  }
  return null;
}

/** The caption of that button ("上传人脸照片"), or ''. */
export function uploadButtonText(el: Element): string {
  const button = uploadButtonOf(el);
  return button ? attr(button, 'aria-label') || boundedText(button, MAX_NEARBY) : '';
}
