/** The worker's heap over many visits, sampled after a forced GC. */
import type { Page } from 'playwright-core';
import { readdirSync } from 'node:fs';
import type { ExtensionSession } from '../../audit/browser';
import type { StaticServer } from '../../audit/server';
import { DEMO_DIR } from '../../audit/targets';
import { log, sleep } from './util';
import { workerCdp } from './worker';

export async function memoryOverVisits(
  session: ExtensionSession,
  page: Page,
  server: StaticServer,
  files: Record<string, string>,
  visits: number,
  ownOrigin: string,
) {
  const demo = readdirSync(DEMO_DIR)
    .filter((f) => f.endsWith('.html') && f !== 'index.html')
    .map((f) => server.url('/demo/' + f));
  const urls = [...demo, server.url('/' + files.checkout)];
  const samples: { visits: number; usedMB: number; totalMB: number }[] = [];
  let method = 'CDP Runtime.getHeapUsage after HeapProfiler.collectGarbage';
  const sample = async (n: number) => {
    const w = await workerCdp(session.context, ownOrigin);
    if (!w) {
      method = 'unavailable';
      return;
    }
    try {
      await w.send('HeapProfiler.collectGarbage');
      const { usedSize, totalSize } = await w.send('Runtime.getHeapUsage');
      samples.push({ visits: n, usedMB: usedSize / 2 ** 20, totalMB: totalSize / 2 ** 20 });
    } finally {
      await w.detach();
    }
  };
  await sample(0);
  for (let i = 1; i <= visits; i++) {
    // Query strings make every visit a distinct URL (and a distinct history key per path is capped anyway).
    await page.goto(`${urls[i % urls.length]}?visit=${i}`, { waitUntil: 'load' });
    await sleep(120);
    if (i % 100 === 0 || i === visits) {
      await sleep(800);
      log(`memory: ${i}/${visits} visits`);
      if (samples[samples.length - 1]?.visits !== i) await sample(i);
    }
  }
  return { samples, method };
}
