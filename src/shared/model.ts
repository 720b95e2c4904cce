/**
 * The shared vocabulary of Need to Know: what the content script observes, what the scoring engine
 * produces and what the popup and the audit CLI show. Plain, serialisable data only; no browser APIs.
 *
 * Privacy rule that every type here keeps: nothing carries a value the user typed. Descriptors hold
 * the *question* a page asks (attributes, label text), never the answer.
 */

/** Stable category ids used in reports, rulesets and tests. A ruleset may define more. */
export const CORE_CATEGORIES = [
  'phone',
  'birthdate',
  'gender',
  'email',
  'address',
  'precise_location',
  'location_trail',
  'national_id',
  'face',
  'camera',
  'contacts',
  'bank_card',
] as const;
export type CoreCategoryId = (typeof CORE_CATEGORIES)[number];
export type CategoryId = string;

export type Necessity = 'necessary' | 'conditional' | 'unnecessary';
/**
 * What a finding comes from: a form field, a browser API call, a known service's script on the page,
 * data seen leaving for another site, a widget the page shows (a map to place a pin on), or a request
 * through a super-app's JS bridge (WeChat, Alipay, Douyin) or an OAuth scope.
 */
export type FindingSource = 'field' | 'api' | 'script' | 'network' | 'widget' | 'bridge';
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E' | 'not-rated';
export type Lang = 'en' | 'zh-CN';
/** Text in every language a ruleset supports; `en` is the fallback and always present. */
export type LocalizedText = { en: string } & Partial<Record<string, string>>;

/** A form control as the content script sees it. Never its value. */
export interface FieldDescriptor {
  /** Unique within its frame for the frame's lifetime, e.g. "f12". */
  key: string;
  tag: 'input' | 'select' | 'textarea';
  /** Lower-cased `type` attribute of an input ('' for select/textarea). */
  type: string;
  id: string;
  name: string;
  /** Lower-cased autocomplete attribute, as written. */
  autocomplete: string;
  placeholder: string;
  /** aria-label plus the text of aria-labelledby targets. */
  ariaLabel: string;
  /** Text of the associated <label> elements (or a wrapping label). */
  labelText: string;
  /** Short text just before the control in its container (a "label" that is not a <label>). */
  nearbyText: string;
  /** For selects: the first few option texts, joined with " | ". */
  optionsText: string;
  /** inputmode, maxlength and pattern help tell a phone from a code. */
  inputMode: string;
  maxLength: number | null;
  /** File inputs: `accept` and `capture` attributes. */
  accept: string;
  capture: string;
  /** `required`/`aria-required`, or a required marker ("*", 必填) in the label. */
  required: boolean;
  /** Whether the control is rendered (not display:none / hidden). Hidden ones are not findings. */
  visible: boolean;
  /** A CSS selector that matches this element uniquely in its frame's document. */
  selector: string;
  /** Absolute URL the owning form submits to ('' when the control has no form): who receives it. */
  formAction?: string;
  /**
   * The control belongs to a small search form (a "search" endpoint or landmark with a few controls):
   * the words around it name what is searched for, not what is asked.
   */
  searchForm?: boolean;
}

/** A browser API call the page made, as seen by the page-world hook. A claim, checked in background. */
export type ApiObservation =
  | { api: 'geolocation.getCurrentPosition' | 'geolocation.watchPosition'; highAccuracy: boolean }
  /**
   * `globals`: names of the globals the page's own scripts had defined when it asked (a face SDK's
   * `FaceTecSDK`, `faceapi` …), at most 60; names only, never values. Missing from older reports.
   */
  | { api: 'mediaDevices.getUserMedia'; video: boolean; audio: boolean; facingUser: boolean; globals?: string[] }
  | { api: 'contacts.select'; properties: string[]; multiple: boolean }
  | { api: 'permissions.query'; name: string }
  /**
   * The page sent a value typed into a sensitive field (or the position it just got) to another host
   * before the user submitted. Only the kind of data, the receiving host (no path, no query), how it
   * was sent and how it was encoded: the value itself never leaves the page world.
   */
  | { api: 'network.send'; category: string; receiver: string; via: NetworkVia; encoding: NetworkEncoding }
  /**
   * A request through a super-app's JS bridge or login (see src/page-world/bridge.ts): `name` is the
   * platform's own API name ("getLocation", "openAddress", "oauth"), `declared` when the page only
   * declares it (wx.config jsApiList, a bridge call in script text, a link) rather than calling it,
   * `options` the parameters that matter as "key=value" tokens ("type=gcj02", "scope=snsapi_userinfo").
   */
  | BridgeObservation;
