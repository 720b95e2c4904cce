/**
 * Maps on the page. A delivery page that asks you to drag a pin to your door asks for a precise
 * location without any form control, so the content script reports the maps it sees: found by a short
 * list of map libraries' DOM markers and the ARIA markers of a map, each with its label and the
 * visible text in and beside it. Whether a map is a picker (and so a request) is the ruleset's call,
 * made in the background from that text; a store map is not a request.
 *
 * Runs in every frame with the page signals, so it stays tiny. Privacy: text comes from boundedText,
 * which skips form controls and editable regions, so no value the user typed is read.
 */
import type { MapLibrary, PageWidget } from '../shared/model';
import { uniqueSelector } from './selectors';
import { boundedText } from './text';

/** A library's map container or a marker element inside it; the ARIA map of any make last. */
const MAPS: [MapLibrary, string][] = [
  ['AMap', '.amap-container'],
  ['Baidu', '.BMap_cpyCtrl,.BMapGL_cpyCtrl'],
  ['Tencent', '.tmap-zoom-control,.tmap-scale-control'],
  ['Google', '.gm-style'],
  ['Leaflet', '.leaflet-container'],
  ['Mapbox', '.mapboxgl-map'],
  ['MapLibre', '.maplibregl-map'],
  ['OpenLayers', '.ol-viewport'],
  ['map', '[aria-roledescription],[role=application]'],
];
/** Any of the above: the scanner re-reads the page signals when such an element appears. */
export const MAP_SELECTOR = MAPS.map((m) => m[1]).join();
/** "Map" in the languages of the ruleset, for an ARIA role description or an application's label. */
const MAP_WORD = /map|kart|carte|карт|harit|地[图圖図]|지도/i;
const MAX_WIDGETS = 5;
const MAX_TEXT = 200;

export function findWidgets(doc: Document): PageWidget[] {
  const out: PageWidget[] = [];
  const seen: Element[] = [];
  for (const [library, selector] of MAPS) {
    for (const el of doc.querySelectorAll(selector)) {
      const label = el.getAttribute('aria-label') || '';
      // One entry per map: a library's marker and the ARIA map inside it are the same map.
      if (out.length >= MAX_WIDGETS || seen.some((s) => s.contains(el) || el.contains(s))) continue;
      if (library == 'map' && !MAP_WORD.test(el.getAttribute('aria-roledescription') || label)) continue;
      seen.push(el);
      out.push({ kind: 'map', library, selector: uniqueSelector(el), text: nearText(el, label) });
    }
  }
  return out;
}

const MAX_VIDEOS = 3;
/** Words of ids and classes: "DOM_FT_ovalContainer" → "DOM FT oval Container". */
const HINT_SPLIT = /[^\p{L}\p{N}]+|(?<=\p{Ll})(?=\p{Lu})/u;

/**
 * <video> elements: a camera preview is one. What it is for is in the text beside it ("keep your face
 * in the oval", "将二维码放入框内") and in the ids and classes of its boxes ("face-recognition",
 * "ovalContainer", "qr-box"); the ruleset's conditions read both. Open shadow roots are searched too
 * (face SDKs ship web components).
 */
export function findVideos(doc: Document): PageWidget[] {
  const out: PageWidget[] = [];
  const visit = (root: Document | ShadowRoot, depth: number): void => {
    for (const el of root.querySelectorAll('video')) {
      if (out.length >= MAX_VIDEOS) return;
      out.push({
        kind: 'video',
        library: 'video',
        selector: uniqueSelector(el),
        text: nearText(el, el.getAttribute('aria-label') || ''),
        hints: hintsOf(el),
      });
    }
    if (depth > 2) return;
    for (const host of root.querySelectorAll('*')) if (host.shadowRoot && out.length < MAX_VIDEOS) visit(host.shadowRoot, depth + 1);
  };
  visit(doc, 0);
  return out;
}

function hintsOf(el: Element): string {
  const words: string[] = [];
  for (
    let box: Element | null = el, up = 0;
    box && up < 4;
    up++, box = box.parentElement ?? ((box.getRootNode() as ShadowRoot).host || null)
  ) {
    const own = `${box.id} ${box.getAttribute('class') ?? ''}${box.localName.includes('-') ? ' ' + box.localName : ''}`;
    for (const word of own.split(HINT_SPLIT)) if (word && !words.includes(word)) words.push(word);
  }
  return words.join(' ').slice(0, MAX_TEXT);
}

/** The map's label and text, then the text beside it up to three levels up (tips often sit there). */
function nearText(el: Element, label: string): string {
  let text = label + ' ' + boundedText(el, 80);
  for (let box = el, up = 0; up < 3 && box.parentElement; up++, box = box.parentElement) {
    for (const sibling of box.parentElement.children) if (sibling != box && text.length < MAX_TEXT) text += ' ' + boundedText(sibling, 80);
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
}
