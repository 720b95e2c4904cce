/** Our own CPU per page load: profiled loads in our browser (content scripts) plus the worker process's CPU time. */
import type { CDPSession } from 'playwright-core';
import type { Subject } from './browsers';
import { attribute, type CpuProfile, extensionProcessPid, idleRate, processCpuNs } from './cpu';
import type { BenchPage } from './page-load';
import { log, round, type Row, sleep } from './util';
import { median } from '../statistics';

export type CpuSamples = Record<string, { content: number[]; worker: number[]; longest: number[]; byScript: Record<string, number>[] }>;

export async function profiledSection(
  ours: Subject,
  pages: BenchPage[],
  blank: string,
  ownOrigin: string,
  userDataDir: string,
  cpuRuns: number,
): Promise<{ rows: Row[]; cpu: CpuSamples; extensionProcess: { pid: number | null; idleMsPerS: number } }> {
  const extPid = extensionProcessPid(userDataDir);
  const cdp: CDPSession = await ours.context.newCDPSession(ours.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  const cpu: CpuSamples = {};
  // The extension process's idle rate, subtracted from each load's worker time.
  const idleNs = extPid ? await idleRate(extPid) : 0;
  if (!extPid) log('no --extension-process renderer found: worker CPU reads as 0');
  for (let run = 0; run < cpuRuns; run++) {
    log(`profiled loads: run ${run + 1}/${cpuRuns}`);
    for (const p of pages) {
      await ours.page.goto(blank, { waitUntil: 'load' });
      await sleep(300);
      const before = extPid ? processCpuNs(extPid) : 0;
      const t0 = Date.now();
      await cdp.send('Profiler.start');
      await ours.page.goto(p.url, { waitUntil: 'load' });
      if (p.key === 'spa')
        await ours.page.waitForFunction(() => (window as unknown as { benchDone?: boolean }).benchDone === true, null, {
          timeout: 20_000,
        });
      await sleep(1500); // debounce (250 ms) + idle callback + report + scoring
      const { profile } = await cdp.send('Profiler.stop');
      const wall = Date.now() - t0;
      const workerNs = extPid ? processCpuNs(extPid) - before - idleNs * wall : 0;
      const stats = attribute(profile as CpuProfile, ownOrigin);
      const c = (cpu[p.key] ??= { content: [], worker: [], longest: [], byScript: [] });
      c.content.push(stats.extensionMs);
      c.worker.push(Math.max(0, workerNs / 1e6));
      c.longest.push(stats.longestMs);
      c.byScript.push(stats.byScript);
    }
  }
  await cdp.detach();
  const rows: Row[] = [];
  for (const p of pages) {
    const c = cpu[p.key];
    const total = c.content.map((x, i) => x + c.worker[i]);
    rows.push({
      metric: `${p.label}: our CPU per load (content + worker process)`,
      target: p.cpuTargetMs === null ? '(report)' : `≤ ${p.cpuTargetMs} ms`,
      measured: `${round(median(total), 1)} ms (content ${round(median(c.content), 1)} + worker ${round(median(c.worker), 1)})`,
      pass: p.cpuTargetMs === null ? null : median(total) <= p.cpuTargetMs,
    });
  }
  return { rows, cpu, extensionProcess: { pid: extPid, idleMsPerS: idleNs / 1e3 } };
}