export type ApiName = ApiObservation['api'];
export const BRIDGE_PLATFORMS = ['wechat', 'alipay', 'douyin', 'app'] as const;
/** "app" is a mini-program control with no platform of its own (a 手机号快捷登录 button). */
export type BridgePlatform = (typeof BRIDGE_PLATFORMS)[number];
export interface BridgeObservation {
  api: 'bridge.request';
  platform: BridgePlatform;
  name: string;
  declared: boolean;
  options: string[];
}
export type NetworkVia = 'fetch' | 'xhr' | 'beacon' | 'image' | 'script' | 'websocket';
export type NetworkEncoding = 'raw' | 'urlencoded' | 'base64' | 'md5' | 'sha1' | 'sha256';

/** What a site got when it asked for the device's position (kept per tab, never in history). */
export interface LocationGiven {
  mode: 'precise' | 'approximate' | 'block';
  /** Approximate only: the snapped position the page received, rounded to 3 decimals. */
  latitude?: number;
  longitude?: number;
  /** Approximate only: the grid size in metres (also the accuracy the page was told). */
  accuracy?: number;
}

/** The map libraries the content script recognises by their DOM; "map" is an ARIA-labelled map of any make. */
export const MAP_LIBRARIES = ['AMap', 'Baidu', 'Tencent', 'Google', 'Leaflet', 'Mapbox', 'MapLibre', 'OpenLayers', 'map'] as const;
export type MapLibrary = (typeof MAP_LIBRARIES)[number];

/**
 * A widget the page shows that can ask for personal data without a form control: today a map (where
 * a delivery page may ask you to drag a pin to your door). A claim of the page's own document.
 */
export interface PageWidget {
  /** `video`: a <video> element (a camera preview, or any player): its text tells what it films. */
  kind: 'map' | 'video';
  /** The map library, or "video" for a video element. */
  library: MapLibrary | 'video';
  /** A CSS selector of the widget's element, unique in its frame's document. */
  selector: string;
  /** At most 200 characters: the widget's aria-label and the visible text in and around it (never a field's value). */
  text: string;
  /**
   * Video only: the words of the ids and classes of the element and its boxes ("face-recognition",
   * "ovalContainer"), at most 200 characters: a face SDK's oval guide says what it is for.
   */
  hints?: string;
}

/** What the content script learns about the page itself, for page-kind and service-kind signals. */
export interface PageSignals {
  url: string;
  title: string;
  lang: string;
  /** Headings, button texts and other prominent text, bounded in length. */
  text: string;
  /** Hosts of external scripts on the page (no paths, no query strings). */
  scriptHosts: string[];
  /**
   * File paths of the page's scripts ("/core-sdk/FaceTecSDK.js/FaceTecSDK.js"; no host, no query), at
   * most 50: a self-hosted face SDK is known by its file name (missing in reports of older versions).
   */
  scripts?: string[];
  /** Maps and similar widgets on the page, at most 5 (missing in reports of older versions). */
  widgets?: PageWidget[];
}

/** One frame's report to the background. `fields` are additions since the last report. */
export interface FrameReport {
  /** Random id of this document instance: a new one in the top frame means the tab navigated. */
  docId: string;
  page: PageSignals;
  fields: FieldDescriptor[];
  /** Keys of fields removed from the DOM since the last report. */
  removed: string[];
  apis: ApiObservation[];
}

export interface FindingElement {
  tag: string;
  type: string;
  id: string;
  name: string;
  autocomplete: string;
  selector: string;
}

