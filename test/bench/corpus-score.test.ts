import { describe, expect, it } from 'vitest';
import { emptyTally, scorePageAgainstLabels, summarise, type CorpusPage } from '../../src/bench/corpus-score';
import type { Finding } from '../../src/model';

const finding = (category: string, tier = 2): Finding => ({
  category, source: 'field', required: true, necessity: 'necessary', ruleId: 'r', evidence: '', api: null,
  frameUrl: 'http://x/', element: { tag: 'input', type: 'text', id: '', name: '', autocomplete: '', selector: '#a' },
  tier, penalty: 0,
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
});
