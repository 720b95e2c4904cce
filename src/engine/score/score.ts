/**
 * Scores what a page asks for: every form control, API call, known service's script and map picker
 * that carries personal data becomes a Finding (findings.ts: which element, call or script, which rule,
 * how sensitive, whether this kind of service needs it), and the page gets a grade from A to E, or
 * "not-rated" when it asks for nothing we know.
 *
 * Pure: no browser APIs, no storage, no clock except the `now` it is given.
 */
import { classifyField, type FieldMatch } from '../classify';
import type { FieldDescriptor, Finding, Grade, Necessity, PageObservations, PageReport } from '../../shared/model';
import { siteJudgement, type CompiledRuleset } from '../rules/compile';
import { classifyPage } from './page-kind';
import { attachRecipients, thirdPartiesOnPage } from './recipients';
import {
  apiFindings,
  dropSilenced,
  fieldFindings,
  finding,
  networkFindings,
  scriptFindings,
  scriptPathFindings,
  widgetFindings,
} from './findings';
import { bridgeFindings } from './bridge';

const GRADE_ORDER: Grade[] = ['A', 'B', 'C', 'D', 'E'];
const NECESSITY_ORDER: Necessity[] = ['necessary', 'conditional', 'unnecessary'];

/** `classify` lets a caller that scores the same fields again (the worker, per report slice) reuse earlier matches. */
export function scorePage(
  obs: PageObservations,
  rs: CompiledRuleset,
  now = Date.now(),
  classify: (f: FieldDescriptor, rs: CompiledRuleset) => FieldMatch | null = classifyField,
): PageReport {
  const matches = new Map<FieldDescriptor, FieldMatch | null>();
  for (const frame of obs.frames) for (const f of frame.fields) matches.set(f, classify(f, rs));
  // A ruleset's site-specific overrides may set the service kind, judge a category or silence rules.
  const site = siteJudgement(rs, obs.url);
  const classified = classifyPage(obs.frames, rs, matches);
  const page = { ...classified, serviceKind: site.serviceKind ?? classified.serviceKind, site };

  const findings: Finding[] = [];
  obs.frames.forEach((frame) => {
    findings.push(...fieldFindings(frame, matches, page, rs));
    findings.push(...apiFindings(frame, page, rs));
    findings.push(...networkFindings(frame, obs.url, page, rs));
    findings.push(...scriptFindings(frame, obs.url, page, rs));
    findings.push(...scriptPathFindings(frame, page, rs));
    findings.push(...widgetFindings(frame, page, rs));
    findings.push(...bridgeFindings(frame, rs, (base) => finding(rs, page, base)));
  });
  dropSilenced(findings, site);
  countEachCategoryOnce(findings);
  attachRecipients(findings, obs, rs);
  const order = new Map(findings.map((f, i) => [f, i]));
  findings.sort(
    (a, b) =>
      b.penalty - a.penalty ||
      b.tier - a.tier ||
      NECESSITY_ORDER.indexOf(b.necessity) - NECESSITY_ORDER.indexOf(a.necessity) ||
      order.get(a)! - order.get(b)!,
  );

  const { score, grade } = gradeFindings(findings, rs);
  return {
    url: obs.url,
    grade,
    score,
    pageKind: page.pageKind,
    serviceKind: page.serviceKind,
    findings,
    thirdParties: thirdPartiesOnPage(obs.frames, obs.url, rs),
    ruleset: rs.key,
    updatedAt: now,
  };
}

/** A category counts once per page, with its worst finding; the others still show but take nothing off. */
function countEachCategoryOnce(findings: Finding[]): void {
  const worst = new Map<string, Finding>();
  for (const f of findings) {
    const current = worst.get(f.category);
    if (!current || f.penalty > current.penalty) worst.set(f.category, f);
  }
  for (const f of findings) if (worst.get(f.category) !== f) f.penalty = 0;
}

function gradeFindings(findings: Finding[], rs: CompiledRuleset): { score: number | null; grade: Grade } {
  if (!findings.length) return { score: null, grade: 'not-rated' };
  const s = rs.scoring;
  const total = findings.reduce((sum, f) => sum + f.penalty, 0);
  const score = Math.max(0, Math.round(100 - total));
  let grade: Grade =
    score >= s.gradeFloors.A ? 'A' : score >= s.gradeFloors.B ? 'B' : score >= s.gradeFloors.C ? 'C' : score >= s.gradeFloors.D ? 'D' : 'E';
  // An unnecessary request of a sensitive tier caps the grade, however good the rest is, when the user
  // cannot simply leave it out (a required field, or an API or bridge call that already happened). A
  // loaded script, a map picker or a declared bridge request has not taken anything yet: score only.
  for (const f of findings) {
    const called = f.source === 'api' || f.source === 'network' || (f.source === 'bridge' && !f.bridge?.declared);
    if (f.necessity !== 'unnecessary' || !(f.required === true || called)) continue;
    const cap = s.tierCaps[String(f.tier) as '1' | '2' | '3' | '4'];
    if (cap && GRADE_ORDER.indexOf(cap) > GRADE_ORDER.indexOf(grade)) grade = cap;
  }
  return { score, grade };
}
