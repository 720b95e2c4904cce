/** CPU accounting: a process's on-CPU time from /proc, and a CPU profile attributed to one extension. */
import { readdirSync, readFileSync } from 'node:fs';
import { sleep } from './util';

// CPU: the extension's own work per page load.

/** Total on-CPU nanoseconds of every thread of a process (Linux schedstat: ns, not 10 ms ticks). */
export function processCpuNs(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      total += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between listing and reading
    }
  }
  return total;
}

/** The renderer process that hosts the extension's service worker (Chromium marks it --extension-process). */
export function extensionProcessPid(userDataHint: string): number | null {
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmd.includes('--extension-process') && cmd.includes(userDataHint)) return Number(pid);
    } catch {
      // gone
    }
  }
  return null;
}

export interface ProfileStats {
  /** ms of samples whose stack contains a frame from chrome-extension:// (ours: content + page-world scripts). */
  extensionMs: number;
  /** The longest stretch of consecutive extension samples (≈ the longest task our code caused), ms. */
  longestMs: number;
  byScript: Record<string, number>;
}

export type CpuProfile = {
  nodes: { id: number; callFrame: { url: string; functionName: string }; children?: number[] }[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
};

/**
 * Attributes a CPU profile of the page's renderer to the extension: a sample counts when any frame
 * on its stack is one of our scripts (so DOM calls our code makes are ours too). Extension samples
 * form one stretch until the thread runs anything else (the event loop between tasks shows as
 * "(program)" or "(idle)", the page's own code as its frames); garbage collection inside our task does
 * not end it. The longest stretch is the longest task we caused (slices that yield are separate).
 */
export function attribute(profile: CpuProfile, ownOrigin: string): ProfileStats {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const scriptOf = new Map<number, string | null>();
  const ourScript = (id: number): string | null => {
    if (scriptOf.has(id)) return scriptOf.get(id)!;
    const url = byId.get(id)!.callFrame.url;
    const p = parent.get(id);
    const s = url.startsWith(ownOrigin) ? url.slice(ownOrigin.length) : p === undefined ? null : ourScript(p);
    scriptOf.set(id, s);
    return s;
  };
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let t = profile.startTime;
  let extensionUs = 0;
  let longestUs = 0;
  let runStart = -1;
  let broken = true;
  const byScript: Record<string, number> = {};
  for (let i = 0; i < samples.length; i++) {
    t += deltas[i] ?? 0;
    const dt = deltas[i + 1] ?? 0;
    const script = ourScript(samples[i]);
    if (!script) {
      if (byId.get(samples[i])!.callFrame.functionName !== '(garbage collector)') broken = true;
      continue;
    }
    extensionUs += dt;
    byScript[script] = (byScript[script] ?? 0) + dt / 1000;
    if (broken) runStart = t;
    broken = false;
    longestUs = Math.max(longestUs, t + dt - runStart);
  }
  return { extensionMs: extensionUs / 1000, longestMs: longestUs / 1000, byScript };
}

export async function idleRate(pid: number): Promise<number> {
  const a = processCpuNs(pid);
  const t = Date.now();
  await sleep(2000);
  return (processCpuNs(pid) - a) / (Date.now() - t);
}
