/**
 * The ruleset format (formatVersion 1), as a zod schema: the one source of truth for the TypeScript
 * types, for validation of bundled and imported rulesets, and for the published JSON Schema.
 *
 * A ruleset is data, never code: patterns are regular-expression *strings* that validate.ts checks
 * for size and catastrophic backtracking before anything compiles them.
 */
import { z } from 'zod';
import { BRIDGE_PLATFORMS } from '../../shared/model';

export const FORMAT_VERSION = 1;

/**
 * Every object is strict: an unknown key is an error at its own path, because an author's typo
 * ("nmae") must not be silently ignored. "$comment" is the one free-text note allowed in any object.
 */
const comment = z.string().max(2000).optional();
function strict<T extends z.ZodRawShape>(shape: T) {
  return z.strictObject({ ...shape, $comment: comment });
}
/**
 * On any list item with an id: the format this item needs. An older client skips the item (and what
 * refers to it) with a warning instead of rejecting the whole ruleset, so rulesets can adopt new
 * features without locking out older versions of Need to Know.
 */
const minFormatVersion = z.number().int().min(1).optional();

const id = z.string().regex(/^[a-z0-9][a-z0-9_.:-]{0,63}$/, 'must be a lower-case id (a-z, 0-9, _ . : -), at most 64 characters');
const text = z.string().min(1).max(2000);
/** Text per language tag; `en` is required as the fallback. */
export const localizedText = z.object({ en: text }).catchall(text);
/** A regular expression source, matched case-insensitively (flags "iu"); at most 2,000 characters. */
const pattern = z.string().min(1).max(2000);

const legalRef = strict({
  id,
  minFormatVersion,
  title: localizedText,
  url: z.url({ protocol: /^https?$/ }),
});

const category = strict({
  id,
  minFormatVersion,
  tier: z.number().int().min(1).max(4),
  name: localizedText,
  why: localizedText,
  whatToDo: localizedText,
  legal: z.array(id).max(20).default([]),
  /** A category this one is part of; a finding of `impliedBy` hides this one (face implies camera). */
  impliedBy: z.array(id).max(10).optional(),
});

/** Text signals that classify a page (its kind, its service, a condition such as age-restricted goods). */
const pageSignal = strict({
  id,
  minFormatVersion,
  name: localizedText,
  /** Matched against the page URL. */
  url: z.array(pattern).max(50).default([]),
  /** Matched against the page's title, headings, buttons and lang-tagged prominent text. */
  text: z.array(pattern).max(50).default([]),
  /** Hosts of external scripts (suffix match) that signal this kind. */
  scriptHosts: z.array(z.string().max(253)).max(200).default([]),
  /**
   * Matched against the code the page runs: its scripts' file paths ("/sdk/FaceTecSDK.js") and the
   * names of the globals its scripts defined, as reported with a camera request ("faceapi").
   */
  scripts: z.array(pattern).max(50).default([]),
});

const fieldSource = z.enum(['autocomplete', 'type', 'name', 'id', 'label', 'aria', 'placeholder', 'nearby', 'options']);

/** A detector for form controls. A control matches when any signal matches and no `exclude` does. */
const fieldRule = strict({
  id,
  minFormatVersion,
  category: id,
  /** autocomplete tokens (any of the space-separated tokens of the attribute). */
  autocomplete: z.array(z.string().max(64)).max(50).default([]),
  /** input types, e.g. "tel", "email". */
  types: z.array(z.string().max(32)).max(20).default([]),
  /** A regex matched against the text sources listed in `in`. */
  text: pattern.optional(),
  in: z.array(fieldSource).max(9).default(['name', 'id', 'label', 'aria', 'placeholder']),
  /** File inputs only: match `accept` and `capture`. */
  file: strict({ accept: pattern.optional(), capture: z.array(z.enum(['user', 'environment', ''])).optional() }).optional(),
  /** A regex that, matched against any text source, vetoes this rule (e.g. "verification code"). */
  exclude: pattern.optional(),
  /** How strong this signal is; the strongest matching rule wins per control. */
  weight: z.number().min(0).max(10).default(1),
});

