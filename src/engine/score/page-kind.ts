/**
 * What kind of page this is (checkout, sign-up, …), what kind of service runs it (shop, food delivery,
 * vending, …) and which page facts hold (age-restricted goods, a non-face way to pay, face wording).
 * Only general signals count: URL words, title, headings, buttons, field labels, script hosts and the
 * mix of fields. Nothing here knows any particular site.
 */
import { classifyField, couldCarryPersonalData, type FieldMatch } from '../classify';
import type { FieldDescriptor, FrameObservations } from '../../shared/model';
import type { CompiledRuleset, CompiledSignal } from '../rules/compile';
import { OTHER_SERVICE } from '../rules/validate';

export const OTHER_PAGE = 'other';

export interface PageClassification {
  pageKind: string;
  serviceKind: string;
  /** Ids of the ruleset's conditions whose signals are on the page. */
  conditions: string[];
  /** Whether the page talks about face scans (the "face_wording" condition). */
  faceWording: boolean;
  /**
   * Per condition met, what on the page showed it, in code-like notation for evidence:
   * `title "刷脸登录"`, `<video> "keep your face in the oval"`, `script FaceTecSDK.js`, `window.faceapi`.
   */
  conditionEvidence: Record<string, string>;
  /** Points per kind, for explaining and debugging a classification. */
  scores: { pageKinds: Record<string, number>; serviceKinds: Record<string, number> };
}

/** Bounds the text we match patterns against: a hostile page must not make this slow. */
const MAX_CORPUS = 12_000;
const MAX_FIELDS_IN_CORPUS = 200;
const URL_POINTS = 2;
const HOST_POINTS = 2;
const FIELD_MIX_POINTS = 3;

/** Field matches by descriptor, so callers that already classified fields need not do it twice. */
export type FieldMatches = ReadonlyMap<FieldDescriptor, FieldMatch | null>;

export function classifyPage(frames: FrameObservations[], rs: CompiledRuleset, fieldMatches?: FieldMatches): PageClassification {
  const matchOf = (f: FieldDescriptor) => (fieldMatches?.has(f) ? fieldMatches.get(f)! : classifyField(f, rs));
  const topUrl = frames[0]?.page.url || frames[0]?.frameUrl || '';
  const corpus = pageCorpus(frames);
  const hosts = frames.flatMap((f) => f.page.scriptHosts);

  const serviceKinds = scoreSignals(rs.serviceKinds, topUrl, corpus, hosts);
  const pageKinds = scoreSignals(rs.pageKinds, topUrl, corpus, hosts);
  addFieldMix(pageKinds, frames, matchOf);

  const code = codeNames(frames);
  const conditionEvidence: Record<string, string> = {};
  const conditions: string[] = [];
  for (const c of rs.conditions) {
    if (signalPoints(c, topUrl, corpus, hosts) <= 0 && !c.scripts.some((re) => code.some((name) => re.test(name.text)))) continue;
    conditions.push(c.id);
    conditionEvidence[c.id] = explainCondition(c, frames, code, topUrl);
  }
  return {
    pageKind: best(pageKinds, rs.pageKinds) ?? OTHER_PAGE,
    serviceKind: best(serviceKinds, rs.serviceKinds) ?? OTHER_SERVICE,
    conditions,
    faceWording: conditions.includes('face_wording'),
    conditionEvidence,
    scores: { pageKinds, serviceKinds },
  };
}

/** Prominent page text of every frame plus the questions its fields ask ("扫码支付" may be an option). */
function pageCorpus(frames: FrameObservations[]): string {
  const parts: string[] = [];
  let length = 0;
  const add = (text: string) => {
    if (!text || length > MAX_CORPUS) return;
    parts.push(text);
    length += text.length + 3;
  };
  for (const frame of frames) {
    add(frame.page.title);
    add(frame.page.text);
  }
  // What a video shows beside it ("keep your face in the oval") and its boxes' names ("faceOval").
  for (const frame of frames) for (const w of frame.page.widgets ?? []) if (w.kind === 'video') add(`${w.text} | ${w.hints ?? ''}`);
  let fields = 0;
  for (const frame of frames) {
    for (const f of frame.fields) {
      if (!f.visible || fields++ >= MAX_FIELDS_IN_CORPUS) continue;
      add([f.labelText, f.ariaLabel, f.nearbyText, f.placeholder, f.optionsText].filter(Boolean).join(' | '));
    }
  }
  return parts.join(' | ').slice(0, MAX_CORPUS);
}

/** Names of the code the page runs: script file names and page-defined globals (from camera requests). */
function codeNames(frames: FrameObservations[]): { text: string; shown: string }[] {
  const out: { text: string; shown: string }[] = [];
  for (const frame of frames) {
    for (const path of frame.page.scripts ?? [])
      out.push({ text: path, shown: `script ${path.split('/').filter(Boolean).slice(-2).join('/')}` });
    for (const call of frame.apis) {
      if (call.api !== 'mediaDevices.getUserMedia') continue;
      for (const name of call.globals ?? []) out.push({ text: name, shown: `window.${name}` });
    }
  }
  return out;
}

