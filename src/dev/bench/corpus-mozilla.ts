/**
 * Builds the `mozilla` suite of the labelled corpus, in the format of ../shared/corpus (see its README),
 * from a checkout of Mozilla's form-autofill training repository (github.com/Firefox-AI/form-autofill):
 *
 *   npx tsx src/dev/bench/corpus-mozilla.ts <form-autofill checkout> <out-dir> [--commit <sha>]
 *
 * Writes <out-dir>/labels.json and <out-dir>/mozilla/*.html (the mozilla/ folder is rebuilt). The commit
 * named in each page's `source` is the checkout's HEAD, or --commit for a checkout without .git.
 *
 * Which pages: data/testing and data/training, the captured real pages (checkout, registration and
 * account forms, ~40 countries) that Mozilla labelled by hand for Firefox's autofill model. Not
 * data/generated (forms written by an LLM), data/common_crawl (labelled by an LLM) or data/non_address
 * (unlabelled). Pages without a labelled control are skipped: a few fixtures have no label, and a few
 * are captures of Firefox's view-source of a labelled page (the labels are text there, not controls).
 *
 * How the fixtures give the expected types: there are no expectation files. The label is written on the
 * control itself, `data-moz-autofill-type="<field type>"` (LABEL_ATTR in the repository's
 * data_tools/gen/validate.py; their HTML→txt step reads it off each element). So every input, select or
 * textarea carrying it is one labelled field, numbered in document order, with that value as its
 * `suite_label`; a control without it is unlabelled, not a negative.
 *
 * What is removed because a real page does not have it (and part of it gives the label away):
 * - `data-moz-*`: the label itself, the autofill inspector's `data-moz-autofill-inspect-id` and Firefox
 *   Translations' `data-moz-translations-id`;
 * - `data-fathom`: labels of Mozilla's Fathom tool (`cc-number`, `zip`, `form`…);
 * - the labelling tool's pale-yellow highlight, `background-color: rgb(255, 252, 200)` (on 550 labelled
 *   controls and 2 others), and a control's `style` attribute left empty (on 88 % of labelled text
 *   boxes and 70 % of the others);
 * - the same in comments (commented-out controls), in `srcdoc` and in `data:text/html;base64` frames
 *   (labelled controls there stay unlabelled: the bench scores the top frame only).
 * Every labelled control gets `data-corpus-field="N"` (the bench's measuring hook), and every file a
 * UTF-8 BOM, as in the shared corpus. The edits are made on the source text, so the rest of the page
 * is byte for byte the fixture.
 *
 * File names are `mozilla/<set>_<fixture>`, e.g. `mozilla/testing_QA_AT_wifa.at.html`: testing/ and
 * training/ share 7 fixture names, and the bench splits pages into halves by a hash of the file name,
 * so the name is derived from the fixture path alone.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CorpusField } from './corpus-score';

const REPO = 'Firefox-AI/form-autofill';
const SUITE = 'mozilla';
/** The hand-labelled sets (see the header). */
const SETS = ['data/testing', 'data/training'];
const LABEL_ATTR = 'data-moz-autofill-type';
const HIGHLIGHT = /\s*background-color:\s*rgb\(255,\s*252,\s*200\)\s*;?/gi;
// The same attributes as text: in comments, and entity-escaped in a frame's srcdoc.
const LEAK_IN_TEXT = /\s(?:data-moz-[\w-]+|data-fathom)=("[^"]*"|'[^']*')/g;
const LABEL_IN_TEXT = /data-moz-autofill-type="([^"]*)"/g;
const ESCAPED_LEAK = /\s(?:data-moz-[\w-]+|data-fathom)=(&(?:amp;)*quot;).*?\1/g;
const ESCAPED_LABEL = /data-moz-autofill-type=(&(?:amp;)*quot;)(.*?)\1/g;
const CONTROLS = new Set(['input', 'select', 'textarea']);
/** Elements whose content is text, not markup (a "<input" in a script is no control). */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes']);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

type AddressPart = 'street' | 'street2' | 'postal_code' | 'district' | 'city' | 'region' | 'country';

/**
 * Mozilla's address types → the shared corpus's parts. Coarse as there: city, region and country (and a
 * district); a postcode is not.
 */