const apiRule = strict({
  id,
  minFormatVersion,
  category: id,
  api: z.enum([
    'geolocation.getCurrentPosition',
    'geolocation.watchPosition',
    'mediaDevices.getUserMedia',
    'contacts.select',
    'permissions.query',
    /** A typed value (of this rule's category) sent to another site before submit; see src/page-world/network.ts. */
    'network.send',
  ]),
  /** Conditions on the call's options; all must hold. */
  when: strict({
    highAccuracy: z.boolean().optional(),
    video: z.boolean().optional(),
    facingUser: z.boolean().optional(),
    /** permissions.query name, e.g. "geolocation". */
    permission: z.string().max(64).optional(),
    /** A page-signal id (see `conditions`) that must be present on the page. */
    pageSignal: id.optional(),
  }).default({}),
  weight: z.number().min(0).max(10).default(1),
});

export const necessityLevel = z.enum(['necessary', 'conditional', 'unnecessary']);
const necessityCell = z.union([
  necessityLevel,
  strict({
    level: z.literal('conditional'),
    /** A condition id: met when its page signal matches; otherwise the data counts as unnecessary. */
    condition: id,
    note: localizedText,
  }),
]);

/**
 * A site pattern: "example.com" matches that host and every subdomain of it; "*.example.cn" only its
 * subdomains. Lower-case ASCII (punycode for international names), no scheme, port or path.
 */
export const SITE_PATTERN = /^(\*\.)?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;
const sitePattern = z
  .string()
  .max(253)
  .regex(SITE_PATTERN, 'must be a lower-case host name such as "example.com" or "*.example.cn" (no scheme, port or path)');

/**
 * Judges particular sites differently from the general rules: e.g. an alcohol shop may ask for a date
 * of birth (conditional), or a user silences a rule that misfires on one site.
 */
const override = strict({
  id,
  minFormatVersion,
  sites: z.array(sitePattern).min(1).max(500),
  /** Why these sites are judged differently; shown next to every finding the override changes. */
  reason: localizedText.optional(),
  /** Treat these sites as this kind of service (a service kind id, or "other"). */
  serviceKind: id.optional(),
  /** category id → necessity on these sites, whatever kind of service they are. */
  necessity: z.record(id, necessityCell).optional(),
  /** Rule ids or category ids whose findings are dropped on these sites. */
  silence: z.array(id).max(500).default([]),
});

/** What a known third party does with what it sees; the popup explains each kind. */
export const THIRD_PARTY_KINDS = ['session-recorder', 'face-sdk', 'map-sdk', 'analytics', 'ads', 'other'] as const;
/** A host name suffix: lower-case ASCII labels (punycode), no scheme, port, path or wildcard. */
const hostSuffix = z
  .string()
  .max(253)
  .regex(
    /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$/,
    'must be a lower-case host name such as "static.hotjar.com" (no scheme, port, path or "*")',
  );

/**
 * A known third party (session recorder, face-verification SDK, map SDK, analytics or ad pixel):
 * its script or form hosts say who else receives what a page asks for.
 */
const thirdParty = strict({
  id,
  minFormatVersion,
  name: localizedText,
  kind: z.enum(THIRD_PARTY_KINDS),
  /** Host suffixes: "hotjar.com" matches "static.hotjar.com" and "hotjar.com" itself. */
  hosts: z.array(hostSuffix).min(1).max(50),
  /** What this party sees or does, when the kind's general explanation is not enough. */
  why: localizedText.optional(),
});

/** Widgets a signal rule can watch: "map" is a map on the page (AMap, Baidu, Tencent, Google, Leaflet, …, or an ARIA map). */
export const WIDGET_KINDS = ['map'] as const;

/**
 * A request a page makes by what it loads or shows rather than by a form field or an API call: a
 * known face-verification service's script, or a map that asks you to place a pin. A rule watches
 * scripts (`thirdPartyKinds`, `scriptHosts`) or a widget, not both.
 */
