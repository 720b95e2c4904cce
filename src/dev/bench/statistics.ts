/** Small statistics for the benchmarks: medians and a seeded bootstrap CI of a ratio of medians. */

export function median(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

/** Deterministic PRNG (mulberry32) so a report's CIs do not change between re-prints. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RatioCi {
  ratio: number;
  lo: number;
  hi: number;
}

/** median(test) / median(base) with a 95% percentile bootstrap interval (independent resampling). */
export function ratioOfMedians(test: readonly number[], base: readonly number[], resamples = 2000, seed = 1): RatioCi {
  const random = rng(seed);
  const resample = (xs: readonly number[]) => Array.from(xs, () => xs[Math.floor(random() * xs.length)]);
  const ratios: number[] = [];
  for (let i = 0; i < resamples; i++) ratios.push(median(resample(test)) / median(resample(base)));
  return { ratio: median(test) / median(base), lo: quantile(ratios, 0.025), hi: quantile(ratios, 0.975) };
}
