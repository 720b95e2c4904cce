/** The audit CLI end to end: one JSON document on stdout, per-target errors, exit code 0. */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { REPO_ROOT } from '../../src/dev/audit/targets';
import { skipReason } from './harness';

const run = promisify(execFile);

describe.skipIf(!!skipReason)('npm run audit', () => {
  it('prints one JSON document with a page per target and an error for a missing one', async () => {
    const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
    const { stdout, stderr } = await run(
      tsx,
      ['src/dev/audit/cli.ts', '--timeout', '10000', 'src/dev/demo/clean-checkout.html', 'src/dev/demo/index.html', 'no-such-page.html'],
      { cwd: REPO_ROOT, timeout: 90_000 },
    );
    const doc = JSON.parse(stdout);
    expect(doc.version).toBe(1);
    expect(doc.pages.map((p: { target: string }) => p.target)).toEqual([
      'src/dev/demo/clean-checkout.html',
      'src/dev/demo/index.html',
      'no-such-page.html',
    ]);
    const [clean, index, missing] = doc.pages;
    expect(Object.keys(clean)).toEqual(['target', 'url', 'grade', 'score', 'pageKind', 'serviceKind', 'findings']);
    expect(clean.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/clean-checkout\.html$/);
    expect([clean.grade, clean.serviceKind, clean.pageKind]).toEqual(['A', 'shop', 'checkout']);
    expect(clean.findings.length).toBeGreaterThan(0);
    expect(Object.keys(clean.findings[0])).toEqual([
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
    expect([index.grade, index.score, index.findings]).toEqual(['not-rated', null, []]);
    expect(missing).toEqual({ target: 'no-such-page.html', error: expect.stringMatching(/no such file/) });
    expect(stderr).toMatch(/\[audit\]/);
  });

  it('--as wechat opens the page as the WeChat web view: the location call happens and is a called bridge finding', async () => {
    const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
    const { stdout } = await run(
      tsx,
      ['src/dev/audit/cli.ts', '--timeout', '10000', '--as', 'wechat', 'src/dev/demo/miniprogram-shop.zh.html'],
      {
        cwd: REPO_ROOT,
        timeout: 90_000,
      },
    );
    const doc = JSON.parse(stdout);
    expect(doc.as).toBe('wechat');
    const [shop] = doc.pages;
    const location = shop.findings.find((f: { category: string }) => f.category === 'precise_location');
    expect(location).toMatchObject({
      source: 'bridge',
      evidence: 'wx.getLocation({type: gcj02})',
      bridge: { platform: 'wechat', name: 'getLocation', declared: false },
    });
    expect([shop.grade, shop.score]).toEqual(['C', 64]);
  });
});
