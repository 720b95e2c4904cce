/**
 * Detection benchmark over the labelled real-world corpus (../shared/corpus, see its README):
 * runs the real audit (built extension in headless Chromium) over every page and compares findings to
 * the labelled fields *by element*, per category and per suite.
 *
 *   npm run bench:detect -- [corpus-dir] [--suite ddg|formasaurus] [--only name,name…] [--limit N] [--out file.json]
 *
 * `--only` keeps the pages whose file name contains one of the given parts (to re-check a few).
 *
 * A finding matches a labelled control when its selector and the label's own selector (from
 * labels.json) find the same element; the corpus's measuring attribute is never read, here or in
 * detection code.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
  summarise,
  type CorpusPage,
  type Tally,
} from './corpus-score';

interface Options {
  corpusDir: string;
  suite: string | null;
  only: string[];
  limit: number;
  out: string;
  concurrency: number;
  timeoutMs: number;
}

function parseArgs(argv: string[]): Options {
  const opts: Options = {
    corpusDir: path.resolve(REPO_ROOT, '../shared/corpus'),
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
    else opts.corpusDir = path.resolve(a);
  }
  return opts;
}

/** Audits one corpus page and reads which labelled control each top-frame finding points at. */
async function auditCorpusPage(session: ExtensionSession, baseUrl: string, page: CorpusPage, timeoutMs: number) {
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
  const labelsPath = path.join(opts.corpusDir, 'labels.json');
  if (!existsSync(labelsPath)) {
    console.error(`bench:detect: no corpus at ${opts.corpusDir} (labels.json missing): skipped.`);
    return;
  }
  const all = JSON.parse(readFileSync(labelsPath, 'utf8')) as CorpusPage[];
  const pages = all
    .filter((p) => (!opts.suite || p.suite === opts.suite) && (!opts.only.length || opts.only.some((part) => p.file.includes(part))))
    .slice(0, opts.limit);

  const session = await launchWithExtension();
  const server = await startStaticServer([{ prefix: '/', dir: opts.corpusDir }]);
  const tallies = new Map<string, Tally>();
  const asLabelled = new Map<string, Tally>();
  const started = Date.now();
  let done = 0;
  // Pages whose report had not settled in time (a heavy page on a busy machine) are measured again,
  // one at a time with twice the time, instead of being scored half-seen.
  const retry: CorpusPage[] = [];
  let stillTimedOut = 0;
  const measure = async (page: CorpusPage, timeoutMs: number, lastTry: boolean) => {
    const tally = tallyFor(tallies, page.suite);
    try {
      const { report, hits, hidden, timedOut } = await auditCorpusPage(session, server.origin + '/', page, timeoutMs);
      if (timedOut && !lastTry) return void retry.push(page);
      if (timedOut) stillTimedOut++;
      scorePageAgainstLabels(tally, page, report, hits, hidden);
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
  console.log(`pages measured again after not settling in time: ${retry.length}; still not settled (scored as seen): ${stillTimedOut}`);
  Object.assign(summary.json, { retried: retry.map((p) => p.file), stillTimedOut });
  writeFileSync(opts.out, JSON.stringify(summary.json, null, 2));
  console.error(`bench:detect: summary written to ${path.relative(process.cwd(), opts.out)}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
