/**
 * A build-time edit of two dependencies so the packages pass `web-ext lint` with no warning: no eval
 * (DANGEROUS_EVAL) and no innerHTML sink (UNSAFE_VAR_ASSIGNMENT) anywhere in the shipped code. Used by
 * wxt.config.ts for both browsers, so Chrome and Firefox run the same code.
 *
 * Each edit must match exactly once in its file: a dependency upgrade that changes the code fails the
 * build instead of shipping the old pattern again (test/dev/build/store-clean.test.ts checks them
 * against the installed versions).
 */
import type { Plugin } from 'vite';

export interface SourceEdit {
  /** The dependency file this edit applies to. */
  file: RegExp;
  from: RegExp;
  to: string;
  why: string;
}

export const STORE_EDITS: SourceEdit[] = [
  {
    // Zod 4 probes `new Function("")` to decide whether it may compile object parsers to JS (a JIT).
    // Extension pages forbid eval anyway (the probe fails there); without the probe zod always
    // parses by interpretation, which is what it did in every extension context already.
    file: /\/node_modules\/zod\/v4\/core\/util\.js$/,
    from: /try \{\s*const F = Function;\s*new F\(""\);\s*return true;\s*\}\s*catch \(_\) \{\s*return false;\s*\}/,
    to: 'return false;',
    why: 'zod allowsEval probe',
  },
  {
    // The JIT itself, unreachable once allowsEval is false.
    file: /\/node_modules\/zod\/v4\/core\/doc\.js$/,
    from: /compile\(\) \{\s*const F = Function;[\s\S]*?return factory\(\.\.\.Object\.values\(this\.closed\)\);\s*\}/,
    to: 'compile() { throw new Error("zod JIT is not in this build"); }',
    why: 'zod Doc.compile (JIT)',
  },
  {
    // Preact writes innerHTML only for dangerouslySetInnerHTML, which this project never uses (eslint
    // has no rule for it, so the build makes it throw rather than write).
    file: /\/node_modules\/preact\/dist\/preact\.mjs$/,
    from: /\((\w)\.innerHTML=(\w)\.__html\)/,
    to: '(()=>{throw Error("dangerouslySetInnerHTML is not in this build")})()',
    why: 'preact dangerouslySetInnerHTML',
  },
];

/** Applies the edits that concern `file` to `code`; throws unless each matches exactly once. */
export function applyEdits(file: string, code: string, edits: SourceEdit[] = STORE_EDITS): string {
  let out = code;
  for (const edit of edits) {
    if (!edit.file.test(file)) continue;
    const hits = out.match(new RegExp(edit.from.source, 'g'))?.length ?? 0;
    if (hits !== 1) throw new Error(`store-clean: ${edit.why}: expected 1 match in ${file}, found ${hits}`);
    out = out.replace(edit.from, edit.to);
  }
  return out;
}

export function storeClean(): Plugin {
  return {
    name: 'ntk-store-clean',
    enforce: 'pre',
    transform(code, id) {
      const file = id.split('?')[0].replace(/\\/g, '/');
      if (!STORE_EDITS.some((e) => e.file.test(file))) return null;
      const out = applyEdits(file, code);
      return out === code ? null : { code: out, map: null };
    },
  };
}