const ADDRESS_PARTS: Record<string, AddressPart> = {
  'street-address': 'street',
  'address-line1': 'street',
  street: 'street',
  'address-streetname': 'street',
  'address-housenumber': 'street',
  'address-extra-housesuffix': 'street',
  // An address search box fills the street (Mozilla labels it apart from street-address).
  'address-lookup': 'street',
  'address-line2': 'street2',
  'address-line3': 'street2',
  apartment: 'street2',
  floor: 'street2',
  stair: 'street2',
  building: 'street2',
  block: 'street2',
  'address-extra': 'street2',
  'reference-point': 'street2',
  'postal-code': 'postal_code',
  'postal-code-lookup': 'postal_code',
  'postal-code-and-city': 'postal_code',
  'postal-code-or-suburb': 'postal_code',
  // A suburb or neighbourhood (bairro, colonia): as coarse as the city it is part of.
  'address-level4': 'district',
  'address-level3': 'district',
  'address-level2': 'city',
  'address-level1': 'region',
  country: 'country',
  'country-name': 'country',
};
const COARSE = new Set<AddressPart>(['district', 'city', 'region', 'country']);

interface Label {
  expected: string;
  address_part?: AddressPart;
  coarse?: true;
}

/**
 * Mozilla's field type → our category. Cards (cc-*) and salutations (honorific-prefix) stay "other":
 * the bench folds or drops them itself (correctedLabel in corpus-score.ts).
 */
function labelOf(type: string): Label {
  if (/^tel(-|$)/.test(type)) return { expected: 'phone' };
  if (type === 'email') return { expected: 'email' };
  if (/^bday(-|$)/.test(type)) return { expected: 'birthdate' };
  if (type === 'sex' || type === 'gender') return { expected: 'gender' };
  // Firefox's national identification number (DNI/NIF, CPF, T.C. kimlik…); vat-number is apart.
  if (type === 'id-number') return { expected: 'national_id' };
  const part = ADDRESS_PARTS[type];
  if (part)
    return COARSE.has(part) ? { expected: 'address', address_part: part, coarse: true } : { expected: 'address', address_part: part };
  return { expected: 'other' };
}

type MozillaField = CorpusField & { label_source: 'suite'; address_part?: AddressPart; inside?: string };

interface MozillaPage {
  file: string;
  suite: string;
  kind: 'form';
  source: string;
  sha256: string;
  url?: string;
  page_expected: string[];
  fields: MozillaField[];
}

interface Attr {
  name: string;
  /** Raw (still entity-encoded) value; null when the attribute has none. */
  value: string | null;
  /** From the whitespace before the name to the end of the value: what deleting it removes. */
  from: number;
  to: number;
  valueFrom: number;
  valueTo: number;
}

interface StartTag {
  name: string;
  /** Index just after the tag name, where a new attribute goes. */
  nameEnd: number;
  attrs: Attr[];
  /** Open <noscript> / <template> around it, innermost first. */
  inside: string[];
}

interface Span {
  from: number;
  to: number;
}

/**
 * Walks the start tags of an HTML text the way a browser tokenizes it where it matters here: comments,
 * doctypes and the content of script/style/textarea… are skipped, quoted attribute values may hold ">".
 * Also returns the comments' text (commented-out controls keep their labels there).
 */
