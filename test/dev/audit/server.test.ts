import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planMounts, resolveRequestPath, startStaticServer, type StaticServer } from '../../../src/dev/audit/server';

const root = mkdtempSync(path.join(os.tmpdir(), 'ntk-server-'));
const siteA = path.join(root, 'a');
const siteB = path.join(root, 'b');
mkdirSync(siteA);
mkdirSync(siteB);
writeFileSync(path.join(siteA, 'shop checkout.html'), '<title>A</title>');
writeFileSync(path.join(siteA, 'index.html'), 'index A');
writeFileSync(path.join(siteB, 'pay.html'), '<title>B</title>');
writeFileSync(path.join(root, 'secret.txt'), 'outside');

describe('planMounts', () => {
  it('serves a single folder at the root, so URLs read naturally', () => {
    const plan = planMounts([{ given: 'x', absPath: path.join(siteA, 'shop checkout.html'), isDir: false }]);
    expect(plan.mounts).toEqual([{ prefix: '/', dir: siteA }]);
    expect(plan.paths.get('x')).toBe('/shop%20checkout.html');
  });
  it('gives each folder its own prefix when there are several', () => {
    const plan = planMounts([
      { given: 'a', absPath: path.join(siteA, 'index.html'), isDir: false },
      { given: 'b', absPath: path.join(siteB, 'pay.html'), isDir: false },
      { given: 'bdir', absPath: siteB, isDir: true },
    ]);
    expect(plan.mounts.map((m) => m.prefix)).toEqual(['/site-1/', '/site-2/']);
    expect([plan.paths.get('a'), plan.paths.get('b'), plan.paths.get('bdir')]).toEqual([
      '/site-1/index.html',
      '/site-2/pay.html',
      '/site-2/',
    ]);
  });
});

describe('resolveRequestPath', () => {
  const mounts = [
    { prefix: '/', dir: siteA },
    { prefix: '/site-2/', dir: siteB },
  ];
  it('never leaves the mounted folder', () => {
    expect(resolveRequestPath(mounts, '/../secret.txt')).toBeNull();
    expect(resolveRequestPath(mounts, '/%2e%2e/secret.txt')).toBeNull();
    expect(resolveRequestPath(mounts, '/site-2/..%2f..%2fsecret.txt')).toBeNull();
    expect(resolveRequestPath(mounts, '/%E0%A4%A')).toBeNull();
  });
  it('prefers the longest prefix', () => {
    expect(resolveRequestPath(mounts, '/site-2/pay.html?x=1')).toBe(path.join(siteB, 'pay.html'));
    expect(resolveRequestPath(mounts, '/index.html')).toBe(path.join(siteA, 'index.html'));
  });
});

describe('startStaticServer', () => {
  let server: StaticServer;
  beforeAll(async () => {
    server = await startStaticServer([{ prefix: '/', dir: siteA }]);
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('listens on loopback only and serves files with a content type', async () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(server.url('/shop%20checkout.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    expect(await res.text()).toBe('<title>A</title>');
    expect(await (await fetch(server.url('/'))).text()).toBe('index A');
  });

  it('answers anything else with a 404 (a hang would time the test out)', async () => {
    for (const p of ['/missing.js', '/favicon.ico', '/../secret.txt', '/sub/dir/']) {
      const res = await fetch(server.url(p));
      expect(res.status, p).toBe(404);
    }
    expect((await fetch(server.url('/index.html'), { method: 'POST' })).status).toBe(405);
  });
});
