import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { waitForStableReport } from '../../../src/dev/audit/audit';
import type { ExtensionSession } from '../../../src/dev/audit/browser';
import type { PageReport } from '../../../src/shared/model';

const report = (findings: number, score = 100): PageReport =>
  ({
    url: 'http://x/',
    grade: 'A',
    score,
    pageKind: 'other',
    serviceKind: 'other',
    findings: Array(findings).fill({}),
    thirdParties: [],
    ruleset: 'r',
    updatedAt: 0,
  }) as unknown as PageReport;

/** A background whose report for the tab is `script(ms since start)`. */
function fakeSession(script: (elapsed: number) => PageReport | null): ExtensionSession {
  const start = Date.now();
  return { inWorker: async () => ({ tabId: 1, report: script(Date.now() - start) }) } as unknown as ExtensionSession;
}
const page = { url: () => 'http://x/' } as unknown as Page;

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

async function run(session: ExtensionSession, timeoutMs: number) {
  const result = waitForStableReport(session, page, Date.now() + timeoutMs);
  await vi.advanceTimersByTimeAsync(timeoutMs + 500);
  return result;
}

describe('waitForStableReport', () => {
  it('waits past an empty first report for the fields a busy page reports later', async () => {
    // The first report (at DOMContentLoaded) has no finding; the first field comes 1.2 s later.
    const settled = await run(
      fakeSession((t) => (t < 100 ? null : t < 1300 ? report(0) : report(3, 70))),
      10_000,
    );
    expect(settled).toMatchObject({ timedOut: false, report: { findings: [{}, {}, {}] } });
  });

  it('takes a report with findings once it has not changed for 500 ms', async () => {
    const settled = await run(
      fakeSession(() => report(2, 80)),
      10_000,
    );
    expect(settled.timedOut).toBe(false);
    expect(settled.report?.findings).toHaveLength(2);
  });

  it('says so when the time limit cuts a changing report short', async () => {
    const settled = await run(
      fakeSession((t) => report(1, Math.floor(t / 100))),
      2_000,
    );
    expect(settled.timedOut).toBe(true);
  });
});
