/** How the popup orders and groups findings: one card per category, the worst card first. */
import type { CategoryId, Finding, Necessity } from '../../shared/model';

export interface FindingGroup {
  category: CategoryId;
  /** The category's findings, worst first; `findings[0]` decides the card's verdict. */
  findings: Finding[];
}

const NECESSITY_RANK: Record<Necessity, number> = { necessary: 0, conditional: 1, unnecessary: 2 };

/** Bigger penalty first; on a tie the less necessary, then the more sensitive. */
export function worstFirst(a: Finding, b: Finding): number {
  return b.penalty - a.penalty || NECESSITY_RANK[b.necessity] - NECESSITY_RANK[a.necessity] || b.tier - a.tier;
}

/** Groups findings by category (a birth day, month and year become one card listing three elements). */
export function groupFindings(findings: Finding[]): FindingGroup[] {
  const byCategory = new Map<CategoryId, Finding[]>();
  for (const f of findings) {
    const list = byCategory.get(f.category);
    if (list) list.push(f);
    else byCategory.set(f.category, [f]);
  }
  return [...byCategory.entries()]
    .map(([category, list]) => ({ category, findings: [...list].sort(worstFirst) }))
    .sort((a, b) => worstFirst(a.findings[0], b.findings[0]));
}
