import { describe, expect, it } from 'vitest';
import { emptyTally, scorePageAgainstLabels, splitOf, splitTable, summarise, type CorpusPage } from '../../../src/dev/bench/corpus-score';
import type { Finding } from '../../../src/shared/model';

const finding = (category: string, tier = 2): Finding => ({
  category,
  source: 'field',
  required: true,
  necessity: 'necessary',
  ruleId: 'r',
  evidence: '',
  api: null,
  frameUrl: 'http://x/',
  element: { tag: 'input', type: 'text', id: '', name: '', autocomplete: '', selector: '#a' },
  tier,
  penalty: 0,
});

const page: CorpusPage = {
  file: 'ddg/x.html',
  suite: 'ddg',
  fields: [
    { selector: '[data-corpus-field="0"]', expected: 'phone' },
    { selector: '[data-corpus-field="1"]', expected: 'email' },
    { selector: '[data-corpus-field="2"]', expected: 'other' },
    { selector: '[data-corpus-field="3"]', expected: 'address', coarse: true },
    { selector: '[data-corpus-field="4"]', expected: 'email', ambiguous: true },
  ],
};

describe('corpus scoring', () => {
  it('counts hits, misses and false alarms by element', () => {
    const t = emptyTally();
    scorePageAgainstLabels(t, page, null, [
      { finding: finding('phone'), corpusField: '0' },
      { finding: finding('gender'), corpusField: '2' },
      { finding: finding('address'), corpusField: '3' },
      { finding: finding('phone'), corpusField: '4' },
      { finding: finding('email'), corpusField: null },
    ]);
    expect(t.tp).toEqual({ phone: 1, address_coarse: 1 });
    expect(t.fn).toEqual({ email: 1 });
    expect(t.fp).toEqual({ gender: 1 });
    expect(t.misses.map((m) => m.expected)).toEqual(['email']);
    const { json } = summarise(new Map([['ddg', t]]), { pages: 1, seconds: 1 });
    expect((json.suites as any).ddg.categories.phone).toMatchObject({ recall: 1, precision: 1 });
  });

  it('flags T3/T4 findings on pages whose labelled fields are all other', () => {
    const t = emptyTally();
    const clean: CorpusPage = { file: 'f.html', suite: 's', fields: [{ selector: '[data-corpus-field="0"]', expected: 'other' }] };
    scorePageAgainstLabels(t, clean, { findings: [finding('national_id', 3)] } as never, []);
    expect(t.sensitiveOnCleanPages).toEqual([{ file: 'f.html', categories: ['national_id'] }]);
  });

  it('applies documented label corrections from the suite label and attributes only', () => {
    const t = emptyTally();
    const p: CorpusPage = {
      file: 'ddg/login.html',
      suite: 'ddg',
      fields: [
        { selector: '[data-corpus-field="0"]', expected: 'other', suite_label: 'cardNumber' },
        { selector: '[data-corpus-field="1"]', expected: 'other', suite_label: 'username', type: 'email' },
        { selector: '[data-corpus-field="2"]', expected: 'other', suite_label: 'username', name: 'email' },
        { selector: '[data-corpus-field="3"]', expected: 'other', suite_label: 'username', name: 'nick' },
        {
          selector: '[data-corpus-field="4"]',
          expected: 'other',
          suite_label: 'username',
          name: 'sid',
          placeholder: 'first.last@example.edu',
        },
        { selector: '[data-corpus-field="5"]', expected: 'other', suite_label: 'username', name: 'sid', placeholder: 'Your ID or @handle' },
      ],
    };
    scorePageAgainstLabels(t, p, null, [
      { finding: finding('bank_card', 4), corpusField: '0' },
      { finding: finding('email'), corpusField: '1' },
      { finding: finding('email'), corpusField: '2' },
      { finding: finding('email'), corpusField: '3' },
      { finding: finding('email'), corpusField: '4' },
      { finding: finding('email'), corpusField: '5' },
    ]);
    expect(t.tp).toEqual({ bank_card: 1, email: 1 });
    expect(t.fp).toEqual({ email: 2 });
    expect(t.corrections).toEqual({ 'card-folded-into-other': 1, 'username-is-email': 1, 'username-kind-unknown': 2 });
  });

  it('scores against the labels exactly as given when corrections are off, and prints both tables', () => {
    const corrected = emptyTally();
    const raw = emptyTally();
    const p: CorpusPage = {
      file: 'ddg/login.html',
      suite: 'ddg',
      fields: [{ selector: '#u', expected: 'other', suite_label: 'username', type: 'email' }],
    };
    const hits = [{ finding: finding('email'), corpusField: '0' }];
    scorePageAgainstLabels(corrected, p, null, hits);
    scorePageAgainstLabels(raw, p, null, hits, new Set(), false);
    expect(corrected.tp).toEqual({ email: 1 });
    expect(raw).toMatchObject({ tp: {}, fp: { email: 1 }, corrections: {} });
    const { table, json } = summarise(new Map([['ddg', corrected]]), { pages: 1, seconds: 1 }, new Map([['ddg', raw]]));
    expect(table).toMatch(/ddg +email +1\.000 +1\.000 +1 +0 +0\n[^]*as labelled[^]*\nddg +email +– +0\.000 +0 +0 +1\n/);
    expect((json.suites as Record<string, { asLabelled: unknown }>).ddg.asLabelled).toMatchObject({
      categories: { email: { tp: 0, fp: 1 } },
    });
  });

  it('leaves fields hidden at load out of scoring, and counts them', () => {
    const t = emptyTally();
    scorePageAgainstLabels(t, page, null, [], new Set(['0', '1']));
    expect(t.hiddenAtLoad).toBe(2);
    expect(t.fn).toEqual({ address_coarse: 1 });
  });
});

describe('held-apart halves', () => {
  it('splits pages by a fixed hash of their file name, into two halves of about equal size', () => {
    const files = Array.from({ length: 400 }, (_, i) => `suite/page-${i}.html`);
    const tuned = files.filter((f) => splitOf(f) === 'tune').length;
    expect(tuned).toBeGreaterThan(160);
    expect(tuned).toBeLessThan(240);
    // The folder does not matter, only the file name; and the split never changes.
    expect(splitOf('a/x.html')).toBe(splitOf('b/x.html'));
    expect(files.map(splitOf)).toEqual(files.map(splitOf));
  });

  it('prints both halves side by side', () => {
    const tune = emptyTally();
    tune.tp.phone = 9;
    tune.fn.phone = 1;
    const held = emptyTally();
    held.tp.phone = 4;
    held.fp.phone = 1;
    const { table, json } = splitTable({ tune: new Map([['ddg', tune]]), held: new Map([['ddg', held]]) });
    expect(table).toMatch(/ddg +phone +0\.900 1\.000 \(9\/1\/0\) +\| 1\.000 0\.800 \(4\/0\/1\)/);
    expect(json).toMatchObject({ ddg: { categories: { phone: { tune: { recall: 0.9 }, held: { precision: 0.8 } } } } });
  });
});
