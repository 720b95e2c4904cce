// @vitest-environment happy-dom
/** The format guide's examples are real: each one is validated, and the complete ones are tested. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractFields } from '../../../src/content/extract';
import { collectPageSignals } from '../../../src/content/page-signals';
import type { PageObservations } from '../../../src/shared/model';
import { bundledRuleset } from '../../../src/engine/rules/builtin';
import { compileRuleset } from '../../../src/engine/rules/compile';
import { mergeRulesets } from '../../../src/engine/rules/merge';
import { runInlineTests } from '../../../src/engine/rules/run-tests';
import { validateRuleset } from '../../../src/engine/rules/validate';

// A path, not a URL: in the happy-dom environment URL is happy-dom's, which node:fs does not take.
const guide = readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../src/engine/rules/FORMAT.md'), 'utf8');
const blocks = [...guide.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1]);
const core = bundledRuleset().source;

function extractHtml(html: string, url: string): PageObservations {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
  document.title = '';
  document.body.innerHTML = html;
  return { url, frames: [{ frameUrl: url, page: collectPageSignals(document), fields: extractFields(document), apis: [] }] };
}

/** A snippet ("key": value, …) as part of an otherwise empty local ruleset. */
function asLocal(snippet: string): unknown {
  return {
    formatVersion: 1,
    id: 'doc.example',
    title: { en: 'Doc' },
    version: '1',
    languages: ['en'],
    categories: [],
    necessity: {},
    ...JSON.parse(`{${snippet}}`),
  };
}

describe('FORMAT.md', () => {
  it('has its examples', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  it('the minimal ruleset is valid on its own and passes its tests', () => {
    const result = validateRuleset(JSON.parse(blocks[0]));
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    expect(runInlineTests(compileRuleset(result.ruleset), extractHtml).filter((r) => !r.pass)).toEqual([]);
  });

  it('the necessity and overrides snippets are valid on top of the bundled ruleset', () => {
    const necessity = asLocal(blocks.find((b) => b.startsWith('"necessity"'))!);
    const overrides = asLocal(blocks.find((b) => b.startsWith('"overrides"'))!);
    for (const doc of [necessity, overrides]) {
      const result = validateRuleset(doc, { base: [core] });
      expect(result.ok ? [] : result.errors).toEqual([]);
    }
  });

  it('the inline-test example passes with the overrides example', () => {
    const overrides = asLocal(blocks.find((b) => b.startsWith('"overrides"'))!) as Record<string, unknown>;
    const test = JSON.parse(blocks.find((b) => b.startsWith('{\n  "name"'))!);
    const result = validateRuleset({ ...overrides, tests: [test] }, { base: [core] });
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    const merged = mergeRulesets([core, result.ruleset]).ruleset;
    expect(runInlineTests({ ...merged, tests: result.ruleset.tests }, extractHtml).filter((r) => !r.pass)).toEqual([]);
  });

  it('the signal-rules snippet is valid on top of the bundled ruleset, and its inline-test example passes', () => {
    const signals = asLocal(blocks.find((b) => b.startsWith('"signalRules"'))!) as Record<string, unknown>;
    const test = JSON.parse(blocks.find((b) => b.includes('"widget.pin-drop"') && b.startsWith('{\n  "name"'))!);
    const result = validateRuleset({ ...signals, tests: [test] }, { base: [core] });
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    expect(result.ruleset.signalRules.map((r) => r.id)).toEqual(['script.kyc-vendor', 'widget.pin-drop']);
    const merged = mergeRulesets([core, result.ruleset]).ruleset;
    expect(runInlineTests({ ...merged, tests: result.ruleset.tests }, extractHtml).filter((r) => !r.pass)).toEqual([]);
  });

  it('the bridge-rules snippet is valid on top of the bundled ruleset and judges bridge observations', () => {
    const bridges = asLocal(blocks.find((b) => b.startsWith('"bridgeRules"'))!) as Record<string, unknown>;
    const tests = [
      {
        name: 'declared getLocation and an auth_user login',
        html: '<h1>门店</h1>',
        apis: [
          { api: 'bridge.request', platform: 'wechat', name: 'getLocation', declared: true },
          { api: 'bridge.request', platform: 'alipay', name: 'oauth', options: ['scope=auth_user'] },
        ],
        expect: [
          { category: 'precise_location', ruleId: 'bridge.example.location' },
          { category: 'profile', ruleId: 'bridge.example.profile' },
        ],
      },
      {
        name: 'album-only pictures and a silent login ask for nothing',
        html: '<h1>门店</h1>',
        apis: [
          { api: 'bridge.request', platform: 'wechat', name: 'chooseImage', options: ['sourceType=album'] },
          { api: 'bridge.request', platform: 'alipay', name: 'oauth', options: ['scope=auth_base'] },
        ],
        expectNot: ['camera', 'profile'],
      },
    ];
    const result = validateRuleset({ ...bridges, tests }, { base: [core] });
    expect(result.ok ? [] : result.errors).toEqual([]);
    if (!result.ok) return;
    expect(result.ruleset.bridgeRules.map((r) => r.id)).toEqual([
      'bridge.example.location',
      'bridge.example.camera',
      'bridge.example.profile',
    ]);
    const merged = mergeRulesets([core, result.ruleset]).ruleset;
    expect(runInlineTests({ ...merged, tests: result.ruleset.tests }, extractHtml).filter((r) => !r.pass)).toEqual([]);
  });

  it('the local "silence" ruleset is valid on top of the bundled ruleset', () => {
    const local = JSON.parse(blocks.find((b) => b.includes('"me.local"'))!);
    expect(validateRuleset(local, { base: [core] })).toMatchObject({ ok: true });
    expect(validateRuleset(local)).toMatchObject({ ok: false });
  });
});
