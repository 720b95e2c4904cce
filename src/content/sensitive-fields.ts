/**
 * Isolated world: tells the page world which fields to watch for in outgoing requests — the selector
 * and category of every field the background classified as phone, e-mail, birth date, ID number or address.
 * Only selectors and categories cross; values are read in the page world and stay there.
 */
import type { FrameReport } from '../shared/model';
import type { FieldVerdict } from '../messaging/protocol';
import { SENSITIVE_FIELDS_EVENT, WATCHED_FIELD_CATEGORIES } from '../page-world/channel';

export interface SensitiveFieldRelay {
  /** Call with each report as it is sent: remembers each field's selector, forgets removed fields. */
  sent(report: FrameReport): void;
  /** Call with the background's reply to that report. */
  verdicts(reply: Record<string, FieldVerdict> | undefined): void;
}

export function createSensitiveFieldRelay(win: Window): SensitiveFieldRelay {
  const selectors = new Map<string, string>();
  const watched = new Map<string, [selector: string, category: string]>();
  let last = '';
  const publish = (): void => {
    const detail = JSON.stringify([...watched.values()]);
    if (detail === last) return;
    last = detail;
    win.dispatchEvent(new CustomEvent(SENSITIVE_FIELDS_EVENT, { detail }));
  };
  return {
    sent(report) {
      for (const f of report.fields) selectors.set(f.key, f.selector);
      for (const key of report.removed) {
        selectors.delete(key);
        watched.delete(key);
      }
    },
    verdicts(reply) {
      if (!reply) return;
      for (const [key, verdict] of Object.entries(reply)) {
        const selector = selectors.get(key);
        if (selector && (WATCHED_FIELD_CATEGORIES as readonly string[]).includes(verdict.category))
          watched.set(key, [selector, verdict.category]);
      }
      publish();
    },
  };
}