/** One thing a page asks for, scored. The shape of the audit JSON's `findings[]`. */
export interface Finding {
  category: CategoryId;
  source: FindingSource;
  required: boolean | null;
  necessity: Necessity;
  ruleId: string;
  /**
   * Human-readable evidence: the field's label, the API call with its options, the script's service
   * and hosts, or the widget with the words that make it a request ("map (AMap) \"拖动地图\"").
   */
  evidence: string;
  api: ApiName | null;
  frameUrl: string;
  /** The asking element: a field, or a widget (tag "div", its selector); null for API calls and scripts. */
  element: FindingElement | null;
  /** Sensitivity tier of the category (1 coarse … 4 PIPL Art. 28 sensitive). */
  tier: number;
  /** Points this finding took off the page score. */
  penalty: number;
  /** Why the necessity was judged so (e.g. the condition that was or was not met). */
  necessityNote?: LocalizedText;
  /** Who receives it: where its form submits, the site whose page or frame asks, a request that carried it. */
  recipients?: Recipient[];
  /** Bridge findings: the platform asked and whether the page only declared the request. */
  bridge?: { platform: BridgePlatform; name: string; declared: boolean };
  /**
   * Network findings: the receiving site (host:port for IPs), how the request left and how the data was
   * encoded in it ("sha256": hashed). Never the value.
   */
  sent?: { receiver: string; via: NetworkVia; encoding: NetworkEncoding };
}

/** Who receives what a page asks for, relative to the site of the page the user is on. */
export interface Recipient {
  relation: 'this-site' | 'other-site' | 'third-party';
  /** The receiving site: registrable domain (eTLD+1); for IP addresses and single-label hosts, host:port. */
  site: string;
  /**
   * How we know: the form's action, the page or frame that asks (its own scripts read it), a request
   * seen leaving the page, or the party's script on the page (a face-verification or map service).
   */
  via: 'form' | 'page' | 'network' | 'script';
  /** A known third party from the ruleset, when the receiving host is one. */
  thirdParty?: { id: string; name: LocalizedText; kind: string };
}

/** A known third party whose scripts are on the page (session recorder, face SDK, map SDK, analytics, ads). */
export interface ThirdPartyPresence {
  id: string;
  name: LocalizedText;
  /** The ruleset's kind: 'session-recorder', 'face-sdk', 'map-sdk', 'analytics', 'ads' or 'other'. */
  kind: string;
  /** The script hosts seen on the page that belong to it. */
  hosts: string[];
  why?: LocalizedText;
}

export interface PageReport {
  url: string;
  grade: Grade;
  /** 0–100, higher is better; null when not rated. */
  score: number | null;
  pageKind: string;
  serviceKind: string;
  findings: Finding[];
  /** Known third parties with scripts on the page (any frame), e.g. a session recorder on a checkout. */
  thirdParties?: ThirdPartyPresence[];
  /** Ruleset id@version that produced this report. */
  ruleset: string;
  updatedAt: number;
  /** What the tab's pages got when they asked for the device's position, if they asked. */
  locationGiven?: LocationGiven;
  /**
   * The page's site as settings key it (registrable domain; host for IPs and localhost), computed by
   * the background so the popup needs no public-suffix list; null for pages without one (file:, about:).
   */
  site?: string | null;
}

/** A per-site history entry: categories and evidence only, never values. */
export interface HistoryEntry {
  site: string;
  url: string;
  grade: Grade;
  serviceKind: string;
  categories: CategoryId[];
  evidence: string[];
  seenAt: number;
}

/** Everything currently known about one frame of a tab (the background keeps this per frame). */
export interface FrameObservations {
  frameUrl: string;
  page: PageSignals;
  /** The fields currently in the frame's document. */
  fields: FieldDescriptor[];
  /** API calls seen in this document (deduplicated). */
  apis: ApiObservation[];
}

/** The input of scoring: a tab's frames, the top frame first. */
export interface PageObservations {
  url: string;
  frames: FrameObservations[];
}
