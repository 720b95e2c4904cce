/**
 * Page-load overhead: every page loaded in every browser (no extension, the A/A control, ours and,
 * when present, Privacy Badger), interleaved run by run, as ratios of medians with 95% bootstrap CIs,
 * whole-browser CPU per load, and the longest script run of an extension seen in long animation frames.
 */
import type { ExtensionSession } from '../../audit/browser';
import { median, quantile, ratioOfMedians, type RatioCi } from '../statistics';
import { type LoadTiming, loadOnce, type Subject } from './browsers';
import { fmtCi } from './report';
import { log, round, type Row } from './util';
import { badgeTimesFor, watchBadge } from './worker';

export interface BenchPage {
  key: string;
  label: string;
  url: string;
  cpuTargetMs: number | null;
}

/** After the load event (or the SPA's last node) every browser gets this long to finish its work before CPU is read. */
const SETTLE_MS = 1000;

const containsOne = (r: RatioCi) => r.lo <= 1 && 1 <= r.hi;

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
  const hasPb = subjects.some((s) => s.name === 'pb');
  for (let run = 0; run < runs; run++) {
    log(`page loads: run ${run + 1}/${runs}`);
    for (const p of pages) {
      // Rotate the order each run so no browser always goes first (caches, CPU frequency).
      const order = subjects.map((_, i) => subjects[(i + run) % subjects.length]);
      for (const s of order) {
        const t = await loadOnce(s, p.url, blank, SETTLE_MS, p.key === 'spa');
        ((timings[p.key] ??= {})[s.name] ??= []).push(t);
        if (s.name === 'ours' && p.key !== 'spa') {
          await watchBadge(session);
          const times = (await badgeTimesFor(session, p.url)).filter((x) => x >= t.dclEpoch - 5);
          if (times.length) badgeLatency.push(times[0] - t.dclEpoch);
        }
      }
    }
  }
  const summary: Record<string, unknown> = {};
  for (const p of pages) {
    const t = timings[p.key];
    const of = (n: string, k: 'dcl' | 'load' | 'browserCpuMs') => (t[n] ?? []).map((x) => x[k]);
    const ratio = (a: string, b: string, k: 'dcl' | 'load') => ratioOfMedians(of(a, k), of(b, k));
    const load = {
      ours: ratio('ours', 'none', 'load'),
      aa: ratio('none-again', 'none', 'load'),
      pb: hasPb ? ratio('pb', 'none', 'load') : null,
    };
    // "Inside the A/A band": the CI of our ratio over the control's (= ours / none-again) contains 1.
    const oursOverControl = { load: ratio('ours', 'none-again', 'load'), dcl: ratio('ours', 'none-again', 'dcl') };
    const oursOverPb = hasPb ? ratio('ours', 'pb', 'load') : null;
    const cpuAdded = (n: string) => median(of(n, 'browserCpuMs')) - median(of('none', 'browserCpuMs'));
    const added = { ours: cpuAdded('ours'), aa: cpuAdded('none-again'), pb: hasPb ? cpuAdded('pb') : NaN };
    summary[p.key] = {
      medians: Object.fromEntries(
        subjects.map((s) => [
          s.name,
          { dcl: median(of(s.name, 'dcl')), load: median(of(s.name, 'load')), cpu: median(of(s.name, 'browserCpuMs')) },
        ]),
      ),
      load,
      oursOverControl,
      oursOverPb,
      cpuAdded: added,
    };
    rows.push({
      metric: `${p.label}: load ratio vs no extension [95% CI]`,
      target: hasPb ? "below PB's (CI of ours/PB < 1)" : "below PB's",
      measured:
        `ours ${fmtCi(load.ours)}` +
        (load.pb ? `; PB ${fmtCi(load.pb)}; ours/PB ${fmtCi(oursOverPb!)}` : '; PB not run (no checkout, see PERFORMANCE.md)') +
        `; A/A ${fmtCi(load.aa)}`,
      pass: oursOverPb ? oursOverPb.hi < 1 : null,
    });
    rows.push({
      metric: `${p.label}: ours / A/A control, load [DCL] [95% CI]`,
      target: 'CI contains 1',
      measured: `${fmtCi(oursOverControl.load)} [DCL ${fmtCi(oursOverControl.dcl)}] (n=${of('ours', 'load').length} per browser)`,
      pass: containsOne(oursOverControl.load),
    });
    rows.push({
      metric: `${p.label}: whole-browser CPU added per load (median vs none)`,
      target: "below PB's",
      measured:
        `ours ${round(added.ours, 0)} ms` +
        (hasPb ? `; PB ${round(added.pb, 0)} ms` : '') +
        `; A/A ${round(added.aa, 0)} ms (none ${round(median(of('none', 'browserCpuMs')), 0)} ms)`,
      pass: hasPb ? added.ours < added.pb : null,
    });
  }
  const longest = (n: string) => Math.max(0, ...pages.flatMap((p) => (timings[p.key][n] ?? []).map((x) => x.extensionScriptMax)));
  const perPage = pages.map((p) => `${p.key} ${round(Math.max(0, ...timings[p.key].ours.map((x) => x.extensionScriptMax)), 0)}`);
  // Chromium may not attribute isolated-world (content script) runs in LoAF: nothing seen proves nothing.
  const attributed = longest('ours') > 0 || (hasPb && longest('pb') > 0);
  rows.push({
    metric: 'longest extension script run in a long animation frame (every load)',
    target: '< 50 ms on every page',
    measured: attributed
      ? `ours ${round(longest('ours'), 1)} ms (${perPage.join(', ')})` + (hasPb ? `; PB ${round(longest('pb'), 1)} ms` : '')
      : 'no extension script attributed by LoAF (content scripts are not); see the profiled slice row',
    pass: attributed ? longest('ours') < 50 : null,
  });
  const longNone = pages.flatMap((p) => timings[p.key].none.flatMap((x) => x.longTasks));
  const longOurs = pages.flatMap((p) => timings[p.key].ours.flatMap((x) => x.longTasks));
  rows.push({
    metric: 'DOMContentLoaded → badge (checkout + 2,000 fields, worker running)',
    target: '≤ 50 ms',
    measured: badgeLatency.length
      ? `median ${round(median(badgeLatency), 0)} ms, p90 ${round(quantile(badgeLatency, 0.9), 0)} ms (n=${badgeLatency.length})`
      : 'no badge seen',
    pass: badgeLatency.length ? median(badgeLatency) <= 50 : false,
  });
  return {
    rows,
    timings,
    results: { pageLoad: summary, longTasks: { none: longNone, ours: longOurs }, badgeLatencyMs: badgeLatency },
  };
}
