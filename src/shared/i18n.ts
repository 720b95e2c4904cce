/**
 * UI language and strings. The strings are data (locales/*.json, same keys in each); ruleset texts
 * (category names, explanations) come from the ruleset in the same language.
 */
import type { Lang, LocalizedText } from './model';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';

export type UiStrings = typeof en;
export type UiKey = keyof UiStrings;

const LOCALES: Record<Lang, UiStrings> = { en, 'zh-CN': zhCN };

/** 'zh-CN' for any Chinese browser UI (we ship Simplified Chinese only), else English. */
export function languageFor(uiLanguage: string): Lang {
  return uiLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The language the user chose in the options page; 'auto' follows the browser. */
export function resolveLanguage(choice: 'auto' | Lang | undefined, browserLanguage: () => Lang): Lang {
  return choice === 'en' || choice === 'zh-CN' ? choice : browserLanguage();
}

export type Translate = (key: UiKey, vars?: Record<string, string | number>) => string;

/** A translator for `lang`: fills {placeholders}; a missing string falls back to English. */
export function translator(lang: Lang): Translate {
  const strings = LOCALES[lang];
  return (key, vars) => {
    const template = strings[key] ?? en[key];
    return vars ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : template;
  };
}

export const LOCALE_STRINGS = LOCALES;

/** A UI string in every language we ship, as a ruleset-style localized text (for texts the engine computes). */
export function localized(key: UiKey): LocalizedText {
  const out: LocalizedText = { en: LOCALES.en[key] };
  for (const lang of Object.keys(LOCALES) as Lang[]) out[lang] = LOCALES[lang][key];
  return out;
}
