/**
 * Runs a ruleset's own inline tests (HTML snippet → expected and forbidden categories). The engine
 * stays DOM-free: the caller brings `extract`, which turns HTML into observations (happy-dom in unit
 * tests, a real page elsewhere). Used by CI for the bundled ruleset and by ruleset authors.
 */
import type { PageObservations } from '../../shared/model';
import { scorePage } from '../score/score';
import type { CompiledRuleset } from './compile';

export interface InlineTestResult {
  name: string;
  pass: boolean;
  problems: string[];
}

export type ExtractPage = (html: string, url: string) => PageObservations;

/** Where a test's snippet is scored when it names no URL: a site no override names. */
export const DEFAULT_TEST_URL = 'https://shop.example/checkout';

export function runInlineTests(rs: CompiledRuleset, extract: ExtractPage): InlineTestResult[] {
  return rs.tests.map((test) => {
    const problems: string[] = [];
    try {
      const page = extract(test.html, test.url ?? DEFAULT_TEST_URL);
      if (test.apis.length && page.frames[0]) page.frames[0].apis.push(...test.apis);
      const report = scorePage(page, rs, 0);
      const found = report.findings.map((f) => `${f.category} (${f.ruleId})`);
      const foundText = found.length ? found.join(', ') : 'nothing';
      for (const e of test.expect) {
        const hits = report.findings.filter((f) => f.category === e.category && (e.ruleId === undefined || f.ruleId === e.ruleId));
        if (!hits.length) problems.push(`expected ${e.category}${e.ruleId ? ` by rule ${e.ruleId}` : ''}, found ${foundText}`);
        else if (e.necessity !== undefined && !hits.some((f) => f.necessity === e.necessity)) {
          problems.push(
            `expected ${e.category} to be judged ${e.necessity}, it was judged ${hits.map((f) => f.necessity).join(', ')} (service kind ${report.serviceKind})`,
          );
        }
      }
      if (test.serviceKind !== undefined && report.serviceKind !== test.serviceKind) {
        problems.push(`expected the page to be judged as service kind ${test.serviceKind}, it was judged as ${report.serviceKind}`);
      }
      for (const category of test.expectNot) {
        const hits = report.findings.filter((f) => f.category === category);
        if (hits.length)
          problems.push(`expected no ${category}, found it by rule ${hits.map((f) => f.ruleId).join(', ')} (${hits[0].evidence})`);
      }
    } catch (e) {
      problems.push(`could not run: ${e instanceof Error ? e.message : String(e)}`);
    }
    return { name: test.name, pass: problems.length === 0, problems };
  });
}
