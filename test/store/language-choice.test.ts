import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { resolveLanguage } from '../../src/shared/i18n';
import { preferredLanguage, uiLanguage, updateSettings } from '../../src/store/settings';

describe('the language the user chose', () => {
  it('wins over the browser language; "auto" follows the browser', async () => {
    expect(resolveLanguage('zh-CN', () => 'en')).toBe('zh-CN');
    expect(resolveLanguage('en', () => 'zh-CN')).toBe('en');
    expect(resolveLanguage('auto', () => 'zh-CN')).toBe('zh-CN');
    expect(resolveLanguage(undefined, () => 'en')).toBe('en');
    vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('zh-CN');
    expect(await preferredLanguage()).toBe('zh-CN');
    await updateSettings({ language: 'en' });
    expect(await preferredLanguage()).toBe('en');
  });

  it('reads the browser UI language, falling back to English when it is unavailable', () => {
    const spy = vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('zh-CN');
    expect(uiLanguage()).toBe('zh-CN');
    spy.mockImplementation(() => {
      throw new Error('not available');
    });
    expect(uiLanguage()).toBe('en');
    spy.mockRestore();
  });
});
