/**
 * Pure bookkeeping of the corpus benchmark: matches findings to labelled fields by element and counts
 * true/false positives per category. Street-level address and its coarse parts (city, region, country)
 * are counted apart: coarse parts are a lower tier.
 */
import type { Finding, PageReport } from '../model';

export interface CorpusField {
  selector: string;
  expected: string;
  ambiguous?: boolean;
  coarse?: boolean;
  inside?: string;
  name?: string;
  id?: string;
  suite_label?: string;
}

export interface CorpusPage {
  file: string;
  suite: string;
  fields: CorpusField[];
}

/** Categories measured; `address` is split into street and coarse. */
export const MEASURED = ['phone', 'birthdate', 'gender', 'email', 'address', 'address_coarse', 'national_id'] as const;
export type Measured = (typeof MEASURED)[number];

export interface Miss {
  file: string;
  field: string;
  expected: string;
  found: string | null;
}

export interface Tally {
  tp: Record<string, number>;
  fn: Record<string, number>;
  fp: Record<string, number>;
  misses: Miss[];
  falseAlarms: Miss[];
  /** Pages whose labelled fields are all "other" but that got a T3/T4 finding. */
  sensitiveOnCleanPages: { file: string; categories: string[] }[];
  pages: number;
  errors: { file: string; error: string }[];
}

export function emptyTally(): Tally {
  return { tp: {}, fn: {}, fp: {}, misses: [], falseAlarms: [], sensitiveOnCleanPages: [], pages: 0, errors: [] };
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

function labelKey(f: CorpusField): string {
  if (f.expected === 'address' && f.coarse) return 'address_coarse';
  return f.expected;
}

function fieldId(selector: string): string | null {
  return /data-corpus-field="(\d+)"/.exec(selector)?.[1] ?? null;
}

export function scorePageAgainstLabels(
  tally: Tally,
  page: CorpusPage,
  report: PageReport | null,
  hits: { finding: Finding; corpusField: string | null }[],
): void {
  tally.pages++;
  const found = new Map<string, string>();
  for (const h of hits) if (h.corpusField !== null) found.set(h.corpusField, h.finding.category);

  for (const field of page.fields) {
    // Fields inside <noscript> are not in the live DOM; ambiguous ones are not scored (corpus README).
    if (field.ambiguous || field.inside === 'noscript') continue;
    const id = fieldId(field.selector);
    if (id === null) continue;
    const label = labelKey(field);
    const got = found.get(id) ?? null;
    const describe = `${field.name || field.id || field.selector} (${field.suite_label ?? ''})`;
    if (label !== 'other') {
      if (got === field.expected) bump(tally.tp, label);
      else {
        bump(tally.fn, label);
        tally.misses.push({ file: page.file, field: describe, expected: label, found: got });
      }
    }
    if (got !== null && got !== field.expected) {
      const key = got === 'address' && field.coarse ? 'address_coarse' : got;
      bump(tally.fp, key);
      tally.falseAlarms.push({ file: page.file, field: describe, expected: label, found: got });
    }
  }

  const labelled = page.fields.filter((f) => !f.ambiguous);
  if (labelled.length > 0 && labelled.every((f) => f.expected === 'other')) {
    const sensitive = (report?.findings ?? []).filter((f) => f.tier >= 3).map((f) => f.category);
    if (sensitive.length) tally.sensitiveOnCleanPages.push({ file: page.file, categories: [...new Set(sensitive)] });
  }
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const fmt = (x: number | null) => (x === null ? '   –' : x.toFixed(3));

export function summarise(tallies: Map<string, Tally>, meta: { pages: number; seconds: number }) {
  const rows: string[] = [];
  const json: Record<string, unknown> = { ...meta, suites: {} };
  rows.push(`suite        category        recall precision   tp   fn   fp`);
  for (const [suite, t] of [...tallies].sort()) {
    const perCategory: Record<string, unknown> = {};
    for (const c of MEASURED) {
      const tp = t.tp[c] ?? 0;
      const fn = t.fn[c] ?? 0;
      const fp = t.fp[c] ?? 0;
      if (tp + fn + fp === 0) continue;
      const recall = ratio(tp, tp + fn);
      const precision = ratio(tp, tp + fp);
      perCategory[c] = { recall, precision, tp, fn, fp };
      rows.push(`${suite.padEnd(12)} ${c.padEnd(15)} ${fmt(recall)}  ${fmt(precision)}  ${String(tp).padStart(4)} ${String(fn).padStart(4)} ${String(fp).padStart(4)}`);
    }
    rows.push(`${suite.padEnd(12)} pages ${t.pages}, errors ${t.errors.length}, T3/T4 findings on all-"other" pages: ${t.sensitiveOnCleanPages.length}`);
    (json.suites as Record<string, unknown>)[suite] = {
      categories: perCategory,
      pages: t.pages,
      errors: t.errors,
      misses: t.misses,
      falseAlarms: t.falseAlarms,
      sensitiveOnCleanPages: t.sensitiveOnCleanPages,
    };
  }
  rows.push(`${meta.pages} pages in ${meta.seconds.toFixed(0)} s`);
  return { table: rows.join('\n'), json };
}
