/**
 * A fast, Node-only variant of the corpus benchmark for iterating on detection rules: parses each
 * corpus page with happy-dom (no scripts, no network), runs the real extract → classify → score code
 * and matches findings to labelled fields by element, exactly as bench:detect does. Seconds instead of
 * minutes, but happy-dom has no layout (every box is "visible"), so the numbers to report come from the
 * real-browser run (detect-corpus.ts).
 *
 *   npx tsx src/dev/bench/detect-fast.ts [corpus-dir…] [--suite S] [--split tune|held] [--out file.json] [--misses]
 *
 * Several corpus directories (each with its labels.json) are read as one set of suites. `--split tune`
 * keeps only the tuning half of every suite (see splitOf): look at those misses, never the held half's.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Window } from 'happy-dom';
import type { Finding } from '../../shared/model';
import {
  labelledIndexes,
  hiddenLabelledFields,
  scorePageAgainstLabels,
  splitOf,
  splitTable,
  summarise,
  tallyFor,
  type Split,
  type Tally,
} from './corpus-score';
import { defaultCorpusDirs, readCorpora } from './corpora';

const REPO_ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

async function main() {
  const argv = process.argv.slice(2);
  const corpusDirs: string[] = [];
  let suite: string | null = null;
  let onlySplit: Split | null = null;
  let out: string | null = null;
  let showMisses = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--suite') suite = argv[++i];
    else if (argv[i] === '--out') out = path.resolve(argv[++i]);
    else if (argv[i] === '--misses') showMisses = true;
    else if (argv[i] === '--split') onlySplit = argv[++i] as Split;
    else corpusDirs.push(path.resolve(argv[i]));
  }
  const corpora = readCorpora(corpusDirs.length ? corpusDirs : defaultCorpusDirs(REPO_ROOT));
  if (!corpora.length) {
    console.error(`bench:detect-fast: no corpus (labels.json) found: skipped.`);
    return;
  }
  // A fresh window per page: one long-lived happy-dom window keeps every page's nodes alive.
  const newWindow = () => {
    const window = new Window({
      url: 'http://127.0.0.1/',
      settings: { disableJavaScriptEvaluation: true, disableJavaScriptFileLoading: true, disableCSSFileLoading: true } as never,
    });
    // The detection code uses DOM globals (instanceof Element) as it would in a content script.
    for (const name of ['Element', 'HTMLElement', 'Node', 'Document', 'ShadowRoot']) {
      (globalThis as Record<string, unknown>)[name] = (window as unknown as Record<string, unknown>)[name];
    }
    return window;
  };
  const { extractFields } = await import('../../content/extract');
  const { collectPageSignals } = await import('../../content/page-signals');
  const { scorePage } = await import('../../engine/score/score');
  const { bundledRuleset } = await import('../../engine/rules/builtin');
  const rs = bundledRuleset();

  const pages = corpora.filter((p) => (!suite || p.suite === suite) && (!onlySplit || splitOf(p.file) === onlySplit));
  const tallies = new Map<string, Tally>();
  const bySplit: Record<Split, Map<string, Tally>> = { tune: new Map(), held: new Map() };
  const asLabelled = new Map<string, Tally>();
  const started = Date.now();
  let slowest = { file: '', ms: 0, fields: 0 };
  for (const page of pages) {
    const tally = tallyFor(tallies, page.suite);
    // happy-dom throws on a `list` attribute naming a React id (":r1q:"); datalists do not matter here.
    const html = readFileSync(path.join(page.dir, page.file), 'utf8').replace(/\slist="[^"]*"/g, '');
    const window = newWindow();
    const doc = window.document;
    const parsed = new window.DOMParser().parseFromString(html, 'text/html');
    // Fields inside <noscript> are not in a live page with JavaScript on (corpus README).
    for (const el of parsed.querySelectorAll('noscript,script,style')) el.remove();
    doc.documentElement.setAttribute('lang', parsed.documentElement.getAttribute('lang') ?? '');
    doc.head.innerHTML = parsed.head.innerHTML;
    doc.body.innerHTML = parsed.body.innerHTML;
    const url = `http://127.0.0.1/${page.file}`;
    const t = performance.now();
    const fields = extractFields(doc as unknown as Document);
    const ms = performance.now() - t;
    if (ms > slowest.ms) slowest = { file: page.file, ms, fields: fields.length };
    if (process.env.NTK_FAST_TRACE) console.error(page.file, ms.toFixed(0));
    const signals = { ...collectPageSignals(doc as unknown as Document), url };
    const report = scorePage({ url, frames: [{ frameUrl: url, page: signals, fields, apis: [] }] }, rs);
    const withElement = report.findings.filter((f): f is Finding & { element: NonNullable<Finding['element']> } => !!f.element);
    const indexes = labelledIndexes(
      doc as unknown as Document,
      withElement.map((f) => f.element.selector),
      page.fields.map((f) => f.selector),
    );
    const hits = withElement.map((finding, i) => ({ finding, corpusField: indexes[i] }));
    const hidden = new Set(
      hiddenLabelledFields(
        doc as unknown as Document,
        page.fields.map((f) => f.selector),
      ),
    );
    scorePageAgainstLabels(tally, page, report, hits, hidden);
    scorePageAgainstLabels(tallyFor(bySplit[splitOf(page.file)], page.suite), page, report, hits, hidden);
    scorePageAgainstLabels(tallyFor(asLabelled, page.suite), page, report, hits, hidden, false);
    await window.happyDOM.close();
  }
  const summary = summarise(tallies, { pages: pages.length, seconds: (Date.now() - started) / 1000 }, asLabelled);
  console.log(summary.table);
  const split = splitTable(bySplit);
  console.log(split.table);
  (summary.json as Record<string, unknown>).split = split.json;
  console.log(`slowest extraction (happy-dom): ${slowest.file} ${slowest.ms.toFixed(1)} ms, ${slowest.fields} fields`);
  if (showMisses) {
    for (const [name, t] of tallies) {
      for (const m of t.misses) console.log(`MISS ${name} ${m.expected.padEnd(14)} got=${m.found ?? '-'}  ${m.file}  ${m.field}`);
      for (const m of t.falseAlarms) console.log(`FA   ${name} ${m.found?.padEnd(14)} exp=${m.expected}  ${m.file}  ${m.field}`);
      for (const p of t.sensitiveOnCleanPages) console.log(`T34  ${name} ${p.categories.join(',')}  ${p.file}`);
    }
  }
  if (out) writeFileSync(out, JSON.stringify(summary.json, null, 2));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
