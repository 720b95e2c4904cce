/**
 * The background's front door: who may send which message, and what a payload may contain.
 *
 * A content script runs inside a page that may be hostile, so its reports are claims: we bind them to
 * the tab and frame the *browser* names in `sender` (never to anything in the payload), validate every
 * payload with zod, cap its size and drop unknown keys. UI messages are accepted only from our own
 * extension pages, recognised by URL (the e2e opens popup.html in a tab, so `sender.tab` says nothing).
 */
import { z } from 'zod';
import { browser, type Browser } from 'wxt/browser';
import {
  MAP_LIBRARIES,
  type ApiObservation,
  type FieldDescriptor,
  type FrameReport,
  type Lang,
  type LocationGiven,
  type PageSignals,
  type PageWidget,
} from '../shared/model';
import { parseApiObservation } from '../page-world/channel';
import { siteOfHost, siteOfUrl } from '../shared/site';
import { CORRECTION_KINDS } from '../engine/rules/corrections';

export type Sender = Browser.runtime.MessageSender;

/** Size limits: a page can make its own report worse, but never make the worker slow or the DB huge. */
export const LIMITS = {
  fieldsPerReport: 3_000,
  fieldsPerFrame: 10_000,
  removedPerReport: 10_000,
  apisPerFrame: 50,
  scriptHosts: 50,
  /** Maps and videos per frame report (the content script sends at most 5 maps and 3 videos). */
  widgets: 8,
  /** Script file paths per frame report. */
  scripts: 50,
} as const;

/** Where a content-script message came from, as stated by the browser. */
export interface ContentSender {
  tabId: number;
  frameId: number;
  frameUrl: string;
  /** The tab's top-level URL when the browser tells us (needs the "tabs" permission). */
  tabUrl: string | null;
}

/** A string cut to `max` characters instead of being rejected: long labels are odd, not hostile. */
const clipped = (max: number) => z.string().transform((s) => (s.length > max ? s.slice(0, max) : s));

/** Keeps the first `max` items before validating, so a giant array costs no more than a full one. */
const capped = <T extends z.ZodType>(item: T, max: number) =>
  z.preprocess((v) => (Array.isArray(v) && v.length > max ? v.slice(0, max) : v), z.array(item));

const fieldDescriptorSchema = z.object({
  key: z.string().min(1).max(64),
  tag: z.enum(['input', 'select', 'textarea']),
  type: clipped(32),
  id: clipped(200),
  name: clipped(200),
  autocomplete: clipped(200),
  placeholder: clipped(300),
  ariaLabel: clipped(300),
  labelText: clipped(300),
  nearbyText: clipped(300),
  optionsText: clipped(500),
  inputMode: clipped(32),
  maxLength: z.number().finite().nullable(),
  accept: clipped(200),
  capture: clipped(32),
  required: z.boolean(),
  visible: z.boolean(),
  selector: clipped(1000),
  formAction: clipped(2048).optional(),
  searchForm: z.boolean().optional(),
}) satisfies z.ZodType<FieldDescriptor>; // one shape: the model's type, checked against its validator

/** A map the page shows: a known library (or an ARIA map), where it is, and the text around it. */
const widgetSchema = z.union([
  z.object({
    kind: z.literal('map'),
    library: z.enum(MAP_LIBRARIES),
    selector: clipped(1000),
    text: clipped(200),
  }),
  z.object({
    kind: z.literal('video'),
    library: z.literal('video'),
    selector: clipped(1000),
    text: clipped(200),
    hints: clipped(200).optional(),
  }),
]) satisfies z.ZodType<PageWidget>;

const pageSignalsSchema = z.object({
  url: clipped(2048),
  title: clipped(300),
  lang: clipped(35),
  text: clipped(4000),
  scriptHosts: capped(clipped(253), LIMITS.scriptHosts),
  scripts: capped(clipped(120), LIMITS.scripts).optional(),
  widgets: capped(widgetSchema, LIMITS.widgets).optional(),
}) satisfies z.ZodType<PageSignals>;