function startTags(html: string): { tags: StartTag[]; comments: Span[] } {
  const tags: StartTag[] = [];
  const comments: Span[] = [];
  const open: string[] = [];
  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    const next = html[lt + 1] ?? '';
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      comments.push({ from: lt + 4, to: end < 0 ? n : end });
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (next === '!' || next === '?') {
      const end = html.indexOf('>', lt);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (next === '/') {
      const m = /^<\/([a-zA-Z][^\s/>]*)[^>]*>?/.exec(html.slice(lt, lt + 256));
      const name = m?.[1].toLowerCase();
      if (name && open[0] === name) open.shift();
      i = lt + (m ? m[0].length : 2);
      continue;
    }
    if (!/[a-zA-Z]/.test(next)) {
      i = lt + 1;
      continue;
    }
    let j = lt + 1;
    while (j < n && !/[\s/>]/.test(html[j])) j++;
    const tag: StartTag = { name: html.slice(lt + 1, j).toLowerCase(), nameEnd: j, attrs: [], inside: [...open] };
    // Attributes, until the closing ">".
    for (;;) {
      const from = j;
      while (j < n && /[\s/]/.test(html[j])) j++;
      if (j >= n || html[j] === '>') break;
      const nameFrom = j;
      j++; // a name may start with "=" (tokenizer rule), never be empty
      while (j < n && !/[\s/>=]/.test(html[j])) j++;
      const name = html.slice(nameFrom, j).toLowerCase();
      let k = j;
      while (k < n && /\s/.test(html[k])) k++;
      let value: string | null = null;
      let valueFrom = j;
      let valueTo = j;
      if (html[k] === '=') {
        k++;
        while (k < n && /\s/.test(html[k])) k++;
        const quote = html[k];
        if (quote === '"' || quote === "'") {
          const close = html.indexOf(quote, k + 1);
          valueFrom = k + 1;
          valueTo = close < 0 ? n : close;
          j = close < 0 ? n : close + 1;
        } else {
          valueFrom = k;
          while (k < n && !/[\s>]/.test(html[k])) k++;
          valueTo = j = k;
        }
        value = html.slice(valueFrom, valueTo);
      }
      tag.attrs.push({ name, value, from, to: j, valueFrom, valueTo });
    }
    tags.push(tag);
    i = j + 1;
    if (tag.name === 'noscript' || tag.name === 'template') open.unshift(tag.name);
    if (RAW_TEXT.has(tag.name)) {
      const close = new RegExp(`</${tag.name}[\\s/>]`, 'ig');
      close.lastIndex = i;
      i = close.exec(html)?.index ?? n;
    }
  }
  return { tags, comments };
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Attribute text as the page shows it (numeric and the common named references). */
function decodeEntities(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED_ENTITIES[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

interface Edit extends Span {
  text: string;
}

function applyEdits(text: string, edits: Edit[]): string {
  // An insertion at the start of a deleted attribute goes first (to before from).
  edits.sort((a, b) => a.from - b.from || a.to - b.to);
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += text.slice(at, e.from) + e.text;
    at = e.to;
  }
  return out + text.slice(at);
}

interface Cleaned {
  html: string;
  /** The labelled controls, in document order; each got data-corpus-field="<index>". */
  labelled: { tag: StartTag; label: string }[];
  /** Labels left unlabelled, with where they are: in a comment, a frame, or on an element that is no control. */
  strayLabels: string[];
}

/** Strips what gives the label away; `mark`: number the labelled controls (not inside frames). */
function cleanPage(html: string, mark: boolean): Cleaned {
  const edits: Edit[] = [];
  const labelled: Cleaned['labelled'] = [];
  const strayLabels: string[] = [];
  const { tags, comments } = startTags(html);
  for (const c of comments) {
    const text = html.slice(c.from, c.to);
    for (const m of text.matchAll(LABEL_IN_TEXT)) strayLabels.push(`comment ${m[1]}`);
    const stripped = text.replace(LEAK_IN_TEXT, '');
    if (stripped !== text) edits.push({ ...c, text: stripped });
  }
  for (const tag of tags) {
    const isControl = CONTROLS.has(tag.name);
    const seen = new Set<string>();
    let label: string | null = null;
    for (const a of tag.attrs) {
      const first = !seen.has(a.name);
      seen.add(a.name);
      if (a.name === LABEL_ATTR && first) label = decodeEntities(a.value ?? '').trim();
      if (a.name.startsWith('data-moz-') || a.name === 'data-fathom') {
        edits.push({ from: a.from, to: a.to, text: '' });
      } else if (a.name === 'style' && a.value !== null) {
        const style = a.value.replace(HIGHLIGHT, '');
        if (isControl && !style.trim()) edits.push({ from: a.from, to: a.to, text: '' });
        else if (style !== a.value) edits.push({ from: a.valueFrom, to: a.valueTo, text: style.trim() });
      } else if (a.name === 'srcdoc' && a.value !== null) {
        // A frame's page, entity-escaped once per level of nesting: stripped as text.
        for (const m of a.value.matchAll(ESCAPED_LABEL)) strayLabels.push(`srcdoc ${m[2]}`);
        const inner = a.value.replace(ESCAPED_LEAK, '').replace(HIGHLIGHT, '');
        if (inner !== a.value) edits.push({ from: a.valueFrom, to: a.valueTo, text: inner });
      } else if (a.name === 'src' && a.value?.startsWith('data:text/html;base64,')) {
        const prefix = 'data:text/html;base64,';
        const inner = Buffer.from(a.value.slice(prefix.length), 'base64').toString('utf8');
        const frame = cleanPage(inner, false);
        strayLabels.push(...frame.strayLabels.map((s) => `frame ${s}`));
        if (frame.html !== inner)
          edits.push({ from: a.valueFrom, to: a.valueTo, text: prefix + Buffer.from(frame.html, 'utf8').toString('base64') });
      }
    }
    if (label === null) continue;
    if (!isControl || !mark) {
      strayLabels.push(`element ${tag.name}:${label}`);
      continue;
    }
    edits.push({ from: tag.nameEnd, to: tag.nameEnd, text: ` data-corpus-field="${labelled.length}"` });
    labelled.push({ tag, label });
  }
  return { html: applyEdits(html, edits), labelled, strayLabels };
}

function attr(tag: StartTag, name: string): string | undefined {
  const a = tag.attrs.find((x) => x.name === name);
  return a ? decodeEntities(a.value ?? '') : undefined;
}

/** One field record, keys in the shared corpus's order; attributes the control lacks are left out. */
function fieldOf(index: number, tag: StartTag, suiteLabel: string): MozillaField {
  const attrs = Object.fromEntries(
    ['type', 'name', 'id', 'autocomplete', 'placeholder'].flatMap((name) => {
      const value = attr(tag, name);
      return value === undefined ? [] : [[name, value]];
    }),
  );
  const { expected, ...part } = labelOf(suiteLabel);
  return {
    selector: `[data-corpus-field="${index}"]`,
    tag: tag.name,
    ...attrs,
    expected,
    suite_label: suiteLabel,
    label_source: 'suite',
    ...part,
    ...(tag.inside.length ? { inside: tag.inside[0] } : {}),
  };
}

function commitOf(checkout: string, given: string | null): string {
  if (given) return given;
  try {
    return execFileSync('git', ['-C', checkout, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    throw new Error(`${checkout} is not a git work tree: give the commit it was checked out from with --commit <sha>`);
  }
}

function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--commit');
  const given = at >= 0 ? (args.splice(at, 2)[1] ?? null) : null;
  const [checkout, outDir] = args.map((a) => path.resolve(a));
  if (!checkout || !outDir || SETS.some((set) => !existsSync(path.join(checkout, set)))) {
    console.error(
      'usage: npx tsx src/dev/bench/corpus-mozilla.ts <form-autofill checkout with data/testing, data/training> <out-dir> [--commit <sha>]',
    );
    process.exit(2);
  }
  const commit = commitOf(checkout, given);
  const pageDir = path.join(outDir, SUITE);
  rmSync(pageDir, { recursive: true, force: true });
  mkdirSync(pageDir, { recursive: true });

  const pages: MozillaPage[] = [];
  const unlabelled: string[] = [];
  const stray = new Map<string, number>();
  for (const set of SETS) {
    for (const name of readdirSync(path.join(checkout, set)).sort()) {
      if (!name.endsWith('.html')) continue;
      const fixture = `${set}/${name}`;
      const text = readFileSync(path.join(checkout, fixture), 'utf8').replace(/^\uFEFF/, '');
      const { html, labelled, strayLabels } = cleanPage(text, true);
      if (strayLabels.length)
        stray.set(`${fixture} (${[...new Set(strayLabels.map((s) => s.split(' ')[0]))].join(', ')})`, strayLabels.length);
      if (!labelled.length) {
        unlabelled.push(fixture);
        continue;
      }
      const file = `${SUITE}/${path.basename(set)}_${name}`;
      const bytes = Buffer.concat([BOM, Buffer.from(html, 'utf8')]);
      writeFileSync(path.join(outDir, file), bytes);
      const fields = labelled.map(({ tag, label }, i) => fieldOf(i, tag, label));
      // The capture's Memento link names the page it was taken from.
      const url = /<link\s+rel="original"\s+href="([^"]*)"/i.exec(text)?.[1];
      const expected = fields.filter((f) => f.expected !== 'other').map((f) => f.expected);
      pages.push({
        file,
        suite: SUITE,
        kind: 'form',
        source: `${REPO}:${fixture}@${commit}`,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        ...(url ? { url: decodeEntities(url) } : {}),
        page_expected: [...new Set(expected)].sort(),
        fields,
      });
    }
  }
  writeFileSync(path.join(outDir, 'labels.json'), JSON.stringify(pages, null, 1));

  const totals = new Map<string, number>();
  const asOther = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const f of pages.flatMap((p) => p.fields)) {
    bump(totals, f.coarse ? 'address (coarse)' : f.expected);
    if (f.expected === 'other') bump(asOther, f.suite_label ?? '');
    if (f.inside) bump(totals, `inside ${f.inside}`);
  }
  const list = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`);
  console.log(`${pages.length} pages, ${pages.reduce((s, p) => s + p.fields.length, 0)} labelled fields → ${outDir}`);
  console.log(`fields: ${list(totals).join(', ')}`);
  console.log(`"other" by Mozilla type: ${list(asOther).join(', ')}`);
  if (unlabelled.length) console.log(`no labelled field (skipped): ${unlabelled.join(' ')}`);
  if (stray.size) console.log(`labels not on a top-frame control (left unlabelled): ${list(stray).join(', ')}`);
}

try {
  main();
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
