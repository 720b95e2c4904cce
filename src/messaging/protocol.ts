/**
 * The one message contract between the extension's contexts, grouped by direction.
 * Payloads are plain serialisable objects; the background validates every one (guards.ts) because a
 * content script runs inside a page that may be hostile.
 */
import type { FrameReport, HistoryEntry, Lang, Necessity, PageReport } from '../model';

/** What the background tells a content script about each field it reported (by field key). */
export interface FieldVerdict {
  category: string;
  necessity: Necessity;
}

/** content script → background */
export interface ContentToBackground {
  /** A frame's observations since its last report. Replies with a verdict per classified field. */
  reportFrame(data: FrameReport): Record<string, FieldVerdict>;
}

/** extension pages (popup, options) → background */
export interface UiToBackground {
  /** The scored report of a tab, or null when the tab has nothing we watched. */
  getTabReport(data: { tabId: number }): PageReport | null;
  /** The local history, newest first. */
  getHistory(data: { site?: string }): HistoryEntry[];
  /** Ruleset texts (category names, explanations, legal references) for rendering a report. */
  getRulesetTexts(data: { lang: Lang }): RulesetTexts;
}

export interface RulesetTexts {
  id: string;
  version: string;
  categories: Record<string, { name: string; why: string; whatToDo: string; tier: number; legal: { title: string; url: string }[] }>;
  serviceKinds: Record<string, string>;
  pageKinds: Record<string, string>;
}

export type ProtocolMap = ContentToBackground & UiToBackground;
