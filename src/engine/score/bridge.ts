/**
 * Findings for requests through super-app JS bridges (WeChat, Alipay, Douyin) and app logins: each
 * bridge observation is matched against the ruleset's bridge rules (platform, API name, options).
 * One finding per category, platform and API; a call the page made wins over a mere declaration
 * (a jsApiList entry, a bridge call in script text, a link), which counts less (see score.ts).
 */
import type { BridgeObservation, Finding, FrameObservations } from '../../shared/model';
import type { CompiledBridgeRule, CompiledRuleset } from '../rules/compile';
import type { FindingBase } from './findings';

/** How each platform's own code names its APIs, for evidence the user can search the page for. */
const PREFIX: Record<BridgeObservation['platform'], string> = {
  wechat: 'wx.',
  alipay: 'AlipayJSBridge.call: ',
  douyin: 'douyin.',
  app: 'open-type=',
};

export function bridgeFindings(frame: FrameObservations, rs: CompiledRuleset, makeFinding: (base: FindingBase) => Finding): Finding[] {
  if (!rs.bridgeRules.length) return [];
  const byKey = new Map<string, Finding>();
  for (const call of frame.apis) {
    if (call.api !== 'bridge.request') continue;
    for (const rule of matchingRules(call, rs)) {
      const key = `${rule.category} ${call.platform} ${call.name}`;
      const current = byKey.get(key);
      // A call beats a declaration; otherwise the first (strongest rule, earliest observation) stays.
      if (current && (current.bridge!.declared === false || call.declared)) continue;
      byKey.set(
        key,
        makeFinding({
          category: rule.category,
          source: 'bridge',
          required: null,
          ruleId: rule.id,
          evidence: bridgeEvidence(call),
          api: call.api,
          frameUrl: frame.frameUrl,
          element: null,
          bridge: { platform: call.platform, name: call.name, declared: call.declared },
        }),
      );
    }
  }
  return [...byKey.values()];
}

/** The strongest matching rule per category. */
export function matchingRules(call: BridgeObservation, rs: CompiledRuleset): CompiledBridgeRule[] {
  const byCategory = new Map<string, CompiledBridgeRule>();
  for (const rule of rs.bridgeRules) {
    if (rule.platform !== call.platform || !rule.apis.has(call.name) || byCategory.has(rule.category)) continue;
    if (!rule.options.every((o) => call.options.includes(o))) continue;
    if (rule.unlessOptions.some((o) => call.options.includes(o))) continue;
    byCategory.set(rule.category, rule);
  }
  return [...byCategory.values()];
}

/** "wx.getLocation({type: gcj02})", "OAuth scope=snsapi_userinfo (WeChat)", "open-type=getPhoneNumber". */
export function bridgeEvidence(call: BridgeObservation): string {
  const options = call.options.map((o) => o.replace('=', ': ')).join(', ');
  if (call.name === 'oauth') return `OAuth ${call.options.join(' ')}`.trim();
  if (call.platform === 'app') return `${PREFIX.app}${call.name}`;
  return `${PREFIX[call.platform]}${call.name}${options ? `({${options}})` : ''}`;
}
