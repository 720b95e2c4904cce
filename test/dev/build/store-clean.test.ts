/**
 * The build's dependency edits (src/dev/build/store-clean.ts) still fit the installed zod and preact:
 * each matches exactly once, and the edited code has no Function constructor and no innerHTML write.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { applyEdits, STORE_EDITS } from '../../../src/dev/build/store-clean';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const FILES = ['node_modules/zod/v4/core/util.js', 'node_modules/zod/v4/core/doc.js', 'node_modules/preact/dist/preact.mjs'];

describe('store-clean build edits', () => {
  it('every edit has exactly one installed file it applies to', () => {
    for (const edit of STORE_EDITS) {
      expect(
        FILES.filter((f) => edit.file.test('/' + f)),
        edit.why,
      ).toHaveLength(1);
    }
  });

  for (const file of FILES) {
    it(`${file}: edited once, leaving no eval and no innerHTML sink`, () => {
      const code = readFileSync(path.join(ROOT, file), 'utf8');
      const edited = applyEdits('/' + file, code);
      expect(edited).not.toBe(code);
      expect(edited).not.toMatch(/\bnew F\(|=\s*Function\b/);
      expect(edited).not.toMatch(/\.innerHTML\s*=/);
    });
  }

  it('fails loudly when a dependency changed and an edit no longer matches', () => {
    expect(() => applyEdits('/x/node_modules/zod/v4/core/util.js', 'export const allowsEval = () => true;')).toThrow(/expected 1 match/);
  });

  it('resolves the same zod the build bundles', () => {
    const require = createRequire(path.join(ROOT, 'package.json'));
    expect(path.relative(ROOT, require.resolve('zod/v4/core'))).toMatch(/^node_modules\/zod\/v4\/core\//);
  });
});
