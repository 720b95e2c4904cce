/** Every language's UI strings at once, for the background and the engine (texts they compute). */
import type { Lang, LocalizedText } from './model';
import { translatorFor, type Translate, type UiKey, type UiStrings } from './i18n';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

export const LOCALE_STRINGS: Record<Lang, UiStrings> = { en, 'zh-CN': zhCN };

/** A translator for `lang`; a missing string falls back to English. */
export function translator(lang: Lang): Translate {
  return translatorFor(LOCALE_STRINGS[lang], en);
}

/** A UI string in every language we ship, as a ruleset-style localized text (for texts the engine computes). */
export function localized(key: UiKey): LocalizedText {
  const out: LocalizedText = { en: LOCALE_STRINGS.en[key] };
  for (const lang of Object.keys(LOCALE_STRINGS) as Lang[]) out[lang] = LOCALE_STRINGS[lang][key];
  return out;
}