const frameReportSchema = z.object({
  docId: z.string().min(1).max(100),
  page: pageSignalsSchema,
  fields: capped(fieldDescriptorSchema, LIMITS.fieldsPerReport),
  removed: capped(z.string().max(64), LIMITS.removedPerReport),
  apis: capped(z.unknown(), LIMITS.apisPerFrame),
});

/** The extension's own id; a function so tests can swap the fake browser's id. */
const ownId = () => browser.runtime.id;

function isWebUrl(url: string | undefined): url is string {
  if (!url) return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' || protocol === 'file:';
  } catch {
    return false;
  }
}

/** A content script of ours in a real tab frame, or null. */
export function checkContentSender(sender: Sender | undefined): ContentSender | null {
  if (!sender || sender.id !== ownId()) return null;
  const tabId = sender.tab?.id;
  if (typeof tabId !== 'number' || !Number.isInteger(tabId) || tabId < 0) return null;
  if (typeof sender.frameId !== 'number' || !Number.isInteger(sender.frameId) || sender.frameId < 0) return null;
  if (!isWebUrl(sender.url)) return null;
  return {
    tabId,
    frameId: sender.frameId,
    frameUrl: sender.url,
    tabUrl: typeof sender.tab?.url === 'string' ? sender.tab.url : null,
  };
}

/**
 * For the geolocation broker: a content script of ours in a tab frame whose own URL may be local
 * (about:blank, about:srcdoc, blob:) — such frames get our scripts too, so a fresh iframe is no way
 * around the user's location choice. Their choice is the tab's, so the tab's web URL stands in for the
 * frame's; null when the tab has none.
 */
export function checkLocationSender(sender: Sender | undefined): ContentSender | null {
  const web = checkContentSender(sender);
  if (web) return web;
  const local = typeof sender?.url === 'string' && /^(about:(blank|srcdoc)|blob:)/.test(sender.url);
  const tabUrl = sender?.tab?.url;
  if (!local || !isWebUrl(tabUrl)) return null;
  const asWeb = checkContentSender({ ...sender, url: tabUrl });
  return asWeb && { ...asWeb, frameUrl: tabUrl };
}

/** True only for our own extension pages (popup, options), whether or not they sit in a tab. */
export function isExtensionPageSender(sender: Sender | undefined): boolean {
  if (!sender || sender.id !== ownId() || typeof sender.url !== 'string') return false;
  return sender.url.startsWith(browser.runtime.getURL('/'));
}

/**
 * A validated frame report, or null. The page URL is overwritten with the browser's frame URL: the
 * stored and scored URL must be the one the browser vouches for.
 */
export function parseFrameReport(data: unknown, frameUrl: string): FrameReport | null {
  const parsed = frameReportSchema.safeParse(data);
  if (!parsed.success) return null;
  const apis: ApiObservation[] = [];
  for (const raw of parsed.data.apis) {
    const api = parseApiObservation(raw);
    if (api?.api === 'network.send') {
      // The page world names the receiving host; we keep only its site, and only when it is another site.
      const receiver = siteOfHost(api.receiver);
      if (receiver !== siteOfUrl(frameUrl)) apis.push({ ...api, receiver });
    } else if (api) apis.push(api);
  }
  return { ...parsed.data, page: { ...parsed.data.page, url: frameUrl }, apis };
}

const tabIdSchema = z.object({ tabId: z.number().int().min(0) });
const historyQuerySchema = z.object({ site: z.string().min(1).max(253).optional() });
const langSchema = z.object({ lang: z.enum(['en', 'zh-CN']) });

export function parseTabReportRequest(data: unknown): { tabId: number } | null {
  const r = tabIdSchema.safeParse(data);
  return r.success ? r.data : null;
}

export function parseHistoryRequest(data: unknown): { site?: string } | null {
  const r = historyQuerySchema.safeParse(data ?? {});
  return r.success ? r.data : null;
}

export function parseTextsRequest(data: unknown): { lang: Lang } | null {
  const r = langSchema.safeParse(data);
  return r.success ? r.data : null;
}

