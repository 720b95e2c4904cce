/**
 * UI language and strings. The strings are data (locales/*.json, same keys in each); ruleset texts
 * (category names, explanations) come from the ruleset in the same language.
 */
import { browser } from 'wxt/browser';
import type { Lang } from '../shared/model';
import en from './locales/en.json';
import zhCN from './locales/zh-CN.json';
import { getSettings } from '../store/settings';

export type UiStrings = typeof en;
export type UiKey = keyof UiStrings;

const LOCALES: Record<Lang, UiStrings> = { en, 'zh-CN': zhCN };

/** 'zh-CN' for any Chinese browser UI (we ship Simplified Chinese only), else English. */
export function languageFor(uiLanguage: string): Lang {
  return uiLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function uiLanguage(): Lang {
  try {
    return languageFor(browser.i18n.getUILanguage());
  } catch {
    return 'en';
  }
}

/** The language the user chose in the options page; 'auto' follows the browser. */
export function resolveLanguage(choice: 'auto' | Lang | undefined, browserLanguage: () => Lang = uiLanguage): Lang {
  return choice === 'en' || choice === 'zh-CN' ? choice : browserLanguage();
}

/** The UI language for the popup and the options page: the user's choice, else the browser's. */
export async function preferredLanguage(): Promise<Lang> {
  const settings = await getSettings().catch(() => null);
  return resolveLanguage(settings?.language);
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
