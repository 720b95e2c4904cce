/**
 * The texts of in-page notes and banners, built here so the ruleset decides (never a content-script
 * guess) and content scripts carry no dictionary. Pure apart from reading the UI strings.
 *
 * A note goes beside a field the service does not need; a banner goes with an API call (location,
 * camera, face, contacts) or a map-pin picker the service does not need. Needed or conditional data
 * gets neither: a note must never be a false alarm. A known service's script alone gets none either:
 * it has not asked for anything yet (when it opens the camera, that call gets the banner).
 */
import type { Finding, Lang } from '../shared/model';
import { API_VERDICT_PREFIX, type FieldVerdict, type InPageNote } from '../messaging/protocol';
import type { CompiledRuleset } from '../engine/rules/compile';
import { localize, serviceKindName } from '../engine/rules/texts';
import type { TabState } from '../store/db';
import type { UiKey } from '../shared/i18n';
import { translator } from '../shared/strings';

/** Categories of API calls that get a banner, each with its own explanation. */
const BANNER_CATEGORIES = new Set(['precise_location', 'location_trail', 'camera', 'face', 'contacts']);

/** "Date of birth" reads "your date of birth" mid-sentence in English; "ID number" keeps its capitals. */
function midSentence(name: string, lang: Lang): string {
  return lang === 'en' && /^[A-Z][a-z]/.test(name) ? name[0].toLowerCase() + name.slice(1) : name;
}

/**
 * The frame's verdicts with in-page texts added: `inPage` on verdicts of unnecessary fields, and one
 * `api:<category>` entry per unnecessary API call of this frame that deserves a banner.
 */
export function addInPageNotes(
  verdicts: Record<string, FieldVerdict>,
  state: TabState,
  frameId: number,
  rs: CompiledRuleset,
  lang: Lang,
): Record<string, FieldVerdict> {
  const frame = state.frames[frameId];
  const report = state.report;
  if (!frame || !report) return verdicts;
  const t = translator(lang);
  const service = localize(serviceKindName(rs, report.serviceKind), lang);
  const categoryName = (id: string) => midSentence(localize(rs.categories.get(id)?.name ?? { en: id }, lang), lang);
  const note = (text: string, short?: string): InPageNote => ({
    text,
    ...(short && { short }),
    dismiss: t('inpage.dismiss'),
    hideOnSite: t('inpage.hideOnSite'),
  });

  const findingBySelector = new Map<string, Finding>();
  for (const f of report.findings) {
    if (f.source === 'field' && f.element && f.frameUrl === frame.frameUrl && !findingBySelector.has(f.element.selector)) {
      findingBySelector.set(f.element.selector, f);
    }
  }
  const out: Record<string, FieldVerdict> = {};
  for (const [key, verdict] of Object.entries(verdicts)) out[key] = { ...verdict };
  for (const field of frame.fields) {
    const verdict = out[field.key];
    const finding = findingBySelector.get(field.selector);
    if (!verdict || !finding || verdict.necessity !== 'unnecessary') continue;
    // "Optional" only when the page lets the user leave it out.
    const optional = finding.required === false;
    const text = t(optional ? 'inpage.optional' : 'inpage.notNeeded', { service, category: categoryName(finding.category) });
    verdict.inPage = note(text, t(optional ? 'optional' : 'necessity.unnecessary'));
  }

  const asksAddress = report.findings.some((f) => f.category === 'address');
  for (const f of report.findings) {
    if (
      (f.source !== 'api' && f.source !== 'widget') ||
      f.frameUrl !== frame.frameUrl ||
      f.necessity !== 'unnecessary' ||
      !BANNER_CATEGORIES.has(f.category)
    )
      continue;
    // One banner per kind of data: the API call's when there is one (it sorts first), else the map's.
    const key = API_VERDICT_PREFIX + f.category;
    if (out[key]) continue;
    const text = t(f.source === 'widget' ? 'inpage.banner.mapPin' : (`inpage.banner.${f.category}` as UiKey), {
      service,
      category: categoryName(f.category),
      addressHint: asksAddress ? t('inpage.banner.addressHint') : '',
    });
    out[key] = { category: f.category, necessity: f.necessity, inPage: note(text) };
  }
  return out;
}