const MAX_QUOTE = 40;

/**
 * What showed a condition, for the evidence of a finding that depends on it: the first source that
 * matches, most telling first — the title, headings and buttons, a video's surroundings, a field's
 * question, the page's code, the URL. Quotes only the matched words and a little around them.
 */
function explainCondition(c: CompiledSignal, frames: FrameObservations[], code: { text: string; shown: string }[], url: string): string {
  const quote = (re: RegExp, text: string): string | null => {
    const m = re.exec(text);
    if (!m) return null;
    // A little context, cut at word boundaries where the script has spaces (4 characters of CJK).
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 12);
    const left = /\s/.test(before) ? before.replace(/^\S*\s/, '') : before.slice(-4);
    const right = /\s/.test(after) ? after.replace(/\s\S*$/, '') : after.slice(0, 4);
    const words = (left + m[0] + right).replace(/\s+/g, ' ').trim();
    return `"${words.length > MAX_QUOTE ? words.slice(0, MAX_QUOTE - 1) + '…' : words}"`;
  };
  const sources: [string, string][] = [];
  for (const frame of frames) sources.push(['title', frame.page.title]);
  for (const frame of frames) for (const part of frame.page.text.split(' | ')) sources.push(['page', part]);
  for (const frame of frames) {
    for (const w of frame.page.widgets ?? []) if (w.kind === 'video') sources.push(['<video>', w.text], ['<video> class', w.hints ?? '']);
  }
  for (const frame of frames) {
    for (const f of frame.fields.slice(0, MAX_FIELDS_IN_CORPUS)) {
      if (f.visible) sources.push([`<${f.tag}>`, [f.labelText, f.ariaLabel, f.nearbyText, f.placeholder].filter(Boolean).join(' ')]);
    }
  }
  for (const [where, text] of sources) {
    for (const re of c.text) {
      const q = text && quote(re, text);
      if (q) return `${where} ${q}`;
    }
  }
  for (const re of c.scripts) for (const name of code) if (re.test(name.text)) return name.shown;
  for (const re of c.url) if (re.test(url)) return 'URL';
  return c.id;
}

function signalPoints(signal: CompiledSignal, url: string, corpus: string, hosts: string[]): number {
  let points = 0;
  for (const re of signal.url) if (re.test(url)) points += URL_POINTS;
  for (const re of signal.text) if (re.test(corpus)) points += 1;
  for (const suffix of signal.scriptHosts) {
    if (hosts.some((h) => h === suffix || h.endsWith('.' + suffix))) points += HOST_POINTS;
  }
  return points;
}

function scoreSignals(signals: readonly CompiledSignal[], url: string, corpus: string, hosts: string[]): Record<string, number> {
  const scores: Record<string, number> = {};
  for (const s of signals) scores[s.id] = signalPoints(s, url, corpus, hosts);
  return scores;
}

/** The mix of fields says a lot: password + one identifier is a log-in, many address fields a checkout. */
function addFieldMix(
  scores: Record<string, number>,
  frames: FrameObservations[],
  matchOf: (f: FieldDescriptor) => FieldMatch | null,
): void {
  let passwords = 0;
  let searches = 0;
  let dataFields = 0;
  const categories: Record<string, number> = {};
  for (const frame of frames) {
    for (const f of frame.fields) {
      if (!f.visible) continue;
      if (f.tag === 'input' && f.type === 'password') passwords++;
      else if (f.tag === 'input' && (f.type === 'search' || /^(q|query|keyword|keywords|search|wd|kw)$/i.test(f.name))) searches++;
      else if (couldCarryPersonalData(f)) {
        dataFields++;
        const match = matchOf(f);
        if (match) categories[match.category] = (categories[match.category] ?? 0) + 1;
      }
    }
  }
  const bump = (kind: string) => {
    if (kind in scores) scores[kind] += FIELD_MIX_POINTS;
  };
  if (passwords >= 2 || (passwords === 1 && dataFields >= 3)) bump('signup');
  else if (passwords === 1 && dataFields <= 2) bump('login');
  if ((categories.address ?? 0) >= 2 || categories.bank_card) bump('checkout');
  if (searches && !dataFields && !passwords) bump('search');
  if (!passwords && dataFields === 1 && categories.email === 1) bump('newsletter');
  const anyApi = frames.some((f) => f.apis.length > 0);
  if (anyApi && !dataFields && !passwords) bump('permission');
}

/** The kind with the most points (the earlier one in the ruleset on a tie), or null when none scored. */
function best(scores: Record<string, number>, order: readonly CompiledSignal[]): string | null {
  let winner: string | null = null;
  let top = 0;
  for (const s of order) {
    if (scores[s.id] > top) {
      top = scores[s.id];
      winner = s.id;
    }
  }
  return winner;
}