const locationGivenSchema = z.union([
  z.object({ docId: z.string().min(1).max(100), mode: z.enum(['precise', 'block']) }).strict(),
  z
    .object({
      docId: z.string().min(1).max(100),
      mode: z.literal('approximate'),
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      accuracy: z.number().min(0).max(100_000),
    })
    .strict(),
]);

/**
 * What the geolocation broker says it gave a page, or null. Coordinates only for "approximate" (the
 * snapped point, cut to 3 decimals here too): a precise position is never accepted, so never stored.
 */
export function parseLocationGiven(data: unknown): (LocationGiven & { docId: string }) | null {
  const r = locationGivenSchema.safeParse(data);
  if (!r.success) return null;
  if (r.data.mode !== 'approximate') return r.data;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return { ...r.data, latitude: round(r.data.latitude), longitude: round(r.data.longitude) };
}

// --- The options page's ruleset and history messages (accepted only from our extension pages). ---

/** A ruleset text is at most 1 MiB (validate.ts rejects more, with a reason); the cap here only bounds the message. */
const RULESET_TEXT_MAX = 2 * 1024 * 1024;
const rulesetIdSchema = z.string().min(1).max(64);
const urlSchema = z.string().min(1).max(2048);
const pinSchema = z.string().max(100).optional();

const rulesetPreviewSchema = z.union([
  z.object({ text: z.string().max(RULESET_TEXT_MAX) }).strict(),
  z.object({ url: urlSchema, sha256Pin: pinSchema }).strict(),
]);
const rulesetAddSchema = z
  .object({
    text: z.string().max(RULESET_TEXT_MAX),
    source: z.enum(['local', 'subscribed']),
    url: urlSchema.optional(),
    sha256Pin: pinSchema,
  })
  .strict();
const rulesetIdRequestSchema = z.object({ id: rulesetIdSchema }).strict();
const rulesetEnableSchema = z.object({ id: rulesetIdSchema, enabled: z.boolean() }).strict();
const rulesetOrderSchema = z.object({ ids: z.array(rulesetIdSchema).max(200) }).strict();
const historyDeleteSchema = z.union([
  z.object({ all: z.literal(true) }).strict(),
  z.object({ site: z.string().min(1).max(253), url: z.string().min(1).max(2048) }).strict(),
]);

const parser =
  <T>(schema: z.ZodType<T>) =>
  (data: unknown): T | null => {
    const r = schema.safeParse(data);
    return r.success ? r.data : null;
  };

export const parseRulesetPreviewRequest = parser(rulesetPreviewSchema);
export const parseRulesetAddRequest = parser(rulesetAddSchema);
export const parseRulesetIdRequest = parser(rulesetIdRequestSchema);
export const parseRulesetEnableRequest = parser(rulesetEnableSchema);
export const parseRulesetOrderRequest = parser(rulesetOrderSchema);
export const parseHistoryDeleteRequest = parser(historyDeleteSchema);

// --- "This is wrong" (the popup) and the corrections list (the options page). ---

/** Rule and category ids, as the ruleset format allows them (validate.ts). */
const findingIdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_.:-]*$/);
const correctionKindSchema = z.enum(CORRECTION_KINDS);
const correctRequestSchema = z
  .object({ tabId: z.number().int().min(0), category: findingIdSchema, ruleId: findingIdSchema, kind: correctionKindSchema })
  .strict();
const correctionKeySchema = z
  .object({
    site: z
      .string()
      .min(1)
      .max(253)
      .regex(/^[a-z0-9.-]+$|^\[[0-9a-f:]+\]$/),
    ruleId: findingIdSchema,
    kind: correctionKindSchema,
  })
  .strict();
const emptySchema = z.object({}).strict();

export const parseCorrectRequest = parser(correctRequestSchema);
export const parseCorrectionKey = parser(correctionKeySchema);
export const parseEmptyRequest = (data: unknown): Record<string, never> | null => (data === undefined ? {} : parser(emptySchema)(data));
