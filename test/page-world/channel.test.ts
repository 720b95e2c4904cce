// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { EVENT_NAME, MAX_OBSERVATIONS, listenForApiObservations, parseApiObservation, parseDetail } from '@/src/page-world/channel';
import type { ApiObservation } from '@/src/shared/model';

describe('parseApiObservation', () => {
  it.each<ApiObservation>([
    { api: 'geolocation.getCurrentPosition', highAccuracy: false },
    { api: 'geolocation.watchPosition', highAccuracy: true },
    { api: 'mediaDevices.getUserMedia', video: true, audio: false, facingUser: true },
    { api: 'contacts.select', properties: ['name', 'tel'], multiple: false },
    { api: 'permissions.query', name: 'local-fonts' },
  ])('accepts %j', (o) => {
    const parsed = parseApiObservation(JSON.parse(JSON.stringify(o)));
    expect(parsed).toEqual(o);
  });

  it.each([
    ['null', null],
    ['a string', 'geolocation.getCurrentPosition'],
    ['an array', [{ api: 'permissions.query', name: 'camera' }]],
    ['an unknown api', { api: 'bluetooth.requestDevice' }],
    ['a missing option', { api: 'geolocation.getCurrentPosition' }],
    ['a non-boolean option', { api: 'geolocation.watchPosition', highAccuracy: 'yes' }],
    ['an extra key', { api: 'geolocation.watchPosition', highAccuracy: true, lat: 52.1 }],
    ['a wrong-shaped media request', { api: 'mediaDevices.getUserMedia', video: 1, audio: false, facingUser: false }],
    ['too many contact properties', { api: 'contacts.select', properties: Array(9).fill('tel'), multiple: true }],
    ['a non-string property', { api: 'contacts.select', properties: [{}], multiple: true }],
    ['an oversized property', { api: 'contacts.select', properties: ['x'.repeat(41)], multiple: true }],
    ['a permission name with markup', { api: 'permissions.query', name: '<img src=x>' }],
    ['an oversized permission name', { api: 'permissions.query', name: 'a'.repeat(41) }],
    ['a class instance', Object.assign(Object.create({ polluted: true }), { api: 'permissions.query', name: 'camera' })],
  ])('rejects %s', (_, raw) => {
    expect(parseApiObservation(raw)).toBeNull();
  });

  it('returns a fresh copy, not the caller’s object', () => {
    const raw = { api: 'contacts.select', properties: ['tel'], multiple: false };
    const parsed = parseApiObservation(raw) as { properties: string[] };
    expect(parsed).not.toBe(raw);
    expect(parsed.properties).not.toBe(raw.properties);
  });
});

describe('parseDetail', () => {
  it('accepts only bounded JSON strings', () => {
    expect(parseDetail('{"api":"permissions.query","name":"camera"}')).toEqual({ api: 'permissions.query', name: 'camera' });
    expect(parseDetail({ api: 'permissions.query', name: 'camera' })).toBeNull(); // object details do not cross worlds
    expect(parseDetail('{not json')).toBeNull();
    expect(parseDetail(`{"api":"permissions.query","name":"camera","pad":"${'x'.repeat(2000)}"}`)).toBeNull();
  });
});

describe('listenForApiObservations', () => {
  const send = (detail: unknown) => window.dispatchEvent(new CustomEvent(EVENT_NAME, { detail }));

  it('drops malformed events, deduplicates, and caps per document', () => {
    const received: ApiObservation[] = [];
    const stop = listenForApiObservations(window, (o) => received.push(o));
    send('{"api":"permissions.query","name":"camera"}');
    send('{"api":"permissions.query","name":"camera"}');
    send('{"api":"permissions.query","name":"camera","extra":1}');
    send(42);
    expect(received).toEqual([{ api: 'permissions.query', name: 'camera' }]);
    for (let i = 0; i < 100; i++) send(JSON.stringify({ api: 'permissions.query', name: `perm-${i}` }));
    expect(received).toHaveLength(MAX_OBSERVATIONS);
    stop();
    send('{"api":"permissions.query","name":"microphone"}');
    expect(received).toHaveLength(MAX_OBSERVATIONS);
  });

  it('stops when the content-script context is invalidated (abort signal)', () => {
    const received: ApiObservation[] = [];
    const controller = new AbortController();
    listenForApiObservations(window, (o) => received.push(o), controller.signal);
    controller.abort();
    send('{"api":"permissions.query","name":"camera"}');
    expect(received).toEqual([]);
  });
});
