/** Page-load overhead: every page loaded in every browser, interleaved run by run, as ratios with 95% CIs. */
import type { ExtensionSession } from '../../audit/browser';
import { median, quantile, ratioOfMedians, type RatioCi } from '../statistics';
import { type LoadTiming, loadOnce, type Subject } from './browsers';
import { fmtCi } from './report';
import { log, round, type Row, sleep } from './util';
import { badgeTimesFor, watchBadge } from './worker';

export interface BenchPage {
  key: string;
  label: string;
  url: string;
  cpuTargetMs: number | null;
}

export async function pageLoadSection(
  subjects: Subject[],
  pages: BenchPage[],
  blank: string,
  session: ExtensionSession,
  runs: number,
): Promise<{ rows: Row[]; results: Record<string, unknown>; timings: Record<string, Record<string, LoadTiming[]>> }> {
  const rows: Row[] = [];
  const timings: Record<string, Record<string, LoadTiming[]>> = {};
  const badgeLatency: number[] = [];
  for (let run = 0; run < runs; run++) {
    log(`page loads: run ${run + 1}/${runs}`);
    for (const p of pages) {
      // Rotate the order each run so no browser always goes first (caches, CPU frequency).
      const order = subjects.map((_, i) => subjects[(i + run) % subjects.length]);
      for (const s of order) {
        const t = await loadOnce(s.page, p.url, blank);
        ((timings[p.key] ??= {})[s.name] ??= []).push(t);
        if (s.name === 'ours') {
          // Let our work finish before the next load (so it never spills into another measurement).
          await sleep(p.key === 'spa' ? 300 : 700);
          if (p.key !== 'spa') {
            await watchBadge(session);
            const times = (await badgeTimesFor(session, p.url)).filter((x) => x >= t.dclEpoch - 5);
            if (times.length) badgeLatency.push(times[0] - t.dclEpoch);
          }
        }
      }
    }
  }
  const loadRows: Record<string, unknown> = {};
  for (const p of pages) {
    const t = timings[p.key];
    const dcl = (n: string) => t[n].map((x) => x.dcl);
    const load = (n: string) => t[n].map((x) => x.load);
    const aa = { dcl: ratioOfMedians(dcl('none-again'), dcl('none')), load: ratioOfMedians(load('none-again'), load('none')) };
    const ext = { dcl: ratioOfMedians(dcl('ours'), dcl('none')), load: ratioOfMedians(load('ours'), load('none')) };
    loadRows[p.key] = {
      medians: Object.fromEntries(subjects.map((s) => [s.name, { dcl: median(dcl(s.name)), load: median(load(s.name)) }])),
      aa,
      ext,
    };
    // "Inside the A/A band": our ratio's CI overlaps the A/A control's CI.
    const inside = (a: RatioCi, b: RatioCi) => a.lo <= b.hi && b.lo <= a.hi;
    rows.push({
      metric: `${p.label}: DCL ratio ours/none [95% CI] (A/A)`,
      target: 'inside A/A band',
      measured: `${fmtCi(ext.dcl)} (A/A ${fmtCi(aa.dcl)}; median ${round(median(dcl('ours')), 1)} vs ${round(median(dcl('none')), 1)} ms)`,
      pass: inside(ext.dcl, aa.dcl),
    });
    rows.push({
      metric: `${p.label}: load ratio ours/none [95% CI] (A/A)`,
      target: 'inside A/A band',
      measured: `${fmtCi(ext.load)} (A/A ${fmtCi(aa.load)}; median ${round(median(load('ours')), 1)} vs ${round(median(load('none')), 1)} ms)`,
      pass: inside(ext.load, aa.load),
    });
  }
  const longNone = pages.flatMap((p) => timings[p.key].none.flatMap((x) => x.longTasks));
  const longOurs = pages.flatMap((p) => timings[p.key].ours.flatMap((x) => x.longTasks));
  rows.push({
    metric: 'DOMContentLoaded → badge (checkout + 2,000 fields)',
    target: '≤ 50 ms',
    measured: badgeLatency.length
      ? `median ${round(median(badgeLatency), 0)} ms, p90 ${round(quantile(badgeLatency, 0.9), 0)} ms (n=${badgeLatency.length})`
      : 'no badge seen',
    pass: badgeLatency.length ? median(badgeLatency) <= 50 : false,
  });
  return {
    rows,
    timings,
    results: { pageLoad: loadRows, longTasks: { none: longNone, ours: longOurs }, badgeLatencyMs: badgeLatency },
  };
}
