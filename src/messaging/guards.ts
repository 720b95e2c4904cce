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
import type { ApiObservation, FrameReport, Lang } from '../model';
import { parseApiObservation } from '../detect/page/channel';

export type Sender = Browser.runtime.MessageSender;

/** Size limits: a page can make its own report worse, but never make the worker slow or the DB huge. */
export const LIMITS = {
  fieldsPerReport: 3_000,
  fieldsPerFrame: 10_000,
  removedPerReport: 10_000,
  apisPerFrame: 50,
  scriptHosts: 50,
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
});

const pageSignalsSchema = z.object({
  url: clipped(2048),
  title: clipped(300),
  lang: clipped(35),
  text: clipped(4000),
  scriptHosts: capped(clipped(253), LIMITS.scriptHosts),
});

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
    if (api) apis.push(api);
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
