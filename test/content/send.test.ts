import { describe, expect, it, vi } from 'vitest';
import { createReportSender } from '@/src/content/send';
import { newDocId } from '@/src/content/doc-id';
import type { FrameReport } from '@/src/shared/model';

const report = (docId: string): FrameReport => ({
  docId,
  page: { url: 'https://shop.example/', title: '', lang: '', text: '', scriptHosts: [] },
  fields: [],
  removed: [],
  apis: [],
});

describe('createReportSender (entrypoints/content)', () => {
  it('sends in order and retries a failed send once after a delay', async () => {
    vi.useFakeTimers();
    const sent: string[] = [];
    let failures = 1;
    const transport = vi.fn(async (r: FrameReport) => {
      if (failures-- > 0) throw new Error('Could not establish connection. Receiving end does not exist.');
      sent.push(r.docId);
    });
    const send = createReportSender(transport, (fn, ms) => setTimeout(fn, ms));
    send(report('first'));
    send(report('second'));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([]); // the first failed; the second waits behind its retry
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent).toEqual(['first', 'second']);
    expect(transport).toHaveBeenCalledTimes(3);
    vi.useRealTimers();
  });

  it('gives up quietly after the retry and keeps sending later reports', async () => {
    vi.useFakeTimers();
    const transport = vi.fn(async (r: FrameReport) => {
      if (r.docId === 'bad') throw new Error('no receiver');
    });
    const send = createReportSender(transport, (fn, ms) => setTimeout(fn, ms));
    send(report('bad'));
    send(report('good'));
    await vi.advanceTimersByTimeAsync(2000);
    expect(transport.mock.calls.map(([r]) => r.docId)).toEqual(['bad', 'bad', 'good']);
    vi.useRealTimers();
  });
});

describe('newDocId', () => {
  it('is random, with or without crypto.randomUUID (insecure http pages lack it)', () => {
    const ids = new Set(Array.from({ length: 50 }, newDocId));
    expect(ids.size).toBe(50);
    const original = crypto.randomUUID;
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      expect(newDocId()).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      Object.defineProperty(crypto, 'randomUUID', { value: original, configurable: true });
    }
  });
});
