/**
 * Merging frame reports into a tab's state (pure: no DB, no browser, no scoring), and reading the
 * merged state back out for the scorer and for the content script's verdicts.
 */
import type { ApiObservation, FieldDescriptor, FrameObservations, FrameReport } from '../shared/model';
import type { FieldVerdict } from '../messaging/protocol';
import { LIMITS, type ContentSender } from '../messaging/guards';
import type { FrameState, TabState } from '../store/db';

/** A stable identity for an API observation, independent of key order. */
function apiKey(api: ApiObservation): string {
  return JSON.stringify(Object.entries(api).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function emptyFrame(report: FrameReport, frameUrl: string): FrameState {
  return { docId: report.docId, frameUrl, page: report.page, fields: [], apis: [] };
}

/**
 * The tab state after one frame report (pure; returns new objects). A new document in the top frame
 * means the tab navigated: everything we knew is dropped. A new document in a subframe drops only
 * that frame.
 */
export function applyFrameReport(prev: TabState | null, from: ContentSender, report: FrameReport, now: number): TabState {
  const topNavigated = from.frameId === 0 && prev?.frames[0] !== undefined && prev.frames[0].docId !== report.docId;
  const frames: Record<number, FrameState> = prev && !topNavigated ? { ...prev.frames } : {};

  const old = frames[from.frameId];
  const base = old && old.docId === report.docId ? old : emptyFrame(report, from.frameUrl);

  const fields = new Map<string, FieldDescriptor>(base.fields.map((f) => [f.key, f]));
  for (const key of report.removed) fields.delete(key);
  for (const field of report.fields) {
    // Past the cap, keep what we have and ignore new keys (updates to known keys still apply).
    if (fields.size >= LIMITS.fieldsPerFrame && !fields.has(field.key)) continue;
    fields.set(field.key, field);
  }

  const apis = [...base.apis];
  const seen = new Set(apis.map(apiKey));
  for (const api of report.apis) {
    const key = apiKey(api);
    if (seen.has(key) || apis.length >= LIMITS.apisPerFrame) continue;
    seen.add(key);
    apis.push(api);
  }

  frames[from.frameId] = { docId: report.docId, frameUrl: from.frameUrl, page: report.page, fields: [...fields.values()], apis };

  // The top frame's own URL when it reported; else what we knew, else what the browser says of the tab.
  const topUrl = frames[0]?.frameUrl || prev?.topUrl || from.tabUrl || '';
  // The report is recomputed by the caller from these frames.
  // What a page was given goes when the tab shows another page (unless this new page is the one given it).
  const given = prev?.locationGiven;
  const locationGiven = given && (!topNavigated || given.docId === report.docId) ? given : undefined;
  return { tabId: from.tabId, topUrl, frames, report: null, updatedAt: now, ...(locationGiven && { locationGiven }) };
}

/** The frames as the scorer wants them: the top frame first, then by frame id. */
export function frameObservations(state: TabState): FrameObservations[] {
  return Object.entries(state.frames)
    .map(([id, frame]) => ({ id: Number(id), frame }))
    .sort((a, b) => a.id - b.id)
    .map(({ frame }) => ({ frameUrl: frame.frameUrl, page: frame.page, fields: frame.fields, apis: frame.apis }));
}

/** What the content script of `frameId` hears back: a verdict for each of its fields that is a finding. */
export function verdictsForFrame(state: TabState, frameId: number): Record<string, FieldVerdict> {
  const frame = state.frames[frameId];
  const verdicts: Record<string, FieldVerdict> = {};
  if (!frame || !state.report) return verdicts;
  const bySelector = new Map<string, FieldVerdict>();
  for (const f of state.report.findings) {
    if (f.source !== 'field' || !f.element || f.frameUrl !== frame.frameUrl) continue;
    if (!bySelector.has(f.element.selector)) bySelector.set(f.element.selector, { category: f.category, necessity: f.necessity });
  }
  for (const field of frame.fields) {
    const verdict = bySelector.get(field.selector);
    if (verdict) verdicts[field.key] = verdict;
  }
  return verdicts;
}
