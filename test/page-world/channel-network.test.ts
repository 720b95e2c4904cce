// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { parseApiObservation, SENSITIVE_FIELDS_EVENT } from '@/src/page-world/channel';
import { listenForSensitiveFields } from '@/src/page-world/secrets';
import { createSensitiveFieldRelay } from '@/src/content/sensitive-fields';
import type { FieldDescriptor, FrameReport } from '@/src/shared/model';

const ok = { api: 'network.send', category: 'email', receiver: 'tracker.example', via: 'beacon', encoding: 'sha256' };

describe('parseApiObservation: network.send', () => {
  it('accepts exactly the documented shape', () => {
    expect(parseApiObservation(ok)).toEqual(ok);
    for (const receiver of ['127.0.0.1:4001', 'localhost:3000', 'a-b.c.example.co.uk', '[::1]:8080']) {
      expect(parseApiObservation({ ...ok, receiver })).toEqual({ ...ok, receiver });
    }
  });

  it('refuses paths, queries, values, unknown categories, channels and encodings, and extra keys', () => {
    for (const bad of [
      { ...ok, receiver: 'tracker.example/collect?em=x' },
      { ...ok, receiver: 'user@tracker.example' },
      { ...ok, receiver: 'Tracker.Example' },
      { ...ok, receiver: '' },
      { ...ok, category: 'gender' },
      { ...ok, via: 'form' },
      { ...ok, encoding: 'rot13' },
      { ...ok, value: 'jane@example.com' },
      { api: 'network.send', category: 'email', receiver: 'tracker.example', via: 'beacon' },
    ]) {
      expect(parseApiObservation(bad)).toBeNull();
    }
  });
});

describe('sensitive fields: isolated world → page world', () => {
  const field = (key: string, selector: string): FieldDescriptor => ({ key, selector }) as FieldDescriptor;
  const report = (fields: FieldDescriptor[], removed: string[] = []): FrameReport =>
    ({ docId: 'd', page: {} as FrameReport['page'], fields, removed, apis: [] }) as FrameReport;

  it('names only watched categories; the page world reads the values itself, and only of named fields', () => {
    document.body.innerHTML =
      '<input id="em" value="jane@example.com"><textarea id="id">110105194912310025</textarea><input id="g" value="female">';
    const secrets = listenForSensitiveFields(window);
    const relay = createSensitiveFieldRelay(window);
    relay.sent(report([field('f1', '#em'), field('f2', '#id'), field('f3', '#g')]));
    relay.verdicts({
      f1: { category: 'email', necessity: 'necessary' },
      f2: { category: 'national_id', necessity: 'unnecessary' },
      f3: { category: 'gender', necessity: 'unnecessary' },
      'api:camera': { category: 'camera', necessity: 'unnecessary' },
    });
    expect(secrets()).toEqual([
      { category: 'email', value: 'jane@example.com' },
      { category: 'national_id', value: '110105194912310025' },
    ]);
    (document.getElementById('em') as HTMLInputElement).value = 'changed@example.com';
    expect(secrets()[0].value).toBe('changed@example.com');
    relay.sent(report([], ['f1']));
    relay.verdicts({});
    // The page world keeps what it was told (forgetting is not needed: a removed field has no value to read).
    document.getElementById('em')!.remove();
    expect(secrets()).toEqual([{ category: 'national_id', value: '110105194912310025' }]);
  });

  it('ignores malformed or forged lists beyond their own page (bad JSON, unknown categories, invalid selectors)', () => {
    document.body.innerHTML = '<input id="p" value="13987650123">';
    const secrets = listenForSensitiveFields(window);
    for (const detail of ['nope', '{"a":1}', JSON.stringify([['#p', 'gender']]), JSON.stringify([['##bad((', 'phone']])]) {
      window.dispatchEvent(new CustomEvent(SENSITIVE_FIELDS_EVENT, { detail }));
    }
    expect(secrets()).toEqual([]);
    window.dispatchEvent(new CustomEvent(SENSITIVE_FIELDS_EVENT, { detail: JSON.stringify([['#p', 'phone']]) }));
    expect(secrets()).toEqual([{ category: 'phone', value: '13987650123' }]);
  });
});
