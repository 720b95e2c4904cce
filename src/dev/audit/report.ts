/**
 * The audit CLI's output format: one JSON document for all targets. Kept separate from the browser
 * code so the mapping is unit-tested, and so its keys stay exactly the documented ones.
 */
import type { Finding, FindingElement, PageReport } from '../../shared/model';

export const AUDIT_FORMAT_VERSION = 1;

/** The audit prints a finding's element exactly as the model describes it. */
export type AuditElement = FindingElement;

export interface AuditFinding {
  category: string;
  source: Finding['source'];
  required: boolean | null;
  necessity: Finding['necessity'];
  ruleId: string;
  evidence: string;
  api: Finding['api'];
  frameUrl: string;
  element: AuditElement | null;
  /** Bridge findings: the platform, its API name, and whether the page only declared the request. */
  bridge?: Finding['bridge'];
}

export interface AuditPage {
  target: string;
  url: string;
  grade: PageReport['grade'];
  score: number | null;
  /** null when the extension saw nothing it rates on the page (no report at all). */
  pageKind: string | null;
  serviceKind: string | null;
  findings: AuditFinding[];
}

export interface AuditFailure {
  target: string;
  error: string;
}

export interface AuditDocument {
  version: typeof AUDIT_FORMAT_VERSION;
  /** The app whose web view the targets were opened as (--as), if any. */
  as?: string;
  pages: (AuditPage | AuditFailure)[];
}

/** Maps the background's report to the audit's page entry; a missing report means "not rated". */
export function toAuditPage(target: string, url: string, report: PageReport | null): AuditPage {
  if (!report) {
    return { target, url, grade: 'not-rated', score: null, pageKind: null, serviceKind: null, findings: [] };
  }
  return {
    target,
    url: report.url || url,
    grade: report.grade,
    score: report.score,
    pageKind: report.pageKind,
    serviceKind: report.serviceKind,
    findings: report.findings.map(toAuditFinding),
  };
}

export function toAuditFinding(f: Finding): AuditFinding {
  return {
    category: f.category,
    source: f.source,
    required: f.required,
    necessity: f.necessity,
    ruleId: f.ruleId,
    evidence: f.evidence,
    api: f.api,
    frameUrl: f.frameUrl,
    element: f.element
      ? {
          tag: f.element.tag,
          type: f.element.type,
          id: f.element.id,
          name: f.element.name,
          autocomplete: f.element.autocomplete,
          selector: f.element.selector,
        }
      : null,
    ...(f.bridge ? { bridge: { platform: f.bridge.platform, name: f.bridge.name, declared: f.bridge.declared } } : {}),
  };
}

/**
 * What must stay unchanged for a report to count as settled: everything but the timestamp, which
 * the background refreshes on every re-score.
 */
export function reportSignature(report: PageReport | null): string {
  if (!report) return 'null';
  const { updatedAt: _ignored, ...rest } = report;
  return JSON.stringify(rest);
}
