/**
 * Decides what kind of personal data a form control asks for, from its descriptor alone (no DOM),
 * using the ruleset's field rules. Runs in the background for every reported field, so it is built to
 * be cheap: rules are sorted strongest first and the first match wins; a per-source prefilter skips
 * the rules for text that cannot match anything.
 */
import type { FieldDescriptor } from '../shared/model';
import { FIELD_SOURCES, sourceBit, type CompiledFieldRule, type CompiledRuleset, type FieldSource } from './rules/compile';

export interface FieldMatch {
  category: string;
  ruleId: string;
  weight: number;
  /** Which part of the control matched: an attribute, its label text, or its file-picker settings. */
  evidenceSource: FieldSource | 'file';
}

/** Input types that never carry personal data we rate (passwords are credentials, not data we judge). */
const NOT_DATA_TYPES = new Set(['hidden', 'submit', 'button', 'reset', 'image', 'password', 'checkbox', 'range', 'color']);
/** Labels on real pages are short; a cap keeps a hostile page's megabyte label from costing time. */
const MAX_TEXT = 300;

/** Whether a control could carry personal data at all. Invisible controls are never findings. */
export function couldCarryPersonalData(f: FieldDescriptor): boolean {
  if (!f.visible) return false;
  return !(f.tag === 'input' && NOT_DATA_TYPES.has(f.type));
}

export function classifyField(f: FieldDescriptor, rs: CompiledRuleset): FieldMatch | null {
  if (!couldCarryPersonalData(f)) return null;
  const texts = sourceTexts(f);
  // One prefilter run per non-empty source tells which text sources can match any rule at all.
  let hitMask = 0;
  for (let i = 0; i < FIELD_SOURCES.length; i++) {
    const source = FIELD_SOURCES[i];
    const text = texts[source];
    if (!text) continue;
    const filter = rs.textPrefilter.get(source);
    if (!filter || filter.test(text)) hitMask |= 1 << i;
  }
  const tokens = f.autocomplete ? f.autocomplete.split(/\s+/).filter((t) => rs.anyAutocomplete.has(t)) : [];
  const typeHit = f.tag === 'input' && rs.anyType.has(f.type);
  const isFile = f.tag === 'input' && f.type === 'file';
  // Most controls on a page (names, notes, quantities) end here.
  if (!hitMask && !tokens.length && !typeHit && !isFile) return null;

  // Text around a search box ("two phones from Microsoft", a list of places) is what is searched
  // for, not asked. The box's own words still count: a search by address or postcode gives the site
  // the place, as a delivery app's "搜索收货地址" does.
  const searchForm = f.searchForm === true;
  for (const rule of rs.fieldRules) {
    if (
      !(rule.sourceMask & hitMask) &&
      !(tokens.length && rule.autocomplete.size) &&
      !(typeHit && rule.types.size) &&
      !(isFile && rule.file)
    ) {
      continue;
    }
    const source = matchSource(rule, f, texts, tokens, isFile, hitMask);
    if (searchForm && (source === 'nearby' || source === 'options')) continue;
    if (source && !excluded(rule, texts, source)) {
      return { category: rule.category, ruleId: rule.id, weight: rule.weight, evidenceSource: source };
    }
  }
  return null;
}

type SourceTexts = Record<FieldSource, string> & {
  /** The text a person reads as the control's question: its label, else ARIA, nearby text, placeholder. */
  question: string;
};

function sourceTexts(f: FieldDescriptor): SourceTexts {
  const label = cap(f.labelText.trim());
  const aria = cap(f.ariaLabel.trim());
  const placeholder = cap(f.placeholder.trim());
  // The extractor fills this only when there is no label, or with a radio group's question.
  const nearby = cap(f.nearbyText.trim());
  const name = identifierWords(cap(f.name));
  return {
    autocomplete: cap(f.autocomplete),
    type: f.type,
    name,
    // An id written from the name ("register_basic_contactAddress_company" for
    // "register_basic[contactAddress][company]") says no more than the name does, and its flattened
    // form would hide which part names the control.
    id: idDerivedFromName(f.id, f.name) ? name : identifierWords(cap(f.id)),
    label,
    aria,
    placeholder,
    nearby,
    options: cap(f.optionsText),
    question: label || aria || nearby || placeholder,
  };
}

