/**
 * The popup's and options page's strings, loaded one language at a time: a page shows one language,
 * so it need not download the other (the popup's weight target, issue 12). The background and the
 * engine keep every language at hand through src/shared/strings.ts.
 */
import { translatorFor, type Translate, type UiStrings } from '../shared/i18n';
import type { Lang } from '../shared/model';
import { preferredLanguage } from '../store/settings';

const loaded: Partial<Record<Lang, UiStrings>> = {};

/** Loads `lang`'s strings (once); resolves when `uiTranslator(lang)` can be called. */
export async function loadUiStrings(lang: Lang): Promise<void> {
  loaded[lang] ??= (lang === 'zh-CN' ? await import('../shared/locales/zh-CN.json') : await import('../shared/locales/en.json')).default;
}

/** A translator for `lang`, once its strings are loaded; null before. */
export function uiTranslator(lang: Lang): Translate | null {
  const strings = loaded[lang];
  return strings ? translatorFor(strings) : null;
}

/** The language a page opens in (the user's choice, else the browser's), its strings loaded. */
export async function openingLanguage(): Promise<Lang> {
  const lang = await preferredLanguage();
  await loadUiStrings(lang);
  return lang;
}
