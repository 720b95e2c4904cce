// @vitest-environment happy-dom
/**
 * The form categories in every language the field rules cover: the same sign-up and delivery form
 * (phone, e-mail, a day/month/year trio, gender radios, street/house/postcode/city/country, a national
 * ID, and controls that are none of these) in 14 languages, run through extract → classify. Each
 * control's `data-expect` says what it asks; only this test reads it.
 */
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyField } from '../../src/engine/classify';
import { extractFields } from '../../src/content/extract';
import { bundledRuleset } from '../../src/engine/rules/builtin';
import { loadFixture } from './fixture';

const LANGUAGES = ['en', 'zh-CN', 'zh-TW', 'ja', 'ko', 'de', 'fr', 'es', 'pt', 'it', 'ru', 'pl', 'cs', 'tr'];

describe('field categories in every covered language', () => {
  it('has a fixture for every language and no others', () => {
    const files = readdirSync(resolve(__dirname, '../fixtures/lang')).map((f) => f.replace(/\.html$/, ''));
    expect(files.sort()).toEqual([...LANGUAGES].sort());
  });

  it.each(LANGUAGES)('%s: every control is classified as its data-expect says', (lang) => {
    const doc = loadFixture(`lang/${lang}.html`);
    const rs = bundledRuleset();
    const fields = extractFields(doc);
    const got = fields.map((f) => {
      const el = doc.querySelector(f.selector)!;
      return {
        expect: el.getAttribute('data-expect'),
        got: classifyField(f, rs)?.category ?? 'none',
        question: f.labelText || f.nearbyText || f.ariaLabel,
      };
    });
    expect(got.length).toBe(17);
    const wrong = got.filter((g) => g.expect !== g.got).map((g) => `${g.question}: expected ${g.expect}, got ${g.got}`);
    expect(wrong).toEqual([]);
  });
});