const signalRule = strict({
  id,
  minFormatVersion,
  category: id,
  /** Scripts of a known third party (see `thirdParties`) of one of these kinds, e.g. ["face-sdk"]. */
  thirdPartyKinds: z.array(z.enum(THIRD_PARTY_KINDS)).max(THIRD_PARTY_KINDS.length).default([]),
  /** Scripts from these host suffixes ("cdn.faceid.example" matches it and its subdomains). */
  scriptHosts: z.array(hostSuffix).max(200).default([]),
  /**
   * Scripts whose file path matches this pattern, on any host, the page's own included (a
   * self-hosted copy of a face SDK: "FaceTecSDK\\.js|iProovMe").
   */
  scriptPaths: pattern.optional(),
  /** A widget the page shows. */
  widget: z.enum(WIDGET_KINDS).optional(),
  /**
   * A pattern that must match too: for a widget, its label and the text in and beside it (what makes a
   * map a picker: "drag the pin"); for scripts, the page's title and prominent text.
   */
  text: pattern.optional(),
  /** The strongest matching rule wins per category and script service or map. */
  weight: z.number().min(0).max(10).default(1),
});

/** An API name as a super-app spells it ("getLocation", "openAddress", "getCurrentLocation"); "oauth" for a login scope. */
const bridgeApiName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, 'must be an API name such as "getLocation" (letters, digits, _)');
/** An option that matters, as the page world reports it: "key=value", arrays sorted and comma-joined. */
const bridgeOption = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9_]{0,23}=[A-Za-z0-9_.,]{1,40}$/, 'must be "key=value", e.g. "type=gcj02" or "sourceType=camera"');

/**
 * A request through a super-app's JS bridge (WeChat JS-SDK, Alipay, Douyin) or an app login's OAuth
 * scope. Matches a bridge observation of this platform whose name is in `apis`, that carries every
 * token in `options` and none in `unlessOptions`. A declared request (jsApiList, script text, a link)
 * counts less than a call; see FORMAT.md.
 */
const bridgeRule = strict({
  id,
  minFormatVersion,
  category: id,
  platform: z.enum(BRIDGE_PLATFORMS),
  apis: z.array(bridgeApiName).min(1).max(20),
  options: z.array(bridgeOption).max(6).default([]),
  unlessOptions: z.array(bridgeOption).max(6).default([]),
  weight: z.number().min(0).max(10).default(1),
});

/** A browser API call an inline test pretends the page made, as the page-world hooks would report it. */
const testApiCall = z.discriminatedUnion('api', [
  z.strictObject({ api: z.literal('geolocation.getCurrentPosition'), highAccuracy: z.boolean().default(false) }),
  z.strictObject({ api: z.literal('geolocation.watchPosition'), highAccuracy: z.boolean().default(false) }),
  z.strictObject({
    api: z.literal('mediaDevices.getUserMedia'),
    video: z.boolean().default(false),
    audio: z.boolean().default(false),
    facingUser: z.boolean().default(false),
    globals: z.array(z.string().max(40)).max(60).optional(),
  }),
  z.strictObject({
    api: z.literal('contacts.select'),
    properties: z.array(z.string().max(32)).max(10).default([]),
    multiple: z.boolean().default(false),
  }),
  z.strictObject({ api: z.literal('permissions.query'), name: z.string().max(64) }),
  z.strictObject({
    api: z.literal('network.send'),
    category: id,
    receiver: z.string().max(253),
    via: z.enum(['fetch', 'xhr', 'beacon', 'image', 'script', 'websocket']),
    encoding: z.enum(['raw', 'urlencoded', 'base64', 'md5', 'sha1', 'sha256']).default('raw'),
  }),
  z.strictObject({
    api: z.literal('bridge.request'),
    platform: z.enum(BRIDGE_PLATFORMS),
    name: bridgeApiName,
    declared: z.boolean().default(false),
    options: z.array(bridgeOption).max(6).default([]),
  }),
]);

const inlineTest = strict({
  name: z.string().max(200),
  html: z.string().max(20_000),
  /** API calls the page makes, so API rules can be tested like field rules. */
  apis: z.array(testApiCall).max(20).default([]),
  /** The page URL the snippet is scored at (default https://shop.example/checkout): picks overrides. */
  url: z.string().max(2000).optional(),
  expect: z
    .array(strict({ category: id, ruleId: id.optional(), necessity: necessityLevel.optional() }))
    .max(50)
    .default([]),
  expectNot: z.array(id).max(50).default([]),
  /** The service kind the page must be judged as (e.g. one an override sets). */
  serviceKind: id.optional(),
  minFormatVersion,
});