/**
 * What a name or id says about the control itself. Frameworks nest names ("shippingAddress[firstName]",
 * "ctl00$Body$tbZip", "ShippingAddress.NameFirst"): the last part names the control, the rest its
 * form. A generic last part ("number", "area", "0") keeps its parent ("phone[number]"). camelCase is
 * split so "userMail" reads as "user_Mail" and word-boundary patterns see both words.
 */
export function identifierWords(raw: string): string {
  if (!raw) return raw;
  const parts = raw.split(/[[\]$:.{}]+/).filter(Boolean);
  let leaf = parts.length > 1 ? parts[parts.length - 1] : raw;
  if (parts.length > 1 && GENERIC_PART.test(leaf)) leaf = parts[parts.length - 2] + '_' + leaf;
  return leaf.replace(/([a-z])([A-Z])/g, '$1_$2');
}

const GENERIC_PART =
  /^(?:\d+|number|num|no|nr|value|val|text|input|field|area|prefix|code|main|primary|first|second|day|month|year|dd|mm|yy|yyyy|\w)$/i;

function idDerivedFromName(id: string, name: string): boolean {
  if (!id || !name || !/[[\]$:.{}]/.test(name)) return false;
  const flat = (s: string) => s.replace(/[^\p{L}\p{N}]+/gu, '').toLowerCase();
  const flatName = flat(name);
  return flatName.length > 0 && flat(id).endsWith(flatName);
}

function cap(s: string): string {
  return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s;
}

function matchSource(
  rule: CompiledFieldRule,
  f: FieldDescriptor,
  texts: SourceTexts,
  tokens: string[],
  isFile: boolean,
  hitMask: number,
): FieldMatch['evidenceSource'] | null {
  if (rule.file) {
    if (!isFile) return null;
    if (rule.file.accept && !rule.file.accept.test(f.accept)) return null;
    if (rule.file.capture && !rule.file.capture.has(f.capture)) return null;
    if (rule.text && !textSource(rule, texts, hitMask)) return null;
    return 'file';
  }
  if (rule.autocomplete.size && tokens.some((t) => rule.autocomplete.has(t))) return 'autocomplete';
  if (rule.types.size && f.tag === 'input' && rule.types.has(f.type)) return 'type';
  return rule.text ? textSource(rule, texts, hitMask) : null;
}

function textSource(rule: CompiledFieldRule, texts: SourceTexts, hitMask: number): FieldSource | null {
  for (const source of rule.in) {
    if (hitMask & sourceBit(source) && rule.text!.test(texts[source])) return source;
  }
  return null;
}

/**
 * Vetoes look at the control's identity (name, id) and its question only, not at every hint: a phone
 * field whose placeholder says "we will text you a code" is still a phone field, while a field whose
 * label is "验证码" is a code field whatever its name says.
 */
function excluded(rule: CompiledFieldRule, texts: SourceTexts, source: FieldMatch['evidenceSource']): boolean {
  const veto = rule.exclude;
  if (!veto) return false;
  return (
    (!!texts.name && veto.test(texts.name)) ||
    // The name is what the server receives: when it names the data itself ("comp_rue"), an id written
    // for a script ("searchTextField" of an address autocomplete widget) does not veto it.
    (source !== 'name' && !!texts.id && veto.test(texts.id)) ||
    (!!texts.question && veto.test(texts.question)) ||
    // A select's choices tell a phone prefix list ("Albania (+355)") or a search filter ("All
    // provinces") from the question it looks like.
    (!!texts.options && veto.test(texts.options))
  );
}
