/**
 * The words the popup shows for a report, in one language: category names and explanations, legal
 * references, service- and page-kind names. Falls back to English wherever a translation is missing.
 */
import type { Lang, LocalizedText } from '../../shared/model';
import type { RulesetTexts } from '../../messaging/protocol';
import type { CompiledRuleset } from './compile';
import { OTHER_SERVICE } from './validate';
import { localized } from '../../shared/strings';

/** Picks the text for `lang`, else English (always present). */
export function localize(text: LocalizedText, lang: string): string {
  return text[lang] ?? text.en;
}

/** The implicit "other" service kind is not in the ruleset, so its name comes from the UI strings. */
const OTHER_SERVICE_NAME: LocalizedText = localized('serviceKind.other');

export function rulesetTexts(rs: CompiledRuleset, lang: Lang): RulesetTexts {
  const categories: RulesetTexts['categories'] = {};
  for (const c of rs.categories.values()) {
    categories[c.id] = {
      name: localize(c.name, lang),
      why: localize(c.why, lang),
      whatToDo: localize(c.whatToDo, lang),
      tier: c.tier,
      legal: c.legal.flatMap((id) => {
        const ref = rs.legal.get(id);
        return ref ? [{ title: localize(ref.title, lang), url: ref.url }] : [];
      }),
    };
  }
  const serviceKinds: Record<string, string> = {};
  for (const s of rs.serviceKinds) serviceKinds[s.id] = localize(s.name, lang);
  serviceKinds[OTHER_SERVICE] ??= localize(OTHER_SERVICE_NAME, lang);
  const pageKinds: Record<string, string> = {};
  for (const p of rs.pageKinds) pageKinds[p.id] = localize(p.name, lang);
  return { id: rs.id, version: rs.version, categories, serviceKinds, pageKinds };
}

export function serviceKindName(rs: CompiledRuleset, id: string): LocalizedText {
  return rs.serviceKinds.find((s) => s.id === id)?.name ?? OTHER_SERVICE_NAME;
}
