/**
 * The authors' CLI as authors run it: a real process (tsx src/dev/ruleset-cli/cli.ts) on files in a temp dir,
 * checked by exit code and output.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { runRulesetCli } from '../../../src/dev/ruleset-cli/cli';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'ntk-ruleset-cli-'));
const core = path.join(root, 'src/engine/rules/builtin/core.json');

/** Runs the CLI in-process (fast); `spawned` below checks the real process and its exit codes. */
async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runRulesetCli(args, { out: (t) => (out += t + '\n'), err: (t) => (err += t + '\n') });
  return { code, out, err };
}

/** Runs the CLI as authors do, in its own Node process; resolves with its exit code and output. */
function spawned(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const argv = [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'src/dev/ruleset-cli/cli.ts'), ...args];
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { cwd: root, encoding: 'utf8' }, (error, out, err) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, out, err });
    });
  });
}

function file(name: string, data: unknown): string {
  const target = path.join(dir, name);
  writeFileSync(target, typeof data === 'string' ? data : JSON.stringify(data, null, 2));
  return target;
}

/** A local ruleset for one site, built on the bundled ruleset, with an inline test of its override. */
const wineShop = {
  formatVersion: 1,
  id: 'example.wine',
  title: { en: 'Wine shop' },
  version: '1.0',
  languages: ['en'],
  categories: [],
  necessity: {},
  overrides: [{ id: 'wine', sites: ['wine.example'], necessity: { birthdate: 'conditional' }, reason: { en: 'Sells wine.' } }],
  tests: [
    {
      name: 'wine shop may ask for a birth date',
      url: 'https://wine.example/checkout',
      html: '<label>Date of birth <input type="date" autocomplete="bday" required></label>',
      expect: [{ category: 'birthdate', necessity: 'conditional' }],
    },
  ],
};

describe('npm run ruleset', () => {
  // Starting Node and tsx takes 1–5 s on a busy machine: a generous limit, not a timing check.
  it('exits 0 on a valid ruleset and 1 on an invalid one, in a real process', { timeout: 60_000 }, async ({ expect }) => {
    const [good, bad] = await Promise.all([
      spawned('validate', core),
      spawned('validate', file('spawn-bad.json', { formatVersion: 1 }), '--json'),
    ]);
    expect(good).toMatchObject({ code: 0, out: expect.stringMatching(/valid — need-to-know\.core/) });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.out).errors).toContainEqual({ path: '$.id', reason: expect.stringMatching(/is missing/) });
  });

  it('validate: passes the bundled ruleset (exit 0)', async ({ expect }) => {
    const run = await cli('validate', core);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/valid — need-to-know\.core/);
  });

  it('validate: lists every error with its path and reason, exit 1', async ({ expect }) => {
    const bad = file('bad.json', {
      ...wineShop,
      colour: 'red',
      overrides: [{ id: 'x', sites: ['com'], silence: ['no.such.rule'] }],
      fieldRules: [{ id: 'r', category: 'phone', text: '(a+)+$' }],
    });
    const run = await cli('validate', bad);
    expect(run.code).toBe(1);
    expect(run.out).toMatch(/INVALID/);
    expect(run.out).toContain('$.colour: is not a known key');
    const json = await cli('validate', bad, '--json');
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.out);
    expect(doc.valid).toBe(false);
    expect(doc.errors.map((e: { path: string }) => e.path)).toEqual(['$.colour']);
    // Once the schema is satisfied, the deeper checks report everything at once.
    const deeper = await cli(
      'validate',
      file('deeper.json', {
        ...wineShop,
        overrides: [{ id: 'x', sites: ['com'], silence: ['no.such.rule'] }],
        fieldRules: [{ id: 'r', category: 'phone', text: '(a+)+$' }],
      }),
      '--json',
    );
    expect(JSON.parse(deeper.out).errors.map((e: { path: string }) => e.path)).toEqual([
      '$.fieldRules[0].text',
      '$.overrides[0].silence[0]',
      '$.overrides[0].sites[0]',
    ]);
  });

  it('validate: not JSON, a missing file, usage', async ({ expect }) => {
    expect(await cli('validate', file('broken.json', '{"formatVersion": 1,'))).toMatchObject({
      code: 1,
      out: expect.stringMatching(/\$: is not valid JSON/),
    });
    expect(await cli('validate', path.join(dir, 'missing.json'))).toMatchObject({
      code: 1,
      out: expect.stringMatching(/could not be read/),
    });
    expect((await cli('frobnicate', core)).code).toBe(2);
  });

  it('validate: lists skipped items as warnings and still exits 0', async ({ expect }) => {
    const future = file('future.json', {
      ...wineShop,
      overrides: [...wineShop.overrides, { id: 'later', sites: ['x.example'], minFormatVersion: 2, newThing: 1 }],
    });
    const run = await cli('validate', future);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/1 warning:\n {2}! \$\.overrides\[1\]: skipped "later": needs format 2/);
  });

  it('test: runs the bundled inline tests (exit 0) and a local ruleset on top of it', async ({ expect }) => {
    const bundled = await cli('test', core, '--json');
    expect(bundled.code).toBe(0);
    const doc = JSON.parse(bundled.out);
    expect(doc.failed).toBe(0);
    expect(doc.passed).toBeGreaterThan(50);
    const local = await cli('test', file('wine.json', wineShop));
    expect(local.code).toBe(0);
    expect(local.out).toMatch(/✓ wine shop may ask for a birth date/);
    expect(local.out).toMatch(/overrides: 1 of 1 have tests/);
  });

  it('test: reports a failing test per test and per rule, exit 1', async ({ expect }) => {
    const failing = structuredClone(wineShop) as typeof wineShop & { fieldRules: unknown[] };
    failing.tests[0].expect = [{ category: 'birthdate', necessity: 'unnecessary' }];
    failing.fieldRules = [{ id: 'x.coupon', category: 'phone', text: 'coupon', in: ['name'] }];
    failing.tests.push({
      name: 'coupon is a phone?',
      url: 'https://shop.example/',
      html: '<input name="promo">',
      expect: [{ category: 'phone', ruleId: 'x.coupon' } as never],
    });
    const run = await cli('test', file('failing.json', failing));
    expect(run.code).toBe(1);
    expect(run.out).toMatch(
      /✗ wine shop may ask for a birth date\n\s+expected birthdate to be judged unnecessary, it was judged conditional/,
    );
    expect(run.out).toMatch(/✗ x\.coupon: failing coupon is a phone\?/);
  });

  it('stats: counts per category and language, as text and JSON', async ({ expect }) => {
    const run = await cli('stats', core);
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/languages: en \d+\/\d+ texts, zh-CN \d+\/\d+ texts/);
    const doc = JSON.parse((await cli('stats', core, '--json')).out);
    expect(doc.sections.categories).toBeGreaterThanOrEqual(12);
    expect(doc.languages['zh-CN'].texts).toBe(doc.languages['zh-CN'].of);
    expect(doc.regexes).toBeGreaterThan(50);
  });
});
