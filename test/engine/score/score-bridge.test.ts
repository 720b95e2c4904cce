import { describe, expect, it } from 'vitest';
import type { BridgeObservation, PageObservations } from '../../../src/shared/model';
import { bundledRuleset } from '../../../src/engine/rules/builtin';
import { scorePage } from '../../../src/engine/score/score';
import { validateRuleset } from '../../../src/engine/rules/validate';
import { cleanCheckoutEn } from './observations';

const rs = bundledRuleset();
const bridge = (
  name: string,
  declared: boolean,
  options: string[] = [],
  platform: BridgeObservation['platform'] = 'wechat',
): BridgeObservation => ({
  api: 'bridge.request',
  platform,
  name,
  declared,
  options,
});
/** The clean shop checkout (grade A) plus these bridge observations in its top frame. */
function withBridge(...calls: BridgeObservation[]): PageObservations {
  const obs = cleanCheckoutEn();
  return { ...obs, frames: obs.frames.map((f, i) => (i === 0 ? { ...f, apis: [...f.apis, ...calls] } : f)) };
}

describe('bridge findings', () => {
  it('a called wx.getLocation on a shop is unnecessary, counts fully and caps the grade like an API call', () => {
    const report = scorePage(withBridge(bridge('getLocation', false, ['type=gcj02'])), rs);
    const f = report.findings.find((x) => x.category === 'precise_location')!;
    expect(f).toMatchObject({
      source: 'bridge',
      api: 'bridge.request',
      ruleId: 'bridge.wechat.location',
      necessity: 'unnecessary',
      evidence: 'wx.getLocation({type: gcj02})',
      bridge: { platform: 'wechat', name: 'getLocation', declared: false },
      penalty: 20,
      element: null,
    });
    expect(report.grade).toBe('C');
  });

  it('a declared request counts half and does not cap; a call of the same API replaces it', () => {
    const declared = scorePage(withBridge(bridge('getLocation', true)), rs);
    expect(declared.findings.find((x) => x.category === 'precise_location')).toMatchObject({ penalty: 10, bridge: { declared: true } });
    expect([declared.grade, declared.score]).toEqual(['A', 90]);
    const both = scorePage(withBridge(bridge('getLocation', true), bridge('getLocation', false)), rs);
    const found = both.findings.filter((x) => x.category === 'precise_location');
    expect(found).toHaveLength(1);
    expect(found[0].bridge?.declared).toBe(false);
  });

  it('share APIs, silent logins and album-only pictures make no finding', () => {
    const report = scorePage(
      withBridge(
        bridge('updateAppMessageShareData', true),
        bridge('onMenuShareTimeline', true),
        bridge('oauth', false, ['scope=snsapi_base']),
        bridge('oauth', true, ['scope=auth_base'], 'alipay'),
        bridge('chooseImage', false, ['sourceType=album']),
      ),
      rs,
    );
    expect(report.findings.filter((f) => f.source === 'bridge')).toEqual([]);
  });

  it('a profile login and openAddress are judged by the necessity matrix', () => {
    const report = scorePage(withBridge(bridge('oauth', true, ['scope=snsapi_userinfo']), bridge('openAddress', false)), rs);
    const by = Object.fromEntries(report.findings.filter((f) => f.source === 'bridge').map((f) => [f.category, f.necessity]));
    expect(by).toEqual({ profile: 'unnecessary', address: 'necessary', phone: 'necessary' });
  });
});

describe('bridge rule validation', () => {
  const base = {
    formatVersion: 1,
    id: 'x',
    title: { en: 'X' },
    version: '1',
    languages: ['en'],
    necessity: { other: { profile: 'unnecessary' } },
  };
  const category = { id: 'profile', tier: 2, name: { en: 'P' }, why: { en: 'w' }, whatToDo: { en: 'd' } };
  const errors = (bridgeRules: unknown[]) => {
    const r = validateRuleset({ ...base, categories: [category], bridgeRules });
    return r.ok ? [] : r.errors;
  };

  it('rejects each problem at its path with a reason', () => {
    expect(errors([{ id: 'a', category: 'profile', platform: 'wechat', apis: ['oauth'] }])).toEqual([
      { path: '$.bridgeRules[0].options', reason: expect.stringMatching(/must name its scope/) },
    ]);
    expect(
      errors([
        {
          id: 'a',
          category: 'profile',
          platform: 'wechat',
          apis: ['chooseImage'],
          options: ['sourceType=camera'],
          unlessOptions: ['sourceType=camera'],
        },
      ]),
    ).toEqual([{ path: '$.bridgeRules[0].unlessOptions[0]', reason: expect.stringMatching(/never match/) }]);
    expect(errors([{ id: 'a', category: 'nope', platform: 'wechat', apis: ['getLocation'] }])).toEqual([
      { path: '$.bridgeRules[0].category', reason: expect.stringMatching(/category "nope"/) },
    ]);
    expect(errors([{ id: 'a', category: 'profile', platform: 'wechat', apis: ['getLocation', 'getLocation'] }])).toEqual([
      { path: '$.bridgeRules[0].apis[1]', reason: expect.stringMatching(/twice/) },
    ]);
    const bad = errors([{ id: 'a', category: 'profile', platform: 'qq', apis: ['get location'], options: ['type'] }]);
    expect(bad.map((e) => e.path).sort()).toEqual(['$.bridgeRules[0].apis[0]', '$.bridgeRules[0].options[0]', '$.bridgeRules[0].platform']);
  });
});
