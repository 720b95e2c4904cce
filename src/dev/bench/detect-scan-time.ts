/**
 * Scan time of the content script's full extraction on the largest corpus pages, in real Chromium:
 * the pages with the most form controls and the biggest files, loaded without their scripts (the
 * corpus pages' third-party scripts cannot run offline). Numbers, not assertions.
 *
 *   npx tsx src/dev/bench/detect-scan-time.ts [corpus-dir]
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { REPO_ROOT } from '../audit/targets';

const RUNS = 9;

async function main() {
  const corpusDir = path.resolve(process.argv[2] ?? path.join(REPO_ROOT, '../shared/corpus'));
  if (!existsSync(path.join(corpusDir, 'labels.json'))) {
    console.error(`detect-scan-time: no corpus at ${corpusDir}: skipped.`);
    return;
  }
  const labels = JSON.parse(readFileSync(path.join(corpusDir, 'labels.json'), 'utf8')) as { file: string }[];
  const sized = labels.map(({ file }) => {
    const html = readFileSync(path.join(corpusDir, file), 'utf8');
    return { file, bytes: statSync(path.join(corpusDir, file)).size, controls: (html.match(/<(input|select|textarea)\b/gi) ?? []).length };
  });
  const pick = new Set([
    ...[...sized].sort((a, b) => b.controls - a.controls).slice(0, 3),
    ...[...sized].sort((a, b) => b.bytes - a.bytes).slice(0, 2),
  ]);
  const { outputFiles } = await build({
    stdin: {
      contents: `import { extractFields } from './src/content/extract'; globalThis.ntkExtract = extractFields;`,
      resolveDir: REPO_ROOT,
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    write: false,
  });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
  try {
    for (const page of pick) {
      const tab = await browser.newPage();
      await tab.route('**/*', (route) => route.abort());
      const html = readFileSync(path.join(corpusDir, page.file), 'utf8').replace(/<script\b[\s\S]*?<\/script>/gi, '');
      await tab.setContent(html, { waitUntil: 'domcontentloaded' });
      await tab.addScriptTag({ content: outputFiles[0].text });
      const result = await tab.evaluate((runs) => {
        const extract = (globalThis as unknown as { ntkExtract: (d: Document) => unknown[] }).ntkExtract;
        const times: number[] = [];
        let fields = 0;
        for (let i = 0; i < runs; i++) {
          const t = performance.now();
          fields = extract(document).length;
          times.push(performance.now() - t);
        }
        times.sort((a, b) => a - b);
        return { fields, medianMs: times[Math.floor(runs / 2)], nodes: document.getElementsByTagName('*').length };
      }, RUNS);
      console.log(
        `${page.file}: ${(page.bytes / 1024).toFixed(0)} KiB, ${result.nodes} elements, ${result.fields} controls, full extraction median ${result.medianMs.toFixed(2)} ms`,
      );
      await tab.close();
    }
  } finally {
    await browser.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
