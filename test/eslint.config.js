// ESLint for the whole repo (kept in test/ so the top level stays to its fixed set):
// typescript-eslint's recommended rules, import cycles, and prettier's formatting left to prettier.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['.output/**', '.wxt/**', 'node_modules/**', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver': { node: { extensions: ['.ts', '.tsx', '.js', '.mjs'] } } },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Unused names are dead code; a leading underscore marks a parameter kept for its position.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-unused-expressions': ['error', { allowShortCircuit: true, allowTernary: true }],
    },
  },
  // Tests feed deliberately malformed, untyped data (fuzzed rulesets, forged reports).
  { files: ['test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  // Plain-JS helpers that run in a page or in Node.
  { files: ['**/*.mjs', '**/*.js'], languageOptions: { globals: { ...globals.browser, ...globals.node } } },
  prettier,
);
