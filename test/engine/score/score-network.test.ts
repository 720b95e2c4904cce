import { describe, expect, it } from 'vitest';
import type { ApiObservation, PageObservations } from '../../../src/shared/model';
import { bundledRuleset } from '../../../src/engine/rules/builtin';
import { compileRuleset } from '../../../src/engine/rules/compile';
import { scorePage } from '../../../src/engine/score/score';
import { cleanCheckoutEn } from './observations';

const rs = bundledRuleset();

function withApis(obs: PageObservations, apis: ApiObservation[]): PageObservations {
  return { ...obs, frames: obs.frames.map((f, i) => (i === 0 ? { ...f, apis: [...f.apis, ...apis] } : f)) };
}
const sent = (over: Partial<Extract<ApiObservation, { api: 'network.send' }>> = {}): ApiObservation => ({
  api: 'network.send',
  category: 'phone',
  receiver: 'tracker.example',
  via: 'beacon',
  encoding: 'sha256',
  ...over,
});

describe('network findings (sent before submit)', () => {
  it('a needed phone number sent to another site before submit is unnecessary, named, explained, and costs points', () => {
    const clean = scorePage(cleanCheckoutEn(), rs);
    expect(clean.grade).toBe('A');
    const report = scorePage(withApis(cleanCheckoutEn(), [sent()]), rs);
    const f = report.findings.find((x) => x.source === 'network')!;
    expect(f).toMatchObject({
      category: 'phone',
      source: 'network',
      required: null,
      necessity: 'unnecessary',
      ruleId: 'network.sent.phone',
      api: 'network.send',
      element: null,
      evidence: 'navigator.sendBeacon() → tracker.example (SHA-256)',
      recipients: [{ relation: 'other-site', site: 'tracker.example', via: 'network' }],
    });
    expect(f.necessityNote?.en).toMatch(/before you submitted/);
    expect(f.necessityNote?.['zh-CN']).toMatch(/提交之前/);
    expect(f.penalty).toBeGreaterThan(0);
    // The phone field itself is still needed; the category counts once, with its worst finding.
    const field = report.findings.find((x) => x.category === 'phone' && x.source === 'field')!;
    expect(field.necessity).toBe('necessary');
    expect(field.penalty).toBe(0);
    expect(report.score).toBeLessThan(clean.score!);
    // Phone is tier 2 (no grade cap in the core ruleset): the penalty alone takes the page from A to B.
    expect(report.grade).toBe('B');
  });

  it('precise location sent away caps the grade like an unnecessary API call (tier 3 → C at best)', () => {
    const report = scorePage(withApis(cleanCheckoutEn(), [sent({ category: 'precise_location', via: 'fetch', encoding: 'raw' })]), rs);
    expect(report.grade).toBe('C');
  });

  it('one finding per category and receiving site, whatever the channel or encoding', () => {
    const report = scorePage(
      withApis(cleanCheckoutEn(), [
        sent(),
        sent({ via: 'fetch', encoding: 'raw' }),
        sent({ receiver: 'other.example' }),
        sent({ category: 'email' }),
      ]),
      rs,
    );
    const network = report.findings.filter((f) => f.source === 'network').map((f) => [f.category, f.evidence]);
    expect(network).toHaveLength(3);
    expect(network).toContainEqual(['phone', 'navigator.sendBeacon() → tracker.example (SHA-256)']);
    expect(network).toContainEqual(['phone', 'navigator.sendBeacon() → other.example (SHA-256)']);
    expect(network).toContainEqual(['email', 'navigator.sendBeacon() → tracker.example (SHA-256)']);
  });

  it('a ruleset without a network.send rule for the category reports nothing for it (the ruleset decides)', () => {
    const source = structuredClone(rs.source);
    source.apiRules = source.apiRules.filter((r) => r.id !== 'network.sent.phone');
    const without = compileRuleset(source);
    const report = scorePage(withApis(cleanCheckoutEn(), [sent()]), without);
    expect(report.findings.some((f) => f.source === 'network')).toBe(false);
  });

  it('network observations never become API findings', () => {
    const report = scorePage(withApis(cleanCheckoutEn(), [sent({ category: 'precise_location', via: 'fetch', encoding: 'raw' })]), rs);
    expect(report.findings.filter((f) => f.category === 'precise_location').map((f) => f.source)).toEqual(['network']);
  });
});
