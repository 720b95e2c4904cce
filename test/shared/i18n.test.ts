import { describe, expect, it } from 'vitest';
import en from '../../src/shared/locales/en.json';
import zhCN from '../../src/shared/locales/zh-CN.json';
import { languageFor } from '../../src/shared/i18n';
import { translator } from '../../src/shared/strings';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('UI strings', () => {
  it('have the same keys in English and Simplified Chinese', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same {placeholders} in both languages, and no empty strings', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(zhCN[key]), key).toEqual(placeholders(en[key]));
      expect(en[key].trim(), key).not.toBe('');
      expect(zhCN[key].trim(), key).not.toBe('');
    }
  });

  it('are really translated (Chinese strings contain Chinese)', () => {
    const untranslated = Object.entries(zhCN).filter(([, s]) => !/[\u4e00-\u9fff]/.test(s) && s !== '—');
    expect(untranslated).toEqual([]);
  });
});

describe('language choice', () => {
  it('picks zh-CN for any Chinese UI language, else English', () => {
    expect(languageFor('zh-CN')).toBe('zh-CN');
    expect(languageFor('zh')).toBe('zh-CN');
    expect(languageFor('zh_TW')).toBe('zh-CN');
    expect(languageFor('en-US')).toBe('en');
    expect(languageFor('fr')).toBe('en');
  });

  it('fills placeholders', () => {
    expect(translator('en')('scoreLabel', { score: 64 })).toBe('Score 64 of 100');
    expect(translator('zh-CN')('scoreLabel', { score: 64 })).toBe('得分 64 / 100');
  });
});
