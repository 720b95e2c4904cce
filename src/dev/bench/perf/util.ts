/** Options of `npm run bench`, logging and small helpers shared by its sections. */

export interface Options {
  runs: number;
  cpuRuns: number;
  visits: number;
  json: string | null;
}

export function parseOptions(argv: string[]): Options {
  const opts: Options = { runs: 20, cpuRuns: 10, visits: 500, json: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') Object.assign(opts, { runs: 5, cpuRuns: 3, visits: 100 });
    else if (a === '--runs') opts.runs = Number(argv[++i]);
    else if (a === '--cpu-runs') opts.cpuRuns = Number(argv[++i]);
    else if (a === '--visits') opts.visits = Number(argv[++i]);
    else if (a === '--json') opts.json = argv[++i];
    else throw new Error(`unknown option ${a}`);
  }
  return opts;
}

export const log = (...args: unknown[]) => console.error('[bench]', ...args);
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const round = (x: number, d = 2) => (Number.isFinite(x) ? Number(x.toFixed(d)) : x);

/** One line of the printed target table. */
export interface Row {
  metric: string;
  target: string;
  measured: string;
  pass: boolean | null;
}
