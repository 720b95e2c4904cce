// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { createOnDemandNotes, listenForApiObservationsOnDemand, startOnDemandGeoBroker } from '@/src/content/on-demand';
import type { InPageNotes, createInPageNotes } from '@/src/content/inpage-notes-ui';
import { createObservationFilter, EVENT_NAME, GEO_REQUEST_EVENT, GEO_RESPONSE_EVENT } from '@/src/page-world/channel';
import type { createGeoBroker } from '@/src/content/location-broker';
import type { FieldVerdict } from '@/src/messaging/protocol';
import type { ApiObservation, FieldDescriptor, FrameReport } from '@/src/shared/model';

const report = (fields: [string, string][], removed: string[] = []) =>
  ({
    docId: 'd',
    page: null,
    fields: fields.map(([key, selector]) => ({ key, selector }) as FieldDescriptor),
    removed,
    apis: [],
  }) as unknown as FrameReport;
const inPage = { text: 'Not needed', dismiss: 'Dismiss', hideOnSite: "Don't show on this site" };
const verdict = (withNote: boolean) => ({ category: 'birthdate', ...(withNote && { inPage }) }) as unknown as FieldVerdict;
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('createOnDemandNotes', () => {
  function setup() {
    const shown: unknown[] = [];
    let selectors: Map<string, string> | undefined;
    const real: InPageNotes = { sent: vi.fn(), show: (v) => void shown.push(v) };
    const create = vi.fn((_doc: Document, _hide: () => void, s?: Map<string, string>) => ((selectors = s), real));
    const load = vi.fn(async () => create as unknown as typeof createInPageNotes);
    const notes = createOnDemandNotes(document, () => undefined, load);
    return { notes, load, create, shown, selectors: () => selectors };
  }

  it('does not load the notes while no verdict carries one', async () => {
    const { notes, load } = setup();
    notes.sent(report([['f1', '#a']]));
    notes.show(undefined);
    notes.show({ f1: verdict(false) });
    await settle();
    expect(load).not.toHaveBeenCalled();
  });

  it('loads once at the first note, with the selectors sent so far, and shows the latest verdicts', async () => {
    const { notes, load, create, shown, selectors } = setup();
    notes.sent(
      report([
        ['f1', '#a'],
        ['f2', '#b'],
      ]),
    );
    notes.sent(report([], ['f2']));
    const first = { f1: verdict(true) };
    const second = { f1: verdict(true), f3: verdict(false) };
    notes.show(first);
    notes.show(second); // arrives while loading
    await settle();
    expect(load).toHaveBeenCalledTimes(1);
    expect(create).toHaveBeenCalledTimes(1);
    expect([...selectors()!]).toEqual([['f1', '#a']]);
    expect(shown).toEqual([second]);
    notes.sent(report([['f4', '#d']]));
    notes.show({});
    expect(shown).toEqual([second, {}]);
    expect(selectors()!.get('f4')).toBe('#d');
  });

  it('stays quiet when the notes cannot load', async () => {
    const notes = createOnDemandNotes(
      document,
      () => undefined,
      () => Promise.reject(new Error('extension reloaded')),
    );
    expect(() => notes.show({ f1: verdict(true) })).not.toThrow();
    await settle();
  });
});

describe('startOnDemandGeoBroker', () => {
  const request = (detail: unknown) => window.dispatchEvent(new CustomEvent(GEO_REQUEST_EVENT, { detail }));
  const options = { win: window, geolocation: undefined, policy: async () => undefined, given: () => undefined };

  it('loads the broker at the first request and hands it every request in order', async () => {
    const handled: unknown[] = [];
    const controller = new AbortController();
    const load = vi.fn(async () => (() => (detail: unknown) => void handled.push(detail)) as unknown as typeof createGeoBroker);
    startOnDemandGeoBroker({ ...options, signal: controller.signal }, load);
    expect(load).not.toHaveBeenCalled();
    request('{"id":1,"op":"get"}');
    request('{"id":2,"op":"watch"}');
    await settle();
    request('{"id":2,"op":"clear"}');
    await settle();
    expect(load).toHaveBeenCalledTimes(1);
    expect(handled).toEqual(['{"id":1,"op":"get"}', '{"id":2,"op":"watch"}', '{"id":2,"op":"clear"}']);
    controller.abort();
  });

  it('fails closed when the broker cannot load: POSITION_UNAVAILABLE for a well-formed id, nothing otherwise', async () => {
    const replies: unknown[] = [];
    const controller = new AbortController();
    window.addEventListener(GEO_RESPONSE_EVENT, (e) => void replies.push(JSON.parse((e as CustomEvent).detail)), {
      signal: controller.signal,
    });
    startOnDemandGeoBroker({ ...options, signal: controller.signal }, () => Promise.reject(new Error('extension reloaded')));
    request('{"id":7,"op":"get"}');
    request('not json');
    request('{"id":"x"}');
    request({ id: 8 });
    await settle();
    expect(replies).toEqual([{ id: 7, error: { code: 2, message: 'Position unavailable' } }]);
    controller.abort();
  });
});

describe('listenForApiObservationsOnDemand', () => {
  it('validates and deduplicates through the loaded filter, loaded at the first event', async () => {
    const received: ApiObservation[] = [];
    const controller = new AbortController();
    const load = vi.fn(async () => createObservationFilter);
    listenForApiObservationsOnDemand(window, (o) => received.push(o), controller.signal, load);
    await settle();
    expect(load).not.toHaveBeenCalled();
    const send = (o: unknown) => window.dispatchEvent(new CustomEvent(EVENT_NAME, { detail: JSON.stringify(o) }));
    send({ api: 'permissions.query', name: 'geolocation' });
    send({ api: 'permissions.query', name: 'geolocation' });
    send({ api: 'permissions.query', name: 'BAD NAME' });
    send({ api: 'contacts.select', properties: ['tel'], multiple: false });
    await settle();
    expect(load).toHaveBeenCalledTimes(1);
    expect(received).toEqual([
      { api: 'permissions.query', name: 'geolocation' },
      { api: 'contacts.select', properties: ['tel'], multiple: false },
    ]);
    controller.abort();
  });
});
