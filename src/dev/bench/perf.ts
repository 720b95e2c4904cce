/**
 * `npm run bench`: what Need to Know costs the pages it watches, measured in real headless Chromium.
 * A benchmark, not a test: it prints numbers and a target table, and fails nothing. See
 * src/dev/bench/PERFORMANCE.md for the method and the latest results.
 *
 *   npm run bench -- [--runs 20] [--cpu-runs 10] [--visits 500] [--quick] [--json out.json]
 *
 * --quick: 5 runs, 3 CPU runs, 100 visits (a smoke run in about a minute).
 * The sections live in ./perf/.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_EXTENSION_DIR, extensionMissingReason, launchWithExtension } from '../audit/browser';
import { startStaticServer } from '../audit/server';
import { DEMO_DIR } from '../audit/targets';
import { writeBenchPages } from './pages/generate';
import { findBrowserPid, launchControl, LONG_TASK_OBSERVER, loadOnce, privacyBadgerDir, type Subject } from './perf/browsers';
import { coldStartSection } from './perf/cold-start';
import { popupFirstContent, uiWeightRows } from './perf/ui-weight';
import { injectedSize, rulesetTimings } from './perf/code-and-rules';
import { memoryOverVisits } from './perf/memory';
import { type BenchPage, pageLoadSection } from './perf/page-load';
import { profiledSection } from './perf/profiled';
import { machine, printTable } from './perf/report';
import { scanBench } from './perf/scan';
import { log, parseOptions, round, type Row } from './perf/util';
import { watchBadge } from './perf/worker';

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  const missing = extensionMissingReason();
  if (missing) throw new Error(missing);
  const started = Date.now();
  const pagesDir = mkdtempSync(path.join(os.tmpdir(), 'ntk-bench-pages-'));
  const files = writeBenchPages(pagesDir);
  const server = await startStaticServer([
    { prefix: '/', dir: pagesDir },
    { prefix: '/demo/', dir: DEMO_DIR },
  ]);
  const rows: Row[] = [];
  const results: Record<string, unknown> = { machine: machine(), options: opts };

  try {
    rows.push(...codeAndRulesetRows(results));
    rows.push(...uiWeightRows(DEFAULT_EXTENSION_DIR, results));

    // --- Browsers ----------------------------------------------------------------------------------
    const pbDir = privacyBadgerDir();
    log(`launching browsers: none, none again (A/A control), ours${pbDir ? ', Privacy Badger' : ''}`);
    if (!pbDir) log('no Privacy Badger checkout (NTK_BENCH_PRIVACY_BADGER or ~/.cache/ntk-bench/privacybadger/src): peer skipped');
    results.privacyBadger = pbDir
      ? { dir: pbDir, version: JSON.parse(readFileSync(path.join(pbDir, 'manifest.json'), 'utf8')).version }
      : null;
    const none = await launchControl('none');
    const noneAgain = await launchControl('none-again');
    const pb = pbDir ? await launchControl('pb', pbDir) : null;
    const session = await launchWithExtension({ allowNetwork: true });
    await session.context.addInitScript(LONG_TASK_OBSERVER);
    const ownOrigin = `chrome-extension://${session.extensionId}/`;
    const userDataDir =
      /--user-data-dir=([^\0]+)/.exec(readFileSync(`/proc/${findBrowserPid(session)}/cmdline`, 'utf8'))?.[1] ?? 'ntk-chromium-';
    const ours: Subject = {
      name: 'ours',
      context: session.context,
      page: await session.context.newPage(),
      userDataDir,
      close: () => session.close(),
    };
    const subjects = [none, noneAgain, ours, ...(pb ? [pb] : [])];
    const blank = server.url('/' + files.blank);
    const pages: BenchPage[] = [
      { key: 'checkout', label: '~30-field checkout', url: server.url('/' + files.checkout), cpuTargetMs: 2 },
      { key: 'fields2000', label: '2,000-field page', url: server.url('/' + files.fields2000), cpuTargetMs: 5 },
      { key: 'spa', label: 'SPA, +10,000 nodes over 5 s', url: server.url('/' + files.spa), cpuTargetMs: null },
    ];

    // Warm-up: one load of every page in every browser (disk cache, process, code caches).
    for (const s of subjects) for (const p of pages) await loadOnce(s, p.url, blank, 0, p.key === 'spa');
    await watchBadge(session);

    // --- Page-load overhead, interleaved run by run ------------------------------------------------
    const loads = await pageLoadSection(subjects, pages, blank, session, opts.runs);
    rows.push(...loads.rows);
    Object.assign(results, loads.results);

    // --- CPU of our own work per page load (profiled runs, ours only) -----------------------------
    const profiled = await profiledSection(ours, pages, blank, ownOrigin, userDataDir, opts.cpuRuns);
    rows.push(...profiled.rows);
    results.cpu = profiled.cpu;
    results.extensionProcess = profiled.extensionProcess;
    const longNone = pages.flatMap((p) => loads.timings[p.key].none.flatMap((x) => x.longTasks));
    const longOurs = pages.flatMap((p) => loads.timings[p.key].ours.flatMap((x) => x.longTasks));
    const longest = Math.max(...Object.values(profiled.cpu).flatMap((c) => c.longest));
    rows.push({
      metric: 'longest task caused by the extension (profile: extension samples until the thread runs anything else)',
      target: '< 50 ms',
      measured: `${round(longest, 1)} ms (${pages.map((p) => `${p.key} ${round(Math.max(...profiled.cpu[p.key].longest), 0)}`).join(', ')}); long tasks on pages: ours ${longOurs.length} vs none ${longNone.length}`,
      pass: longest < 50,
    });

    // --- Worker cold start ---------------------------------------------------------------------------
    const cold = await coldStartSection(session, ours, pages[0].url, blank, Math.max(3, Math.round(opts.runs / 2)));
    rows.push(cold.row);
    results.coldStart = { latencies: cold.latencies, stopped: cold.stopped };
    rows.push(await popupFirstContent(session, ours, pages[0].url, 5));
    results.longestExtensionTaskMs = longest;
    results.extraLongTasks = longOurs.length - longNone.length;

    // --- Scan micro-benchmarks in the page (no extension: our code bundled into the page) ---------
    const scan = await scanBench(none.page, server.url('/' + files.fields2000));
    results.scan = scan;
    rows.push({
      metric: 'full scan of 2,000 fields (extractFields, median)',
      target: '≤ 5 ms',
      measured: `${round(scan.fullMs, 1)} ms (${scan.fields} fields)`,
      pass: scan.fullMs <= 5,
    });
    rows.push({
      metric: 'incremental scan, cost per added node',
      target: '≤ 20 µs',
      measured: `${round(scan.perNodeUs, 1)} µs/node (${round(scan.perFieldUs, 0)} µs per added field; ${scan.nodes} nodes)`,
      pass: scan.perNodeUs <= 20,
    });

    // --- Worker memory over many visits ------------------------------------------------------------
    const mem = await memoryOverVisits(session, ours.page, server, files, opts.visits, ownOrigin);
    results.memory = mem;
    const first = mem.samples[0]?.usedMB ?? NaN;
    const last = mem.samples[mem.samples.length - 1]?.usedMB ?? NaN;
    const peak = Math.max(...mem.samples.map((s) => s.usedMB));
    const bounded = last <= Math.max(first * 1.5, first + 2);
    rows.push({
      metric: `service-worker heap over ${opts.visits} visits (after GC)`,
      target: 'bounded, no growth',
      measured: `${mem.samples.map((s) => `${s.visits}:${s.usedMB.toFixed(2)}`).join(' ')} MB (${mem.method})`,
      pass: Number.isFinite(peak) ? bounded : null,
    });

    for (const s of subjects) await s.close();
    results.durationS = (Date.now() - started) / 1000;
  } finally {
    await server.close();
    rmSync(pagesDir, { recursive: true, force: true });
  }

  results.rows = rows;
  printTable(rows, results);
  if (opts.json) writeFileSync(opts.json, JSON.stringify(results, null, 1));
}

/** Code size and ruleset timing: no browser needed. */
function codeAndRulesetRows(results: Record<string, unknown>): Row[] {
  const rows: Row[] = [];
  const size = injectedSize(DEFAULT_EXTENSION_DIR);
  results.injected = size;
  rows.push({
    metric: 'injected code, gzip (content + page-world)',
    target: '≤ 12 KB',
    measured: `${(size.totalGzip / 1024).toFixed(1)} KB (${size.files.map((f) => `${f.file} ${(f.gzip / 1024).toFixed(1)}`).join(' + ')})`,
    pass: size.totalGzip <= 12 * 1024,
  });
  try {
    const rs = rulesetTimings(5);
    results.ruleset = rs;
    rows.push({
      metric: 'bundled ruleset at worker start (validated at build; parse + compile), cold',
      target: '≤ 10 ms',
      measured: `${round(rs.startupBundled.coldMs, 1)} ms (warm ${round(rs.startupBundled.warmMs, 1)}; ${rs.startupBundled.rules} field rules)`,
      pass: rs.startupBundled.coldMs <= 10,
    });
    rows.push({
      metric: '1,000-rule user ruleset at worker start (stored validated; parse + compile), cold',
      target: '≤ 30 ms',
      measured: `${round(rs.startupStored.coldMs, 1)} ms (warm ${round(rs.startupStored.warmMs, 1)})`,
      pass: rs.startupStored.coldMs <= 30,
    });
    rows.push({
      metric: 'ruleset import/update, once (full validation + compile), cold',
      target: '(report)',
      measured: `bundled ${round(rs.importBundled.coldMs, 1)} ms (validate ${round(rs.importBundled.validateMs, 1)}); 1,000 rules ${round(rs.importGenerated.coldMs, 1)} ms (validate ${round(rs.importGenerated.validateMs, 1)})`,
      pass: null,
    });
  } catch (err) {
    // A ruleset in the middle of an edit must not cost the rest of the run.
    log('ruleset timing failed:', err instanceof Error ? err.message.split('\n').slice(0, 3).join(' ') : err);
    rows.push({ metric: 'ruleset validate+compile', target: '≤ 10 / 30 ms', measured: 'failed (see log)', pass: false });
  }
  return rows;
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exitCode = 1;
});
