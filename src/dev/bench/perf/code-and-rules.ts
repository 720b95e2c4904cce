/** Sections that need no browser: injected code size and ruleset validate + compile time. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { REPO_ROOT } from '../../audit/targets';
import { median } from '../statistics';

export function injectedSize(extensionDir: string): { files: { file: string; bytes: number; gzip: number }[]; totalGzip: number } {
  const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8')) as { content_scripts?: { js?: string[] }[] };
  const jsFiles = [...new Set((manifest.content_scripts ?? []).flatMap((c) => c.js ?? []))];
  const files = jsFiles.map((file) => {
    const buf = readFileSync(path.join(extensionDir, file));
    return { file: path.basename(file), bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
  });
  return { files, totalGzip: files.reduce((a, f) => a + f.gzip, 0) };
}

export function rulesetTimings(processes: number) {
  const script = path.join(REPO_ROOT, 'src/dev/bench/ruleset-timing.ts');
  const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
  const runs = Array.from({ length: processes * 2 }, (_, i) => {
    const order = i % 2 ? 'generated-first' : 'bundled-first';
    return JSON.parse(execFileSync(tsx, [script, order], { encoding: 'utf8' }).trim().split('\n').pop()!) as {
      order: string;
      bundledMs: number;
      bundledValidateMs: number;
      generatedMs: number;
      generatedValidateMs: number;
      bundledWarmMs: number;
    };
  });
  const bundledCold = runs.filter((r) => r.order === 'bundled-first');
  const generatedCold = runs.filter((r) => r.order === 'generated-first');
  return {
    bundledColdMs: median(bundledCold.map((r) => r.bundledMs)),
    bundledValidateMs: median(bundledCold.map((r) => r.bundledValidateMs)),
    bundledWarmMs: median(runs.map((r) => r.bundledWarmMs)),
    generatedColdMs: median(generatedCold.map((r) => r.generatedMs)),
    generatedValidateMs: median(generatedCold.map((r) => r.generatedValidateMs)),
    runs,
  };
}
