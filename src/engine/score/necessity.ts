/**
 * Whether this kind of service needs a kind of data, and the note that says why — in every UI
 * language, with the words from the locale files (src/shared/locales) and the ruleset's own texts.
 */
import { localized } from '../../shared/strings';
import type { LocalizedText, Necessity } from '../../shared/model';
import { necessityCell, type CompiledRuleset, type SiteJudgement } from '../rules/compile';
import { serviceKindName } from '../rules/texts';
import type { PageClassification } from './page-kind';

export function judgeNecessity(
  rs: CompiledRuleset,
  page: Pick<PageClassification, 'serviceKind' | 'conditions'> & { site?: SiteJudgement },
  category: string,
): { necessity: Necessity; note: LocalizedText } {
  const bySite = page.site?.necessity.get(category);
  const cell = bySite?.cell ?? necessityCell(rs, page.serviceKind, category);
  const service = serviceKindName(rs, page.serviceKind);
  if (cell === undefined) return { necessity: 'conditional', note: fill(localized('judgement.unjudged'), {}) };
  if (bySite && typeof cell === 'string') {
    // Said of this site, not of its kind of service: the note names the override and its reason.
    return {
      necessity: cell,
      note: fill(localized('judgement.site'), {
        override: { en: bySite.override.id },
        level: localized(`judgement.level.${cell}`),
        reason: bySite.override.reason ?? { en: '' },
      }),
    };
  }
  if (typeof cell === 'string') return { necessity: cell, note: fill(localized(`judgement.${cell}`), { service }) };
  const condition = rs.conditions.find((c) => c.id === cell.condition)?.name ?? { en: cell.condition };
  const met = page.conditions.includes(cell.condition);
  return {
    necessity: met ? 'conditional' : 'unnecessary',
    note: fill(localized(met ? 'judgement.conditionMet' : 'judgement.conditionUnmet'), { condition, note: cell.note }),
  };
}

/** Fills a template in every language the template has; values fall back to English. */
function fill(template: LocalizedText, values: Record<string, LocalizedText>): LocalizedText {
  const out: LocalizedText = { en: '' };
  for (const [lang, text] of Object.entries(template)) {
    if (text === undefined) continue;
    out[lang] = text.replace(/\{(\w+)\}/g, (_, key: string) => values[key]?.[lang] ?? values[key]?.en ?? '').trim();
  }
  return out;
}
