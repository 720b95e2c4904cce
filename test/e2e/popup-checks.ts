/**
 * What the popup must show for a report: the grade, how the page was judged, one card per category
 * with its name and whether the service needs it, all in the popup's language. Wording comes from the
 * popup's locale files and the bundled ruleset, never from guesses.
 */
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import type { Lang } from '../../src/shared/model';
import type { DemoExpectation } from './expectations';
import { fill, rulesetNames, uiStrings } from './harness';

export async function expectPopupShows(popup: Page, lang: Lang, want: DemoExpectation | null, label: string): Promise<void> {
  const ui = uiStrings(lang);
  const names = rulesetNames(lang);
  if (!want) {
    await popup.getByRole('heading', { name: ui.notRatedTitle }).waitFor({ timeout: 10_000 });
    expect(await popup.getByRole('article').count(), label).toBe(0);
    return;
  }
  const gradeHeading = popup.getByRole('heading', { level: 2, name: `${ui.gradeLabel} ${want.grade}`, exact: true });
  await gradeHeading.waitFor({ timeout: 10_000 }).catch(async () => {
    throw new Error(
      `${label}: popup shows no "${ui.gradeLabel} ${want.grade}" heading; it shows:\n${await popup.locator('body').innerText()}`,
    );
  });
  const text = await popup.locator('body').innerText();
  expect(text, label).toContain(fill(ui.scoreLabel, { score: String(want.score) }));
  expect(text, label).toContain(
    fill(ui.judgedAs, { pageKind: names.pageKinds[want.pageKind], serviceKind: names.serviceKinds[want.serviceKind] }),
  );
  const cards = popup.getByRole('article');
  expect(await cards.count(), `${label}: one card per category`).toBe(Object.keys(want.categories).length);
  for (const [category, necessity] of Object.entries(want.categories)) {
    const card = cards.filter({ has: popup.getByRole('heading', { level: 3, name: names.categories[category], exact: true }) });
    expect(await card.count(), `${label}: card "${names.categories[category]}"`).toBe(1);
    expect(await card.innerText(), `${label}: ${category}`).toContain(ui[`necessity.${necessity}`]);
  }
}
