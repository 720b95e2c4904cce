// Timing of the page-side scanner in real Chromium (not part of the unit suite; numbers, not asserts).
// Run: node test/dev/bench/extract-bench.mjs   (uses /usr/bin/chromium and esbuild from node_modules)
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const { outputFiles } = await build({
  stdin: {
    contents: `import { extractFields } from './src/content/extract'; import { startScanner } from './src/content/scanner';
      globalThis.nk = { extractFields, startScanner };`,
    resolveDir: process.cwd(),
    loader: 'ts',
  },
  bundle: true,
  format: 'iife',
  write: false,
});
const bundle = outputFiles[0].text;

const ROWS = [
  (i) =>
    `<div class="van-cell van-field"><div class="van-cell__title van-field__label"><label id="l${i}" for="i${i}">手机号${i}</label></div><div class="van-cell__value van-field__value"><div class="van-field__body"><input type="tel" id="i${i}" class="van-field__control" placeholder="请输入" aria-labelledby="l${i}"></div></div></div>`,
  (i) => `<p><label for="e${i}">Email ${i}</label><input id="e${i}" name="email${i}" type="email" required></p>`,
  (i) => `<table><tr><td>City ${i}</td><td><input name="city${i}"></td></tr></table>`,
  (i) => `<div class="row"><span>Gender ${i}</span><select name="g${i}"><option>Female</option><option>Male</option></select></div>`,
  (i) =>
    `<fieldset><legend>Q${i}</legend><label><input type="radio" name="r${i}">Yes</label><label><input type="radio" name="r${i}">No</label></fieldset>`,
];
const html = `<!doctype html><html lang="en"><body><h1>Checkout</h1><form id="f">${Array.from({ length: 1667 }, (_, i) => ROWS[i % 5](i)).join('')}</form></body></html>`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
await page.setContent(html);
await page.addScriptTag({ content: bundle });
const result = await page.evaluate(async () => {
  const { extractFields, startScanner } = globalThis.nk;
  const runs = [];
  for (let k = 0; k < 9; k++) {
    const t = performance.now();
    extractFields(document);
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  const full = { fields: extractFields(document).length, medianMs: +runs[4].toFixed(1) };

  const reports = [];
  const scanner = startScanner({ doc: document, docId: 'bench', report: (r) => reports.push(r), debounceMs: 60_000, maxWaitMs: 60_000 });
  await new Promise((r) => setTimeout(r, 50));
  while (reports.reduce((n, r) => n + r.fields.length, 0) < full.fields) scanner.flushNow();
  const incremental = [];
  for (const n of [1, 10, 100, 400]) {
    const host = document.createElement('section');
    document.getElementById('f').append(host);
    for (let i = 0; i < n; i++) {
      const div = document.createElement('div');
      div.innerHTML = `<label>Phone ${i}<input name="p${n}-${i}"></label>`;
      host.append(div);
    }
    // The scanner runs in idle time, after the browser's own style and layout for the frame.
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    const before = reports.length;
    let ms = 0,
      got = 0,
      slices = 0;
    while (got < n) {
      const t = performance.now();
      scanner.flushNow();
      ms += performance.now() - t;
      slices++;
      got = reports.slice(before).reduce((a, r) => a + r.fields.length, 0);
    }
    incremental.push({ added: n, slices, ms: +ms.toFixed(1), perFieldUs: Math.round((ms / n) * 1000) });
  }
  scanner.stop();
  return { nodes: document.getElementsByTagName('*').length, full, incremental };
});
console.log(JSON.stringify(result, null, 1));
await browser.close();
