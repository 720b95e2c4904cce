/**
 * The labelled corpora the detection benchmarks read: every directory given that has a labels.json
 * (same format as ../shared/corpus, see its README). Each page remembers its directory, so several
 * corpora (the shared one, an extra one such as Mozilla's form-autofill pages) form one set of suites.
 * Nothing here is copied into the repository; a missing corpus is skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CorpusPage } from './corpus-score';

export type CorpusPageIn = CorpusPage & { dir: string; url?: string };

/** ../shared/corpus and ../shared/corpus-extra next to the repository (or /work/shared), where present. */
export function defaultCorpusDirs(repoRoot: string): string[] {
  const candidates = [
    path.resolve(repoRoot, '../shared/corpus'),
    path.resolve(repoRoot, '../shared/corpus-extra'),
    '/work/shared/corpus',
    '/work/shared/corpus-extra',
  ];
  const seen = new Set<string>();
  return candidates.filter((dir) => existsSync(path.join(dir, 'labels.json')) && !seen.has(dir) && seen.add(dir));
}

export function readCorpora(dirs: string[]): CorpusPageIn[] {
  const pages: CorpusPageIn[] = [];
  for (const dir of dirs) {
    const labels = path.join(dir, 'labels.json');
    if (!existsSync(labels)) {
      console.error(`corpus: no labels.json in ${dir}: skipped.`);
      continue;
    }
    for (const page of JSON.parse(readFileSync(labels, 'utf8')) as CorpusPage[]) pages.push({ ...page, dir });
  }
  return pages;
}
