/** Helpers shared by the exfiltration and location e2e tests. */
import { vi } from 'vitest';
import type { Page } from 'playwright-core';
import { readTabReport } from '../../src/dev/audit/audit';
import type { ExtensionSession } from '../../src/dev/audit/browser';
import type { Finding } from '../../src/shared/model';

/** Distinctive decimals, so their presence in storage could not be a coincidence. */
export const TRUE_POSITION = { latitude: 31.230416, longitude: 121.473701 };

/** Waits (bounded) until the tab's report has a finding that `match` accepts, and returns it. */
export async function findingFor(session: ExtensionSession, page: Page, match: (f: Finding) => boolean): Promise<Finding> {
  return vi.waitFor(
    async () => {
      const { report } = await readTabReport(session, page.url());
      const found = report?.findings.find(match);
      if (!found)
        throw new Error(`no such finding yet; have: ${JSON.stringify(report?.findings.map((f) => [f.source, f.category, f.evidence]))}`);
      return found;
    },
    { timeout: 15_000, interval: 100 },
  );
}
