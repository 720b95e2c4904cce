/**
 * The ruleset format (formatVersion 1), as a zod schema: the one source of truth for the TypeScript
 * types, for validation of bundled and imported rulesets, and for the published JSON Schema.
 *
 * A ruleset is data, never code: patterns are regular-expression *strings* that validate.ts checks
 * for size and catastrophic backtracking before anything compiles them.
 */
import { z } from 'zod';

export const FORMAT_VERSION = 1;

const id = z.string().regex(/^[a-z0-9][a-z0-9_.:-]{0,63}$/, 'must be a lower-case id (a-z, 0-9, _ . : -), at most 64 characters');
const text = z.string().min(1).max(2000);
/** Text per language tag; `en` is required as the fallback. */
export const localizedText = z.object({ en: text }).catchall(text);
/** A regular expression source, matched case-insensitively (flags "iu"). */
const pattern = z.string().min(1).max(1000);

const legalRef = z.object({
  id,
  title: localizedText,
  url: z.url({ protocol: /^https?$/ }),
});

const category = z.object({
  id,
  tier: z.number().int().min(1).max(4),
  name: localizedText,
  why: localizedText,
  whatToDo: localizedText,
  legal: z.array(id).max(20).default([]),
  /** A category this one is part of; a finding of `impliedBy` hides this one (face implies camera). */
  impliedBy: z.array(id).max(10).optional(),
});

/** Text signals that classify a page (its kind, its service, a condition such as age-restricted goods). */
const pageSignal = z.object({
  id,
  name: localizedText,
  /** Matched against the page URL. */
  url: z.array(pattern).max(50).default([]),
  /** Matched against the page's title, headings, buttons and lang-tagged prominent text. */
  text: z.array(pattern).max(50).default([]),
  /** Hosts of external scripts (suffix match) that signal this kind. */
  scriptHosts: z.array(z.string().max(253)).max(200).default([]),
});

const fieldSource = z.enum(['autocomplete', 'type', 'name', 'id', 'label', 'aria', 'placeholder', 'nearby', 'options']);

/** A detector for form controls. A control matches when any signal matches and no `exclude` does. */
const fieldRule = z.object({
  id,
  category: id,
  /** autocomplete tokens (any of the space-separated tokens of the attribute). */
  autocomplete: z.array(z.string().max(64)).max(50).default([]),
  /** input types, e.g. "tel", "email". */
  types: z.array(z.string().max(32)).max(20).default([]),
  /** A regex matched against the text sources listed in `in`. */
  text: pattern.optional(),
  in: z.array(fieldSource).max(9).default(['name', 'id', 'label', 'aria', 'placeholder']),
  /** File inputs only: match `accept` and `capture`. */
  file: z.object({ accept: pattern.optional(), capture: z.array(z.enum(['user', 'environment', ''])).optional() }).optional(),
  /** A regex that, matched against any text source, vetoes this rule (e.g. "verification code"). */
  exclude: pattern.optional(),
  /** How strong this signal is; the strongest matching rule wins per control. */
  weight: z.number().min(0).max(10).default(1),
});

const apiRule = z.object({
  id,
  category: id,
  api: z.enum([
    'geolocation.getCurrentPosition',
    'geolocation.watchPosition',
    'mediaDevices.getUserMedia',
    'contacts.select',
    'permissions.query',
  ]),
  /** Conditions on the call's options; all must hold. */
  when: z
    .object({
      highAccuracy: z.boolean().optional(),
      video: z.boolean().optional(),
      facingUser: z.boolean().optional(),
      /** permissions.query name, e.g. "geolocation". */
      permission: z.string().max(64).optional(),
      /** A page-signal id (see `conditions`) that must be present on the page. */
      pageSignal: id.optional(),
    })
    .default({}),
  weight: z.number().min(0).max(10).default(1),
});

export const necessityLevel = z.enum(['necessary', 'conditional', 'unnecessary']);
const necessityCell = z.union([
  necessityLevel,
  z.object({
    level: z.literal('conditional'),
    /** A condition id: met when its page signal matches; otherwise the data counts as unnecessary. */
    condition: id,
    note: localizedText,
  }),
]);

const inlineTest = z.object({
  name: z.string().max(200),
  html: z.string().max(20_000),
  url: z.string().max(2000).optional(),
  expect: z.array(z.object({ category: id, ruleId: id.optional() })).max(50).default([]),
  expectNot: z.array(id).max(50).default([]),
});

export const rulesetSchema = z.object({
  $schema: z.string().optional(),
  formatVersion: z.number().int().min(1),
  id,
  title: localizedText,
  version: z.string().regex(/^\d+(\.\d+){0,3}$/, 'must be dotted numbers, e.g. 2026.11.26'),
  homepage: z.url().optional(),
  license: z.string().max(100).optional(),
  supportUrl: z.url().optional(),
  /** How long a subscribed copy stays fresh, e.g. "4 days", "12 hours". */
  expires: z.string().regex(/^\d{1,3} (hours?|days?)$/).optional(),
  languages: z.array(z.string().max(16)).min(1).max(20),
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
  scoring: z
    .object({
      tierWeights: z.tuple([z.number(), z.number(), z.number(), z.number()]),
      necessityFactors: z.object({ necessary: z.number(), conditional: z.number(), unnecessary: z.number() }),
      /** Factor for an optional field (required fields and API calls count fully). */
      optionalFactor: z.number().min(0).max(1),
      /** Lowest score for each grade, A to D; below D is E. */
      gradeFloors: z.object({ A: z.number(), B: z.number(), C: z.number(), D: z.number() }),
      /** Worst grade allowed when an unnecessary, required finding of this tier is present. */
      tierCaps: z.partialRecord(z.enum(['1', '2', '3', '4']), z.enum(['A', 'B', 'C', 'D', 'E'])).default({}),
    })
    .optional(),
  tests: z.array(inlineTest).max(500).default([]),
});

export type Ruleset = z.infer<typeof rulesetSchema>;
export type RulesetInput = z.input<typeof rulesetSchema>;
export type FieldRule = Ruleset['fieldRules'][number];
export type ApiRule = Ruleset['apiRules'][number];
export type CategoryDef = Ruleset['categories'][number];
export type PageSignalDef = Ruleset['pageKinds'][number];
export type NecessityCell = Ruleset['necessity'][string][string];
export type InlineTest = Ruleset['tests'][number];
