import { IN_APP_USER_AGENTS, recordingBridgeScript } from '../../../src/dev/audit/in-app';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_MS, DEMO_DIR, expandTargets, isLoopbackUrl, parseArgs } from '../../../src/dev/audit/targets';

describe('parseArgs', () => {
  it('takes targets and a timeout in either form', () => {
    expect(parseArgs(['demo'])).toEqual({ timeoutMs: DEFAULT_TIMEOUT_MS, targets: ['demo'], help: false, as: null });
    expect(parseArgs(['--timeout', '5000', 'a.html', 'http://x/']).timeoutMs).toBe(5000);
    expect(parseArgs(['--timeout=8000', '--', 'a.html']).targets).toEqual(['a.html']);
    expect(parseArgs(['-h']).help).toBe(true);
  });
  it('takes --as wechat|alipay|douyin in either form and rejects other apps', () => {
    expect(parseArgs(['--as', 'wechat', 'a.html'])).toMatchObject({ as: 'wechat', targets: ['a.html'] });
    expect(parseArgs(['--as=alipay', 'a.html']).as).toBe('alipay');
    expect(parseArgs(['--as', 'douyin']).as).toBe('douyin');
    expect(() => parseArgs(['--as', 'qq'])).toThrow(/--as needs one of wechat, alipay, douyin/);
    expect(() => parseArgs(['--as'])).toThrow(/--as/);
  });
  it('the --as recording bridge answers like a user who declines, and exists only for WeChat and Alipay', () => {
    expect(recordingBridgeScript('wechat')).toMatch(/WeixinJSBridge = \{/);
    expect(recordingBridgeScript('wechat')).toContain(":cancel'");
    expect(recordingBridgeScript('alipay')).toMatch(/AlipayJSBridge = \{/);
    expect(recordingBridgeScript('alipay')).toContain("errorMessage: 'user cancel'");
    expect(recordingBridgeScript('douyin')).toBe('');
    expect(IN_APP_USER_AGENTS.wechat).toContain('MicroMessenger/');
    expect(IN_APP_USER_AGENTS.alipay).toContain('AlipayClient/');
    expect(IN_APP_USER_AGENTS.douyin).toContain('aweme');
  });
  it('rejects bad timeouts and unknown options', () => {
    expect(() => parseArgs(['--timeout', 'soon'])).toThrow(/--timeout/);
    expect(() => parseArgs(['--timeout', '5'])).toThrow(/between/);
    expect(() => parseArgs(['--timeout'])).toThrow(/--timeout/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option --fast/);
  });
});

describe('expandTargets', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ntk-targets-'));
  mkdirSync(path.join(dir, 'site'));
  writeFileSync(path.join(dir, 'site', 'b.html'), '<p>b');
  writeFileSync(path.join(dir, 'site', 'a.htm'), '<p>a');
  writeFileSync(path.join(dir, 'site', 'notes.txt'), 'x');
  mkdirSync(path.join(dir, 'empty'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('expands "demo" to every demo page except the index', () => {
    const demo = expandTargets(['demo']);
    const names = demo.map((t) => (t.kind === 'file' ? path.basename(t.absPath) : t.kind));
    expect(names).not.toContain('index.html');
    expect(names).toEqual(
      expect.arrayContaining(['shop-checkout.html', 'shop-checkout.zh.html', 'vending-pay.zh.html', 'clean-checkout.html']),
    );
    expect(demo.every((t) => t.kind === 'file' && t.absPath.startsWith(DEMO_DIR))).toBe(true);
  });

  it('keeps URLs, expands folders to their HTML files and flags what is missing', () => {
    const out = expandTargets(['http://127.0.0.1:9/x', 'site', 'site/b.html', 'nope.html', 'empty'], dir);
    expect(out.map((t) => [t.kind, t.given])).toEqual([
      ['url', 'http://127.0.0.1:9/x'],
      ['file', path.join('site', 'a.htm')],
      ['file', path.join('site', 'b.html')],
      ['file', 'site/b.html'],
      ['missing', 'nope.html'],
      ['missing', 'empty'],
    ]);
  });
});

describe('isLoopbackUrl', () => {
  it('accepts only loopback hosts', () => {
    for (const u of ['http://127.0.0.1:8080/a', 'http://localhost/', 'http://[::1]:3000/', 'ws://127.1.2.3/'])
      expect(isLoopbackUrl(u)).toBe(true);
    for (const u of ['https://example.com/', 'http://127.0.0.1.evil.com/', 'http://10.0.0.1/', 'not a url'])
      expect(isLoopbackUrl(u)).toBe(false);
  });
});
