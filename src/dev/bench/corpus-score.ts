/**
 * Pure bookkeeping of the corpus benchmark: matches findings to labelled fields by element and counts
 * true/false positives per category. Street-level address and its coarse parts (city, region, country)
 * are counted apart: coarse parts are a lower tier.
 */
import type { Finding, PageReport } from '../../shared/model';

export interface CorpusField {
  selector: string;
  expected: string;
  tag?: string;
  type?: string;
  placeholder?: string;
  autocomplete?: string;
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

/**
 * Which half of its suite a page belongs to: a fixed hash (FNV-1a) of its file name. Detection is
 * tuned looking only at the `tune` half's misses; the `held` half says how it does on pages nobody
 * looked at, which is what predicts unseen pages.
 */
export type Split = 'tune' | 'held';

export function splitOf(file: string): Split {
  const name = file.slice(file.lastIndexOf('/') + 1);
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % 2 === 0 ? 'tune' : 'held';
}

/** Categories measured; `address` is split into street and coarse. */
export const MEASURED = ['phone', 'birthdate', 'gender', 'email', 'address', 'address_coarse', 'national_id', 'bank_card'] as const;
export type Measured = (typeof MEASURED)[number];

export interface Miss {
  file: string;
  field: string;
  expected: string;
  found: string | null;
}

/**
 * Where the suites' labels lose information we measure, corrected by rules over the suite label and
 * the field's own attributes (never over our findings), each counted and listed in DETECTION.md:
 * - both suites fold payment cards into "other" (DDG cardNumber, expiration…, cardSecurityCode;
 *   Formasaurus c#/cv/cm/cy): those pages do ask for a bank card;
 * - DDG labels every log-in identifier "username", whatever it is: a control that only takes an
 *   e-mail address or a phone number (type=email / type=tel) asks for that; one whose name or
 *   placeholder says e-mail or phone, or whose placeholder is an example address ("name@host.com"),
 *   may take either or a nickname, so it is left out of scoring like
 *   the corpus's own "username OR emailAddress" (expected "ambiguous").
 */
export interface Correction {
  expected: string;
  reason: 'card-folded-into-other' | 'username-is-email' | 'username-is-phone' | 'username-kind-unknown' | 'salutation-gender-or-title';
}

const CARD_LABELS = new Set([
  'cardNumber',
  'cardSecurityCode',
  'expiration',
  'expirationMonth',
  'expirationYear',
  'c#',
  'cv',
  'cm',
  'cy',
  // Mozilla's form-autofill labels
  'cc-number',
  'cc-csc',
  'cc-exp',
  'cc-exp-month',
  'cc-exp-year',
]);

export function correctedLabel(suite: string, f: CorpusField): Correction | null {
  if (f.expected !== 'other' || !f.suite_label) return null;
  if (CARD_LABELS.has(f.suite_label)) return { expected: 'bank_card', reason: 'card-folded-into-other' };
  // Mozilla labels a salutation (Herr/Frau, Mr/Mrs/Dr) "honorific-prefix" (other) on some pages and
  // "sex" on others (wifa.at's "anrede"); Formasaurus labels it gender. It says the gender when its
  // choices are Herr/Frau and not when they are titles: left out of scoring.
  if (suite === 'mozilla' && f.suite_label === 'honorific-prefix') return { expected: 'ambiguous', reason: 'salutation-gender-or-title' };
  if (suite === 'ddg' && f.suite_label === 'username') {
    if (f.type === 'email') return { expected: 'email', reason: 'username-is-email' };
    if (f.type === 'tel') return { expected: 'phone', reason: 'username-is-phone' };
    const attrs = [f.name, f.id, f.placeholder, f.autocomplete].join(' ');
    // An example address as placeholder ("name@host.com") says so too.
    if (/e-?mail|phone|mobile|tel|\S@\S/i.test(attrs)) return { expected: 'ambiguous', reason: 'username-kind-unknown' };
  }
  return null;
}

const WARN_ON_CLEAN = new Set(['birthdate', 'gender', 'national_id']);

export interface Tally {
  tp: Record<string, number>;
  fn: Record<string, number>;
  fp: Record<string, number>;
  misses: Miss[];
  falseAlarms: Miss[];
  /** Pages whose labelled fields are all "other" but that got a T3/T4, birth-date, gender or ID finding. */
  sensitiveOnCleanPages: { file: string; categories: string[] }[];
  pages: number;
  errors: { file: string; error: string }[];
  /** Labels changed by `correctedLabel`, per reason. */
  corrections: Record<string, number>;
  /** Labelled fields not rendered when the page loaded (hidden tab, closed modal): not scored. */
  hiddenAtLoad: number;
  /** Pages whose labelled fields are all "other" (nothing sensitive asked). */
  cleanPages: number;
}

export function emptyTally(): Tally {
  return {
    tp: {},
    fn: {},
    fp: {},
    misses: [],
    falseAlarms: [],
    sensitiveOnCleanPages: [],
    pages: 0,
    errors: [],
    corrections: {},
    hiddenAtLoad: 0,
    cleanPages: 0,
  };
}

/** The suite's tally in `tallies`, created on first use. */
export function tallyFor(tallies: Map<string, Tally>, suite: string): Tally {
  let tally = tallies.get(suite);
  if (!tally) tallies.set(suite, (tally = emptyTally()));
  return tally;
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);

function labelKey(f: CorpusField, expected: string): string {
  if (expected === 'address' && f.coarse) return 'address_coarse';
  return expected;
}

export function scorePageAgainstLabels(
  tally: Tally,
  page: CorpusPage,
  report: PageReport | null,
  /** `corpusField`: the index in `page.fields` of the labelled control a finding points at. */
  hits: { finding: Finding; corpusField: string | null }[],
  /**
   * Ids of labelled fields the browser did not render at load. The extension reports a control once
   * it is shown (the scanner re-checks hidden ones), so a form in a closed tab or modal is not a miss.
   */
  hiddenAtLoad: ReadonlySet<string> = new Set(),
  /** false: score against the suites' labels exactly as given, to show what the corrections change. */
  applyCorrections = true,
): void {
  const correctionOf = applyCorrections ? correctedLabel : () => null;
  tally.pages++;
  const found = new Map<string, string>();
  for (const h of hits) if (h.corpusField !== null) found.set(h.corpusField, h.finding.category);

  for (const [index, field] of page.fields.entries()) {
    // Fields inside <noscript> are not in the live DOM; ambiguous ones are not scored (corpus README).
    if (field.ambiguous || field.inside === 'noscript') continue;
    const id = String(index);
    if (hiddenAtLoad.has(id)) {
      tally.hiddenAtLoad++;
      continue;
    }
    const correction = correctionOf(page.suite, field);
    if (correction) bump(tally.corrections, correction.reason);
    if (correction?.expected === 'ambiguous') continue;
    const expected = correction?.expected ?? field.expected;
    const label = labelKey(field, expected);
    const got = found.get(id) ?? null;
    // Named by its own attributes; the labels' selectors use the corpus's measuring hook.
    const control =
      field.name ||
      field.id ||
      (field.autocomplete ? `${field.tag ?? ''}[autocomplete=${field.autocomplete}]` : `unnamed ${field.tag ?? 'control'}`);
    const describe = `${control} (${field.suite_label ?? ''})`;
    if (label !== 'other') {
      if (got === expected) bump(tally.tp, label);
      else {
        bump(tally.fn, label);
        tally.misses.push({ file: page.file, field: describe, expected: label, found: got });
      }
    }
    if (got !== null && got !== expected) {
      const key = got === 'address' && field.coarse ? 'address_coarse' : got;
      bump(tally.fp, key);
      tally.falseAlarms.push({ file: page.file, field: describe, expected: label, found: got });
    }
  }

  const labelled = page.fields.filter((f) => !f.ambiguous && correctionOf(page.suite, f)?.expected !== 'ambiguous');
  if (labelled.length > 0 && labelled.every((f) => (correctionOf(page.suite, f)?.expected ?? f.expected) === 'other')) {
    tally.cleanPages++;
    // A warning a page that asks nothing sensitive must not get: a tier 3/4 finding, or a birth date,
    // gender or ID number (the false alarms users notice most on a plain log-in or contact form).
    const sensitive = (report?.findings ?? []).filter((f) => f.tier >= 3 || WARN_ON_CLEAN.has(f.category)).map((f) => f.category);
    if (sensitive.length) tally.sensitiveOnCleanPages.push({ file: page.file, categories: [...new Set(sensitive)] });
  }
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const fmt = (x: number | null) => (x === null ? '   –' : x.toFixed(3));

function categoryRows(suite: string, t: Tally, rows: string[]): Record<string, unknown> {
  const perCategory: Record<string, unknown> = {};
  for (const c of MEASURED) {
    const tp = t.tp[c] ?? 0;
    const fn = t.fn[c] ?? 0;
    const fp = t.fp[c] ?? 0;
    if (tp + fn + fp === 0) continue;
    const recall = ratio(tp, tp + fn);
    const precision = ratio(tp, tp + fp);
    perCategory[c] = { recall, precision, tp, fn, fp };
    rows.push(
      `${suite.padEnd(12)} ${c.padEnd(15)} ${fmt(recall)}  ${fmt(precision)}  ${String(tp).padStart(4)} ${String(fn).padStart(4)} ${String(fp).padStart(4)}`,
    );
  }
  return perCategory;
}

/**
 * The tuned half next to the held-apart half, per suite and category: recall and precision with
 * their counts. A category with fewer than `minLabels` labels in the suite is marked "(few)".
 */
export function splitTable(bySplit: Record<Split, Map<string, Tally>>, minLabels = 8): { table: string; json: Record<string, unknown> } {
  const rows = [`suite        category        tuned half: recall precision (tp/fn/fp) | held-apart half: recall precision (tp/fn/fp)`];
  const json: Record<string, unknown> = {};
  const suites = [...new Set([...bySplit.tune.keys(), ...bySplit.held.keys()])].sort();
  for (const suite of suites) {
    const tune = bySplit.tune.get(suite) ?? emptyTally();
    const held = bySplit.held.get(suite) ?? emptyTally();
    const cells: Record<string, unknown> = {};
    for (const c of MEASURED) {
      const count = (t: Tally) => ({ tp: t.tp[c] ?? 0, fn: t.fn[c] ?? 0, fp: t.fp[c] ?? 0 });
      const a = count(tune);
      const b = count(held);
      if (a.tp + a.fn + a.fp + b.tp + b.fn + b.fp === 0) continue;
      const cell = (x: { tp: number; fn: number; fp: number }) =>
        `${fmt(ratio(x.tp, x.tp + x.fn))} ${fmt(ratio(x.tp, x.tp + x.fp))} (${x.tp}/${x.fn}/${x.fp})`.padEnd(30);
      const labels = a.tp + a.fn + b.tp + b.fn;
      rows.push(`${suite.padEnd(12)} ${c.padEnd(15)} ${cell(a)}| ${cell(b)}${labels < minLabels ? ' (few labels)' : ''}`);
      cells[c] = {
        tune: { ...a, recall: ratio(a.tp, a.tp + a.fn), precision: ratio(a.tp, a.tp + a.fp) },
        held: { ...b, recall: ratio(b.tp, b.tp + b.fn), precision: ratio(b.tp, b.tp + b.fp) },
      };
    }
    rows.push(
      `${suite.padEnd(12)} pages tuned ${tune.pages}, held ${held.pages}; warned nothing-sensitive pages: tuned ${tune.sensitiveOnCleanPages.length}/${tune.cleanPages}, held ${held.sensitiveOnCleanPages.length}/${held.cleanPages}`,
    );
    json[suite] = { categories: cells, pages: { tune: tune.pages, held: held.pages } };
  }
  return { table: rows.join('\n'), json };
}

/** `asLabelled`: the same pages scored against the suites' labels without corrections (shown after). */
export function summarise(tallies: Map<string, Tally>, meta: { pages: number; seconds: number }, asLabelled?: Map<string, Tally>) {
  const rows: string[] = [];
  const json: Record<string, unknown> = { ...meta, suites: {} };
  rows.push(`suite        category        recall precision   tp   fn   fp`);
  for (const [suite, t] of [...tallies].sort()) {
    const perCategory = categoryRows(suite, t, rows);
    rows.push(
      `${suite.padEnd(12)} pages ${t.pages}, errors ${t.errors.length}, warned nothing-sensitive pages (T3/T4, birth date, gender, ID): ${t.sensitiveOnCleanPages.length} of ${t.cleanPages}`,
    );
    const corrections =
      Object.entries(t.corrections)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none';
    rows.push(`${suite.padEnd(12)} label corrections: ${corrections}; labelled fields hidden at load (not scored): ${t.hiddenAtLoad}`);
    (json.suites as Record<string, unknown>)[suite] = {
      categories: perCategory,
      pages: t.pages,
      errors: t.errors,
      misses: t.misses,
      falseAlarms: t.falseAlarms,
      sensitiveOnCleanPages: t.sensitiveOnCleanPages,
      corrections: t.corrections,
      hiddenAtLoad: t.hiddenAtLoad,
    };
  }
  if (asLabelled) {
    rows.push('as labelled by the suites (no label corrections; hidden-at-load fields still not scored):');
    for (const [suite, t] of [...asLabelled].sort()) {
      const suiteJson = (json.suites as Record<string, Record<string, unknown>>)[suite];
      const perCategory = categoryRows(suite, t, rows);
      if (suiteJson) suiteJson.asLabelled = { categories: perCategory, sensitiveOnCleanPages: t.sensitiveOnCleanPages.length };
      rows.push(`${suite.padEnd(12)} T3/T4 findings on all-"other" pages: ${t.sensitiveOnCleanPages.length}`);
    }
  }
  rows.push(`${meta.pages} pages in ${meta.seconds.toFixed(0)} s`);
  return { table: rows.join('\n'), json };
}

/**
 * Indexes (in the page's label list) of the labelled fields that are not shown at load, run inside the page: not rendered (the
 * browser's own `checkVisibility`, unless the control's <label> is, for styled radios, checkboxes and
 * upload buttons only), or inside a `hidden` / `aria-hidden="true"` container — a closed modal or tab whose
 * stylesheet the offline corpus lacks. The scanner watches those attributes and reports the fields
 * once they are shown. Self-contained so it can be passed to `page.evaluate`.
 */
export function hiddenLabelledFields(doc: Document, selectors: string[]): string[] {
  // No inner named functions: bundlers may wrap those in helpers that do not exist in the page.
  const hidden: string[] = [];
  for (const [index, selector] of selectors.entries()) {
    const el = doc.querySelector(selector);
    if (!el) continue;
    let rendered = false;
    // As the content script judges it (visibility.ts): a label stands in for its control only for
    // styled radios, checkboxes and upload buttons; a display:none text box inside a shown <label>
    // (a script's hidden twin of the box the user types in) is hidden.
    const type = (el.getAttribute('type') ?? '').toLowerCase();
    const labelsCount = el.localName === 'input' && (type === 'radio' || type === 'checkbox' || type === 'file');
    for (const candidate of [el, ...(labelsCount ? ((el as HTMLInputElement).labels ?? []) : [])]) {
      if ((candidate as HTMLElement).checkVisibility?.({ visibilityProperty: true }) ?? true) rendered = true;
    }
    if (!rendered || el.closest('[hidden],[aria-hidden="true"]')) hidden.push(String(index));
  }
  return hidden;
}

/**
 * For each finding's selector, the index of the labelled control it points at (by element identity,
 * using the labels' own selectors), or null. Self-contained so it can be passed to `page.evaluate`.
 */
export function labelledIndexes(doc: Document, findingSelectors: string[], labelSelectors: string[]): (string | null)[] {
  const labelled: (Element | null)[] = [];
  for (const selector of labelSelectors) labelled.push(doc.querySelector(selector));
  const out: (string | null)[] = [];
  for (const selector of findingSelectors) {
    let el: Element | null;
    try {
      el = doc.querySelector(selector);
    } catch {
      el = null;
    }
    const index = el ? labelled.indexOf(el) : -1;
    out.push(index >= 0 ? String(index) : null);
  }
  return out;
}
