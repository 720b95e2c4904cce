import { describe, expect, it } from 'vitest';
import type { PageObservations } from '../../../src/shared/model';
import { bundledRuleset } from '../../../src/engine/rules/builtin';
import { siteJudgement } from '../../../src/engine/rules/compile';
import { mergeRulesets } from '../../../src/engine/rules/merge';
import type { Ruleset } from '../../../src/engine/rules/schema';
import { validateRuleset } from '../../../src/engine/rules/validate';
import { scorePage } from '../../../src/engine/score/score';
import { shopCheckoutEn } from '../score/observations';

const core = bundledRuleset().source;

/** A user's local ruleset: overrides only, naming the bundled ruleset's ids. */
function local(overrides: unknown[]): Ruleset {
  const result = validateRuleset(
    {
      formatVersion: 1,
      id: 'me.local',
      title: { en: 'My rules' },
      version: '1',
      languages: ['en'],
      categories: [],
      necessity: {},
      overrides,
    },
    { base: [core] },
  );
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.ruleset;
}

/** The shop-checkout demo page (birth date and gender unnecessary → C), moved to another URL. */
function shopAt(url: string): PageObservations {
  const obs = shopCheckoutEn();
  obs.url = url;
  obs.frames[0] = { ...obs.frames[0], frameUrl: url, page: { ...obs.frames[0].page, url } };
  return obs;
}

const necessityOf = (obs: PageObservations, rs: ReturnType<typeof bundledRuleset>, category: string) =>
  scorePage(obs, rs).findings.find((f) => f.category === category)?.necessity;

describe('site overrides in scoring', () => {
  const wine = local([
    {
      id: 'wine-shop',
      sites: ['wine.example.com'],
      reason: { en: 'Sells wine: the law requires an age check.', 'zh-CN': '售酒：法律要求核实年龄。' },
      necessity: { birthdate: 'conditional' },
    },
  ]);
  const rs = mergeRulesets([core, wine]).ruleset;

  it("change a page's findings on the sites they name, and explain why", () => {
    const before = scorePage(shopAt('https://wine.example.com/checkout'), bundledRuleset());
    const after = scorePage(shopAt('https://wine.example.com/checkout'), rs);
    expect(before.findings.find((f) => f.category === 'birthdate')!.necessity).toBe('unnecessary');
    const birth = after.findings.find((f) => f.category === 'birthdate')!;
    expect(birth.necessity).toBe('conditional');
    expect(birth.necessityNote!.en).toMatch(/rule for this site \(wine-shop\).*needed only in some cases.*Sells wine/);
    expect(birth.necessityNote!['zh-CN']).toMatch(/售酒/);
    expect(after.score!).toBeGreaterThan(before.score!);
  });

  it('cover subdomains of a plain pattern, and nothing else', () => {
    expect(necessityOf(shopAt('https://shop.wine.example.com/cart'), rs, 'birthdate')).toBe('conditional');
    expect(necessityOf(shopAt('https://example.com/cart'), rs, 'birthdate')).toBe('unnecessary');
    expect(necessityOf(shopAt('https://notwine.example.com/cart'), rs, 'birthdate')).toBe('unnecessary');
  });

  it('"*." patterns cover only subdomains', () => {
    const sub = mergeRulesets([core, local([{ id: 'sub', sites: ['*.example.cn'], silence: ['gender'] }])]).ruleset;
    expect(siteJudgement(sub, 'https://m.example.cn/pay').overrides).toEqual(['sub']);
    expect(siteJudgement(sub, 'https://example.cn/pay').overrides).toEqual([]);
  });

  it('silence a bundled rule or a whole category for a site', () => {
    const quiet = mergeRulesets([
      core,
      local([{ id: 'quiet', sites: ['example.org'], silence: ['gender', 'birthdate.autocomplete'] }]),
    ]).ruleset;
    const elsewhere = scorePage(shopAt('https://example.net/checkout'), quiet);
    const here = scorePage(shopAt('https://www.example.org/checkout'), quiet);
    expect(elsewhere.findings.map((f) => f.category)).toEqual(expect.arrayContaining(['gender', 'birthdate']));
    expect(here.findings.some((f) => f.category === 'gender')).toBe(false);
    expect(here.findings.some((f) => f.ruleId === 'birthdate.autocomplete')).toBe(false);
    expect(here.score!).toBeGreaterThan(elsewhere.score!);
  });

  it('set the service kind of a site', () => {
    const dating = mergeRulesets([core, local([{ id: 'dating', sites: ['love.example'], serviceKind: 'dating' }])]).ruleset;
    const report = scorePage(shopAt('https://love.example/join'), dating);
    expect(report.serviceKind).toBe('dating');
    expect(report.findings.find((f) => f.category === 'gender')!.necessity).toBe('necessary');
  });

  it('all apply in order; the later one wins on conflict', () => {
    const two = local([
      { id: 'first', sites: ['example.com'], necessity: { birthdate: 'necessary', gender: 'necessary' } },
      { id: 'second', sites: ['shop.example.com'], necessity: { birthdate: 'conditional' } },
    ]);
    const rs2 = mergeRulesets([core, two]).ruleset;
    const j = siteJudgement(rs2, 'https://shop.example.com/');
    expect(j.overrides).toEqual(['first', 'second']);
    expect(j.necessity.get('birthdate')!.cell).toBe('conditional');
    expect(j.necessity.get('gender')!.cell).toBe('necessary');
  });

  it('apply to nothing when the URL has no host', () => {
    expect(siteJudgement(rs, 'about:blank').overrides).toEqual([]);
    expect(siteJudgement(rs, 'not a url').overrides).toEqual([]);
  });
});
