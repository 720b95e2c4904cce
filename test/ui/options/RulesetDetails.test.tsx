// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { bundledRuleset } from '../../../src/engine/rules/builtin';
import { translator } from '../../../src/shared/strings';
import zhCN from '../../../src/shared/locales/zh-CN.json';
import { RulesetDetails } from '../../../src/ui/options/RulesetDetails';

let root: HTMLElement | null = null;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
  root = null;
});

describe('RulesetDetails ("View rules")', () => {
  it('lists the signal rules: which scripts or widget each watches, and its pattern', () => {
    const source = bundledRuleset().source;
    root = document.createElement('div');
    document.body.append(root);
    act(() => render(<RulesetDetails ruleset={source} lang="en" t={translator('en')} onClose={() => {}} />, root!));
    const section = [...root.querySelectorAll('details')].find(
      (d) => d.querySelector('summary')?.textContent === `Script and map rules: ${source.signalRules.length}`,
    )!;
    expect(section).toBeDefined();
    const items = [...section.querySelectorAll('li')].map((li) => li.textContent!);
    expect(items).toHaveLength(source.signalRules.length);
    expect(items.find((i) => i.startsWith('script.face-sdk '))).toMatch(/^script\.face-sdk → face: scripts of face-sdk/);
    expect(items.find((i) => i.startsWith('widget.map-picker '))).toMatch(/^widget\.map-picker → precise_location: widget: maptext \/.*拖/);
  });

  it('has no such section for a ruleset without signal rules, and counts them in Chinese', () => {
    const source = { ...bundledRuleset().source, signalRules: [] };
    root = document.createElement('div');
    act(() => render(<RulesetDetails ruleset={source} lang="zh-CN" t={translator('zh-CN')} onClose={() => {}} />, root!));
    expect(root.textContent).not.toContain('条脚本和地图规则');
    expect(zhCN['options.count.signalRules']).toBe('{n} 条脚本和地图规则');
  });
});
