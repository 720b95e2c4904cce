import { describe, expect, it } from 'vitest';
import type { Finding, PageReport } from '../../../src/shared/model';
import { reportSignature, toAuditFinding, toAuditPage } from '../../../src/dev/audit/report';

const fieldFinding: Finding = {
  category: 'birthdate',
  source: 'field',
  required: true,
  necessity: 'unnecessary',
  ruleId: 'birthdate.autocomplete',
  evidence: '"Date of birth" (input name="dob")',
  api: null,
  frameUrl: 'http://127.0.0.1:1234/shop-checkout.html',
  element: { tag: 'input', type: 'date', id: 'dob', name: 'dob', autocomplete: 'bday', selector: '#dob' },
  tier: 2,
  penalty: 12,
  necessityNote: { en: 'Only for age-restricted goods' },
};
const apiFinding: Finding = {
  ...fieldFinding,
  category: 'precise_location',
  source: 'api',
  required: null,
  ruleId: 'geo.high',
  evidence: 'navigator.geolocation.getCurrentPosition({enableHighAccuracy: true})',
  api: 'geolocation.getCurrentPosition',
  element: null,
  tier: 3,
  penalty: 20,
};
const report: PageReport = {
  url: 'http://127.0.0.1:1234/shop-checkout.html',
  grade: 'C',
  score: 68,
  pageKind: 'checkout',
  serviceKind: 'shop',
  findings: [apiFinding, fieldFinding],
  ruleset: 'need-to-know.core@2026.11.26',
  updatedAt: 1,
};

describe('toAuditPage', () => {
  it('keeps exactly the documented keys, in order', () => {
    const page = toAuditPage('src/dev/demo/shop-checkout.html', 'http://x/', report);
    expect(Object.keys(page)).toEqual(['target', 'url', 'grade', 'score', 'pageKind', 'serviceKind', 'findings']);
    expect(Object.keys(page.findings[1])).toEqual([
      'category',
      'source',
      'required',
      'necessity',
      'ruleId',
      'evidence',
      'api',
      'frameUrl',
      'element',
    ]);
    expect(Object.keys(page.findings[1].element!)).toEqual(['tag', 'type', 'id', 'name', 'autocomplete', 'selector']);
  });

  it('copies the report values and drops the internal ones (tier, penalty, notes)', () => {
    const page = toAuditPage('t', 'http://x/', report);
    expect(page).toMatchObject({ target: 't', url: report.url, grade: 'C', score: 68, pageKind: 'checkout', serviceKind: 'shop' });
    expect(page.findings[0]).toEqual({
      category: 'precise_location',
      source: 'api',
      required: null,
      necessity: 'unnecessary',
      ruleId: 'geo.high',
      evidence: apiFinding.evidence,
      api: 'geolocation.getCurrentPosition',
      frameUrl: report.url,
      element: null,
    });
    expect(toAuditFinding(fieldFinding).element).toEqual(fieldFinding.element);
    expect(JSON.stringify(page)).not.toMatch(/penalty|tier|necessityNote/);
  });

  it('reports a page without a report as not rated, never as a grade', () => {
    expect(toAuditPage('t', 'http://x/a', null)).toEqual({
      target: 't',
      url: 'http://x/a',
      grade: 'not-rated',
      score: null,
      pageKind: null,
      serviceKind: null,
      findings: [],
    });
  });
});

describe('reportSignature', () => {
  it('ignores only the timestamp', () => {
    expect(reportSignature({ ...report, updatedAt: 99 })).toBe(reportSignature(report));
    expect(reportSignature({ ...report, score: 70 })).not.toBe(reportSignature(report));
    expect(reportSignature(null)).toBe('null');
  });
});