export const rulesetSchema = strict({
  $schema: z.string().max(2000).optional(),
  formatVersion: z.number().int().min(1),
  id,
  title: localizedText,
  version: z.string().regex(/^\d+(\.\d+){0,3}$/, 'must be dotted numbers, e.g. 2026.11.26'),
  /** When this version was made: an ISO 8601 date or date-time. */
  lastModified: z.iso
    .date()
    .or(z.iso.datetime({ offset: true }))
    .optional(),
  description: localizedText.optional(),
  homepage: z.url({ protocol: /^https?$/ }).optional(),
  /** An SPDX license id or expression, e.g. "CC-BY-SA-4.0". */
  license: z.string().max(100).optional(),
  /** Where users report a wrong finding (issues page, email form). */
  supportUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** How long a subscribed copy stays fresh, e.g. "4 days", "12 hours" (1 hour to 30 days). */
  expires: z
    .string()
    .regex(/^\d{1,3} (hours?|days?)$/, 'must be like "4 days" or "12 hours"')
    .optional(),
  languages: z
    .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language tag such as "en" or "zh-CN"'))
    .min(1)
    .max(20),
  legal: z.array(legalRef).max(200).default([]),
  categories: z.array(category).max(100),
  pageKinds: z.array(pageSignal).max(50).default([]),
  serviceKinds: z.array(pageSignal).max(50).default([]),
  /** Page facts that make a conditional need real, e.g. "age_restricted" goods. */
  conditions: z.array(pageSignal).max(50).default([]),
  /** serviceKind id → category id → necessity. The "other" column judges unknown services. */
  necessity: z.record(id, z.record(id, necessityCell)),
  fieldRules: z.array(fieldRule).max(2000).default([]),
  apiRules: z.array(apiRule).max(500).default([]),
  /** Scripts and widgets that ask for data (a face-verification SDK, a map-pin picker). */
  signalRules: z.array(signalRule).max(500).default([]),
  /** Requests through super-app bridges and app logins (wx.getLocation, OAuth scope=snsapi_userinfo). */
  bridgeRules: z.array(bridgeRule).max(500).default([]),
  scoring: strict({
    tierWeights: z.tuple([z.number(), z.number(), z.number(), z.number()]),
    necessityFactors: strict({ necessary: z.number(), conditional: z.number(), unnecessary: z.number() }),
    /** Factor for an optional field (required fields and API calls count fully). */
    optionalFactor: z.number().min(0).max(1),
    /** Lowest score for each grade, A to D; below D is E. */
    gradeFloors: strict({ A: z.number(), B: z.number(), C: z.number(), D: z.number() }),
    /** Worst grade allowed when an unnecessary, required finding of this tier is present. */
    tierCaps: z.partialRecord(z.enum(['1', '2', '3', '4']), z.enum(['A', 'B', 'C', 'D', 'E'])).default({}),
  }).optional(),
  overrides: z.array(override).max(1000).default([]),
  thirdParties: z.array(thirdParty).max(500).default([]),
  tests: z.array(inlineTest).max(500).default([]),
});

export type Ruleset = z.infer<typeof rulesetSchema>;
export type RulesetInput = z.input<typeof rulesetSchema>;
export type FieldRule = Ruleset['fieldRules'][number];
export type ApiRule = Ruleset['apiRules'][number];
export type SignalRule = Ruleset['signalRules'][number];
export type BridgeRule = Ruleset['bridgeRules'][number];
export type CategoryDef = Ruleset['categories'][number];
export type PageSignalDef = Ruleset['pageKinds'][number];
export type NecessityCell = Ruleset['necessity'][string][string];
export type InlineTest = Ruleset['tests'][number];
export type SiteOverride = Ruleset['overrides'][number];
export type ThirdPartyDef = Ruleset['thirdParties'][number];
