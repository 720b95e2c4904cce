import { afterAll, describe, expect, it } from 'vitest';
import { bundledRuleset } from '@/src/engine/rules/builtin';
import { mergeRulesets } from '@/src/engine/rules/merge';
import { parseRuleset, validateRuleset } from '@/src/engine/rules/validate';
import { runInlineTests } from '@/src/engine/rules/run-tests';
import { scorePage } from '@/src/engine/score/score';
import { correctionSnippet, correctionsRuleset, exampleHtml, reportUrl, type Correction } from '@/src/engine/rules/corrections';
import { happyDomPage } from '@/src/dev/ruleset-cli/test-page';

const page = happyDomPage();
afterAll(() => page.close());

const PHONE_HTML = '<label>Gender <select name="gender" required><option>Female</option><option>Male</option></select></label>';

function fieldFinding(url: string, html: string) {
  return scorePage(page.extract(html, url), bundledRuleset(), 0);
}

function correction(over: Partial<Correction>): Correction {
  return {
    site: 'shop.example',
    category: 'gender',
    ruleId: 'gender.name',
    kind: 'not-asked',
    source: 'field',
    at: 1,
    example: { html: PHONE_HTML, apis: [] },
    ...over,
  };
}

describe('corrections as ruleset data', () => {
  const before = fieldFinding('https://shop.example/checkout', PHONE_HTML);
  const gender = before.findings.find((f) => f.category === 'gender')!;

  it('the page really has the finding that is corrected', () => {
    expect(gender).toBeDefined();
    expect(gender.necessity).toBe('unnecessary');
  });

  it('rebuilds the asking element from a finding: attributes and label, never a value', () => {
    expect(exampleHtml(gender.element, gender.evidence)).toBe('<label>Gender <select name="gender"></select></label>');
    expect(exampleHtml({ tag: 'input', type: 'tel', id: 'p"><script>', name: 'phone', autocomplete: 'tel', selector: '#p' }, 'x')).toBe(
      '<input type="tel" name="phone" autocomplete="tel">',
    );
    expect(exampleHtml(null, 'anything')).toBe('');
  });

  it('not asked here: silences the rule on that site only; the exported ruleset validates, merges and passes its own test', () => {
    const c = correction({ ruleId: gender.ruleId, example: { html: exampleHtml(gender.element, gender.evidence), apis: [] } });
    const text = JSON.stringify(correctionsRuleset([c]));
    const parsed = parseRuleset(text, { base: [bundledRuleset().source] });
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    if (!parsed.ok) return;
    const { ruleset } = mergeRulesets([bundledRuleset().source, parsed.ruleset]);
    const after = scorePage(page.extract(PHONE_HTML, 'https://www.shop.example/checkout'), ruleset, 0);
    expect(after.findings.some((f) => f.category === 'gender')).toBe(false);
    expect(after.grade).not.toBe(before.grade);
    const elsewhere = scorePage(page.extract(PHONE_HTML, 'https://other.example/checkout'), ruleset, 0);
    expect(elsewhere.findings.some((f) => f.category === 'gender')).toBe(true);
    const own = runInlineTests(mergeRulesets([bundledRuleset().source, parsed.ruleset]).ruleset, page.extract).filter((t) =>
      t.name.startsWith('shop.example:'),
    );
    expect(own).toEqual([{ name: `shop.example: ${gender.ruleId} (not-asked)`, pass: true, problems: [] }]);
  });

  it('this service needs it: the category is judged necessary on that site, and the score improves', () => {
    const c = correction({ ruleId: gender.ruleId, kind: 'needed', example: { html: PHONE_HTML, apis: [] } });
    const result = validateRuleset(correctionsRuleset([c]), { base: [bundledRuleset().source] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const merged = mergeRulesets([bundledRuleset().source, result.ruleset]).ruleset;
    const after = scorePage(page.extract(PHONE_HTML, 'https://shop.example/checkout'), merged, 0);
    expect(after.findings.find((f) => f.category === 'gender')?.necessity).toBe('necessary');
    expect(after.score!).toBeGreaterThan(before.score!);
    expect(runInlineTests(merged, page.extract).filter((t) => t.name.startsWith('shop.example:') && !t.pass)).toEqual([]);
  });

  it('data sent before submit: "needed" silences the transfer on that site (it is never judged by the matrix)', () => {
    const apis = [
      { api: 'network.send' as const, category: 'email', receiver: 'ads.example', via: 'beacon' as const, encoding: 'sha256' as const },
    ];
    const c = correction({
      site: '127.0.0.1',
      category: 'email',
      ruleId: 'network.sent.email',
      kind: 'needed',
      source: 'network',
      example: { html: '', apis },
    });
    const rs = correctionsRuleset([c]);
    expect(rs.overrides).toEqual([expect.objectContaining({ sites: ['127.0.0.1'], silence: ['network.sent.email'] })]);
    const result = validateRuleset(rs, { base: [bundledRuleset().source] });
    expect(result.ok ? [] : result.errors).toEqual([]);
    const merged = mergeRulesets([bundledRuleset().source, result.ok ? result.ruleset : bundledRuleset().source]).ruleset;
    expect(runInlineTests(merged, page.extract).filter((t) => t.name.startsWith('127.0.0.1:'))).toEqual([
      expect.objectContaining({ pass: true }),
    ]);
  });

  it('a later correction of the same finding replaces the earlier one', () => {
    const rs = correctionsRuleset([
      correction({ kind: 'not-asked' }),
      correction({ kind: 'needed' }),
      correction({ kind: 'not-asked', at: 3 }),
    ]);
    expect(rs.overrides?.map((o) => o.id)).toEqual(['fix.shop-example.gender-name.needed', 'fix.shop-example.gender-name.not-asked']);
  });

  it('the snippet to share is the override and its test, as JSON; the report URL is prefilled only for GitHub and GitLab', () => {
    const snippet = JSON.parse(correctionSnippet(correction({})));
    expect(Object.keys(snippet)).toEqual(['overrides', 'tests']);
    expect(snippet.tests[0]).toMatchObject({ url: 'https://shop.example/', expectNot: ['gender'] });
    const gh = new URL(reportUrl('https://github.com/me/rules/issues', 'Wrong: gender', 'body'));
    expect(gh.pathname).toBe('/me/rules/issues/new');
    expect(gh.searchParams.get('title')).toBe('Wrong: gender');
    expect(new URL(reportUrl('https://gitlab.com/me/rules/-/issues', 't', 'b')).searchParams.get('issue[title]')).toBe('t');
    expect(reportUrl('https://rules.example/report', 't', 'b')).toBe('https://rules.example/report');
  });
});
