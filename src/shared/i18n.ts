/**
 * UI language and strings. The strings are data (locales/*.json, same keys in each); ruleset texts
 * (category names, explanations) come from the ruleset in the same language. This module holds no
 * strings itself: the UI pages load one language (src/ui/ui-strings.ts), the background and engine
 * every language (./strings.ts).
 */
import type { Lang } from './model';
import type en from './locales/en.json';

export type UiStrings = typeof en;
export type UiKey = keyof UiStrings;

/** 'zh-CN' for any Chinese browser UI (we ship Simplified Chinese only), else English. */
export function languageFor(uiLanguage: string): Lang {
  return uiLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** The language the user chose in the options page; 'auto' follows the browser. */
export function resolveLanguage(choice: 'auto' | Lang | undefined, browserLanguage: () => Lang): Lang {
  return choice === 'en' || choice === 'zh-CN' ? choice : browserLanguage();
}

export type Translate = (key: UiKey, vars?: Record<string, string | number>) => string;

/** A translator over one language's strings (`fallback` for a missing key): fills {placeholders}. */
export function translatorFor(strings: UiStrings, fallback: UiStrings = strings): Translate {
  return (key, vars) => {
    const template = strings[key] ?? fallback[key];
    return vars ? template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : template;
  };
}
