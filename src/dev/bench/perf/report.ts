/** The printed report: machine line and the target table. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { CHROMIUM_PATH } from '../../audit/browser';
import type { RatioCi } from '../statistics';
import { type Options, round, type Row } from './util';

export function fmtCi(r: RatioCi): string {
  return `${r.ratio.toFixed(3)} [${r.lo.toFixed(3)}, ${r.hi.toFixed(3)}]`;
}

export function machine() {
  const cpus = os.cpus();
  let chromium: string;
  try {
    chromium = execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    chromium = 'unknown';
  }
  return {
    cpu: `${cpus[0]?.model ?? '?'} × ${cpus.length}`,
    memGB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium,
  };
}

export function printTable(rows: Row[], results: Record<string, unknown>): void {
  const m = results.machine as ReturnType<typeof machine>;
  const out: string[] = [];
  out.push(`Need to Know — performance (${m.cpu}, ${m.memGB} GB, ${m.os}, ${m.chromium}, Node ${m.node})`);
  const o = results.options as Options;
  out.push(
    `runs ${o.runs} per browser per page, ${o.cpuRuns} profiled runs, ${o.visits} visits; ${round(results.durationS as number, 0)} s`,
  );
  const w = [Math.max(...rows.map((r) => r.metric.length)), Math.max(...rows.map((r) => r.target.length))];
  out.push(`${'metric'.padEnd(w[0])} | ${'target'.padEnd(w[1])} | pass | measured`);
  out.push(`${'-'.repeat(w[0])}-|-${'-'.repeat(w[1])}-|------|---------`);
  for (const r of rows)
    out.push(
      `${r.metric.padEnd(w[0])} | ${r.target.padEnd(w[1])} | ${r.pass === null ? ' -  ' : r.pass ? ' ok ' : 'MISS'} | ${r.measured}`,
    );
  console.log(out.join('\n'));
}
