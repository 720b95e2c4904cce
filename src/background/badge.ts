/** The toolbar badge: the page's grade letter on a colour per grade; nothing when not rated. */
import { browser } from 'wxt/browser';
import type { Grade } from '../shared/model';
import { GRADE_COLORS } from '../shared/grade-colors';

export function badgeText(grade: Grade | null): string {
  return grade === null || grade === 'not-rated' ? '' : grade;
}

/** Shows `grade` on the tab's badge. A tab that closed meanwhile is not an error worth reporting. */
export async function showGrade(tabId: number, grade: Grade | null): Promise<void> {
  try {
    await browser.action.setBadgeText({ tabId, text: badgeText(grade) });
    if (grade === null || grade === 'not-rated') return;
    await browser.action.setBadgeBackgroundColor({ tabId, color: GRADE_COLORS[grade] });
    // Not in every browser version; the default text colour is fine where it is missing.
    await browser.action.setBadgeTextColor?.({ tabId, color: '#ffffff' });
  } catch {
    // The tab is gone: nothing to show.
  }
}
