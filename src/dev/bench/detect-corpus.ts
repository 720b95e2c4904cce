/**
 * Detection benchmark over the labelled real-world corpus (../shared/corpus, see its README):
 * runs the real audit (built extension in headless Chromium) over every page and compares findings to
 * the labelled fields *by element*, per category and per suite.
 *
 *   npm run bench:detect -- [corpus-dir…] [--suite ddg|formasaurus|mozilla] [--only name,name…] [--limit N] [--out file.json]
 *
 * Several corpus directories (each with its labels.json) are read as one set of suites; by default
 * ../shared/corpus and ../shared/corpus-extra where present. `--only` keeps the pages whose file name
 * contains one of the given parts (to re-check a few). Besides the whole-suite table it prints the
 * tuned half next to the held-apart half of every suite (a fixed hash split of file names, splitOf).
 *
 * A finding matches a labelled control when its selector and the label's own selector (from
 * labels.json) find the same element; the corpus's measuring attribute is never read, here or in
 * detection code.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { auditUrl } from '../audit/audit';
import { launchWithExtension, type ExtensionSession } from '../audit/browser';
import { startStaticServer } from '../audit/server';
import { REPO_ROOT } from '../audit/targets';
import type { PageReport } from '../../shared/model';
import {
  labelledIndexes,
  tallyFor,
  hiddenLabelledFields,
  scorePageAgainstLabels,
  splitOf,
  splitTable,
  summarise,
  type Split,
  type Tally,
} from './corpus-score';
import { defaultCorpusDirs, readCorpora, type CorpusPageIn } from './corpora';

interface Options {
  corpusDirs: string[];
  suite: string | null;
  only: string[];
  limit: number;
  out: string;
  concurrency: number;
  timeoutMs: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    corpusDirs: [],
    suite: null,
    only: [],
    limit: Infinity,
    out: path.join(REPO_ROOT, 'test-results/bench-detect.json'),
    concurrency: 3,
    timeoutMs: 10_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i] ?? '';
    if (a === '--suite') opts.suite = next();
    else if (a === '--only') opts.only = next().split(',').filter(Boolean);
    else if (a === '--limit') opts.limit = Number(next());
    else if (a === '--out') opts.out = path.resolve(next());
    else if (a === '--concurrency') opts.concurrency = Math.max(1, Number(next()));
    else if (a === '--timeout') opts.timeoutMs = Number(next());
    else opts.corpusDirs.push(path.resolve(a));
  }
  if (!opts.corpusDirs.length) opts.corpusDirs = defaultCorpusDirs(REPO_ROOT);
  return opts;
}

/** Audits one corpus page and reads which labelled control each top-frame finding points at. */
async function auditCorpusPage(session: ExtensionSession, baseUrl: string, page: CorpusPageIn, timeoutMs: number) {
  const url = baseUrl + page.file.split('/').map(encodeURIComponent).join('/');
  const audit = await auditUrl(session, url, timeoutMs);
  try {
    const report: PageReport | null = audit.report;
    const topFindings = (report?.findings ?? []).filter((f) => f.element && f.frameUrl === audit.url);
    const selectors = topFindings.map((f) => f.element!.selector);
    // The functions are self-contained: playwright sends their source text to the page.
    const corpusIds = await audit.page.evaluate(
      ({ source, found, labelled }) =>
        new Function('doc', 'found', 'labelled', `return (${source})(doc, found, labelled)`)(document, found, labelled) as (
          string | null
        )[],
      { source: labelledIndexes.toString(), found: selectors, labelled: page.fields.map((f) => f.selector) },
    );
    const hidden = await audit.page.evaluate(
      ({ source, selectors: labelled }) =>
        new Function('doc', 'selectors', `return (${source})(doc, selectors)`)(document, labelled) as string[],
      { source: hiddenLabelledFields.toString(), selectors: page.fields.map((f) => f.selector) },
    );
    return {
      report,
      hits: topFindings.map((f, i) => ({ finding: f, corpusField: corpusIds[i] })),
      hidden: new Set(hidden),
      timedOut: audit.timedOut,
    };
  } finally {
    await audit.page.close().catch(() => {});
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const all = readCorpora(opts.corpusDirs);
  if (!all.length) {
    console.error(`bench:detect: no corpus (labels.json) found: skipped.`);
    return;
  }
  const pages = all
    .filter((p) => (!opts.suite || p.suite === opts.suite) && (!opts.only.length || opts.only.some((part) => p.file.includes(part))))
    .slice(0, opts.limit);

  const session = await launchWithExtension();
  // Each corpus under its own prefix: /c0/ddg/…, /c1/mozilla/…
  const prefixOf = new Map(opts.corpusDirs.map((dir, i) => [dir, `/c${i}/`]));
  const server = await startStaticServer(opts.corpusDirs.map((dir) => ({ prefix: prefixOf.get(dir)!, dir })));
  const tallies = new Map<string, Tally>();
  const bySplit: Record<Split, Map<string, Tally>> = { tune: new Map(), held: new Map() };
  const asLabelled = new Map<string, Tally>();
  const started = Date.now();
  let done = 0;
  // Pages whose report had not settled in time (a heavy page on a busy machine) are measured again,
  // one at a time with twice the time, instead of being scored half-seen.
  const retry: CorpusPageIn[] = [];
  let stillTimedOut = 0;
  const measure = async (page: CorpusPageIn, timeoutMs: number, lastTry: boolean) => {
    const tally = tallyFor(tallies, page.suite);
    try {
      const { report, hits, hidden, timedOut } = await auditCorpusPage(session, server.origin + prefixOf.get(page.dir)!, page, timeoutMs);
      if (timedOut && !lastTry) return void retry.push(page);
      if (timedOut) stillTimedOut++;
      scorePageAgainstLabels(tally, page, report, hits, hidden);
      scorePageAgainstLabels(tallyFor(bySplit[splitOf(page.file)], page.suite), page, report, hits, hidden);
      scorePageAgainstLabels(tallyFor(asLabelled, page.suite), page, report, hits, hidden, false);
    } catch (err) {
      tally.errors.push({ file: page.file, error: String(err).slice(0, 300) });
    }
  };
  try {
    const queue = [...pages];
    const worker = async () => {
      for (let page = queue.shift(); page; page = queue.shift()) {
        await measure(page, opts.timeoutMs, false);
        if (++done % 50 === 0) console.error(`bench:detect: ${done}/${pages.length} pages`);
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency }, worker));
    for (const page of retry) await measure(page, opts.timeoutMs * 2, true);
  } finally {
    await server.close();
    await session.close();
  }
  const summary = summarise(tallies, { pages: pages.length, seconds: (Date.now() - started) / 1000 }, asLabelled);
  console.log(summary.table);
  const split = splitTable(bySplit);
  console.log(split.table);
  (summary.json as Record<string, unknown>).split = split.json;
  console.log(`pages measured again after not settling in time: ${retry.length}; still not settled (scored as seen): ${stillTimedOut}`);
  Object.assign(summary.json, { retried: retry.map((p) => p.file), stillTimedOut });
  writeFileSync(opts.out, JSON.stringify(summary.json, null, 2));
  console.error(`bench:detect: summary written to ${path.relative(process.cwd(), opts.out)}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
