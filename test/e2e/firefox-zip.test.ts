/**
 * The package that goes to addons.mozilla.org, not just the folder it is made of: the Firefox zip from
 * `npm run zip` installs in real Firefox and grades a demo page. Skipped (with a message) until the
 * zip has been built.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { StaticServer } from '../../src/dev/audit/server';
import { REPO_ROOT } from '../../src/dev/audit/targets';
import { DEMO_SCENARIOS } from './expectations';
import { firefoxSkipReason, launchFirefox, type FirefoxSession } from './firefox-harness';
import { startDemoServer } from './harness';

const version = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')).version;
const ZIP = path.join(REPO_ROOT, process.env.NTK_OUT_DIR || '.output', `need-to-know-${version}-firefox.zip`);
const skip = firefoxSkipReason ?? (existsSync(ZIP) ? null : `no ${path.basename(ZIP)}: run npm run zip first`);
if (skip && !firefoxSkipReason) console.warn(`[e2e firefox zip] skipped: ${skip}`);

describe.skipIf(!!skip)('Firefox: the release zip itself', () => {
  let server: StaticServer;
  let ff: FirefoxSession;

  beforeAll(async () => {
    server = await startDemoServer();
    ff = await launchFirefox({ extension: ZIP, allowOrigins: [server.origin] });
  });
  afterAll(async () => {
    await ff?.close();
    await server?.close();
  });

  it('installs and grades the shop checkout as the unpacked build does', async () => {
    const { report } = await ff.audit(server.url('/shop-checkout.html'));
    const want = DEMO_SCENARIOS['shop-checkout'];
    expect([report?.grade, report?.score]).toEqual([want.grade, want.score]);
    const manifest = await ff.ext.evaluate(() => (globalThis as any).browser.runtime.getManifest().version);
    expect(manifest).toBe(version);
  });
});
