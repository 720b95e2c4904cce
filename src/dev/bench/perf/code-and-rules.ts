/** Sections that need no browser: injected code size and ruleset validate + compile time. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
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

/** One ruleset-timing.ts mode, run in `processes` fresh Node processes (cold each time). */
function timeMode(mode: string, processes: number, extra: string[] = []) {
  const script = path.join(REPO_ROOT, 'src/dev/bench/ruleset-timing.ts');
  const tsx = path.join(REPO_ROOT, 'node_modules/.bin/tsx');
  const runs = Array.from(
    { length: processes },
    () =>
      JSON.parse(
        execFileSync(tsx, [script, mode, ...extra], { encoding: 'utf8' })
          .trim()
          .split('\n')
          .pop()!,
      ) as {
        rules: number;
        coldMs: number;
        validateMs: number;
        warmMs: number;
      },
  );
  return {
    rules: runs[0].rules,
    coldMs: median(runs.map((r) => r.coldMs)),
    validateMs: median(runs.map((r) => r.validateMs)),
    warmMs: median(runs.map((r) => r.warmMs)),
    runs,
  };
}

/**
 * Start-up (parse the validated form, compile) for the bundled ruleset and a stored 1,000-rule user
 * ruleset, and import (full validation + compile) of both: what a worker start costs and what an
 * import or update costs once.
 */
export function rulesetTimings(processes: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ntk-bench-ruleset-'));
  try {
    const stored = path.join(dir, 'stored-1000.json');
    timeMode('write-stored', 1, [stored]);
    return {
      startupBundled: timeMode('startup-bundled', processes),
      startupStored: timeMode('startup-stored', processes, [stored]),
      importBundled: timeMode('import-bundled', processes),
      importGenerated: timeMode('import-generated', processes),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
