// @vitest-environment happy-dom
/**
 * Chinese shop H5 pages in real component-library markup (Vant 4, Ant Design Mobile 5), end to end:
 * extract → classify → score. Each control's `data-expect` (read only here) says what it asks; each
 * page lists how it must be judged, so necessity is checked where it matters (a birth date at a
 * liquor shop's sign-up is conditional, at a food checkout it is not needed; a parcel needs an ID).
 */
import { describe, expect, it } from 'vitest';
import { classifyField } from '../../src/engine/classify';
import { extractFields } from '../../src/content/extract';
import { collectPageSignals } from '../../src/content/page-signals';
import { bundledRuleset } from '../../src/engine/rules/builtin';
import { scorePage } from '../../src/engine/score/score';
import { loadFixture } from './fixture';

interface PageExpectation {
  pageKind: string;
  serviceKind: string;
  /** category → necessity of its findings. */
  necessity: Record<string, string>;
}

const PAGES: Record<string, PageExpectation> = {
  'h5/vant-food-checkout.html': {
    pageKind: 'checkout',
    serviceKind: 'food',
    necessity: { phone: 'necessary', address: 'necessary', birthdate: 'unnecessary' },
  },
  'h5/antdm-liquor-signup.html': {
    pageKind: 'signup',
    serviceKind: 'shop',
    necessity: { phone: 'necessary', birthdate: 'conditional', gender: 'unnecessary' },
  },
  'h5/vant-parcel-send.html': {
    pageKind: 'checkout',
    serviceKind: 'parcel',
    necessity: { phone: 'necessary', address: 'necessary', national_id: 'necessary' },
  },
  'h5/vant-realname-face.html': {
    pageKind: 'other',
    serviceKind: 'loan',
    // No other way to verify is offered, so the face scan's condition (a non-face alternative) is not met.
    necessity: { national_id: 'necessary', face: 'unnecessary' },
  },
};

describe.each(Object.entries(PAGES))('%s', (file, expected) => {
  it('classifies every control as its data-expect says', () => {
    const doc = loadFixture(file);
    const rs = bundledRuleset();
    const wrong = extractFields(doc)
      .map((f) => ({ f, expect: doc.querySelector(f.selector)?.getAttribute('data-expect') ?? '(no data-expect)' }))
      .filter(({ f }) => f.visible)
      .map(({ f, expect }) => ({
        expect,
        got: classifyField(f, rs)?.category ?? 'none',
        question: f.labelText || f.nearbyText || f.placeholder,
      }))
      .filter((r) => r.expect !== r.got)
      .map((r) => `${r.question}: expected ${r.expect}, got ${r.got}`);
    expect(wrong).toEqual([]);
  });

  it('is judged by its kind of page and service, with the right necessity', () => {
    const doc = loadFixture(file);
    const url = `https://h5.example.cn/${file}`;
    const fields = extractFields(doc);
    const report = scorePage(
      { url, frames: [{ frameUrl: url, page: { ...collectPageSignals(doc), url }, fields, apis: [] }] },
      bundledRuleset(),
    );
    expect({ pageKind: report.pageKind, serviceKind: report.serviceKind }).toEqual({
      pageKind: expected.pageKind,
      serviceKind: expected.serviceKind,
    });
    const necessity: Record<string, string> = {};
    for (const f of report.findings) if (f.category in expected.necessity) necessity[f.category] = f.necessity;
    expect(necessity).toEqual(expected.necessity);
  });
});
