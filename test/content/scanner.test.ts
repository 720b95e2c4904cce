// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startScanner, type Scanner } from '@/src/content/scanner';
import type { FrameReport } from '@/src/shared/model';
import { loadFixture } from './fixture';

let reports: FrameReport[];
let scanner: Scanner | undefined;

function start(extra: { reportEmptyFirst?: boolean } = {}): Scanner {
  scanner = startScanner({ doc: document, docId: 'doc-1', report: (r) => reports.push(r), ...extra });
  return scanner;
}

/** Lets mutation callbacks (microtasks) run, then moves fake time on. */
async function wait(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

beforeEach(() => {
  vi.useFakeTimers();
  reports = [];
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

afterEach(() => {
  scanner?.stop();
  scanner = undefined;
  vi.useRealTimers();
});

describe('startScanner', () => {
  it('scans the first slice right after the first frame from DOMContentLoaded, without waiting for idle time', async () => {
    loadFixture('checkout-en.html');
    Object.defineProperty(document, 'readyState', { value: 'loading', configurable: true });
    try {
      start();
      expect(reports).toHaveLength(0); // still parsing: nothing yet
      document.dispatchEvent(new Event('DOMContentLoaded'));
      expect(reports).toHaveLength(0); // not inside the page's DOMContentLoaded task: no forced layout
      await wait(20); // one frame (16 ms) and the task after it
      expect(reports).toHaveLength(1);
      expect(reports[0].fields.length).toBeGreaterThan(0);
    } finally {
      delete (document as { readyState?: string }).readyState;
    }
  });

  it('reports every field once after the initial scan, with page signals', async () => {
    loadFixture('checkout-en.html');
    start();
    expect(reports).toHaveLength(0); // nothing on the critical path: the scan waits for a timer
    await wait(0);
    expect(reports).toHaveLength(1);
    const [first] = reports;
    expect(first.docId).toBe('doc-1');
    expect(first.fields).toHaveLength(10);
    expect(first.removed).toEqual([]);
    expect(first.page.title).toContain('Checkout');
    await wait(5000);
    expect(reports).toHaveLength(1); // no change, no report
  });

  it('reports only the fields that mutations add, after a debounce', async () => {
    document.body.innerHTML = '<form id="f"><input name="email" type="email"></form>';
    start();
    await wait(0);
    const initialKeys = reports[0].fields.map((f) => f.key);

    const step = document.createElement('div');
    step.innerHTML = '<label>Phone <input name="phone" type="tel"></label><select name="gender"><option>Male</option></select>';
    document.getElementById('f')!.append(step);
    await wait(100);
    expect(reports).toHaveLength(1); // still inside the debounce window
    await wait(300);
    expect(reports).toHaveLength(2);
    expect(reports[1].fields.map((f) => f.name)).toEqual(['phone', 'gender']);
    expect(reports[1].fields.map((f) => f.key)).not.toContain(initialKeys[0]);
    expect(reports[1].fields[0].labelText).toBe('Phone');
  });

  it('ignores mutations that add no fields', async () => {
    document.body.innerHTML = '<input name="a">';
    start();
    await wait(0);
    for (let i = 0; i < 5; i++) document.body.append(document.createElement('p'));
    await wait(2000);
    expect(reports).toHaveLength(1);
  });

  it('reports removed fields by key, and not fields that were only moved', async () => {
    document.body.innerHTML = '<div id="a"><input name="one"></div><div id="b"><input name="two"></div><div id="c"></div>';
    start();
    await wait(0);
    const [one, two] = reports[0].fields;

    document.getElementById('c')!.append(document.querySelector('input[name="two"]')!); // a move
    await wait(400);
    expect(reports).toHaveLength(1);

    document.getElementById('a')!.remove();
    await wait(400);
    expect(reports).toHaveLength(2);
    expect(reports[1]).toMatchObject({ fields: [], removed: [one.key] });
    expect(two.key).not.toBe(one.key);
  });

  it('processes a continuous stream of mutations by the max wait, not never', async () => {
    document.body.innerHTML = '<div id="list"></div>';
    start();
    await wait(0);
    const list = document.getElementById('list')!;
    for (let i = 0; i < 12; i++) {
      const input = document.createElement('input');
      input.name = `n${i}`;
      list.append(input);
      await wait(100);
    }
    // Mutations every 100 ms never leave 250 ms of quiet; the 1 s max wait still flushes.
    expect(reports).toHaveLength(1);
    expect(reports[0].fields.length).toBeGreaterThanOrEqual(9);
    await wait(1000);
    const reported = reports.flatMap((r) => r.fields.map((f) => f.name));
    expect(reported).toEqual(Array.from({ length: 12 }, (_, i) => `n${i}`));
  });

  it('re-reports a hidden field when it becomes visible, with the same key', async () => {
    document.body.innerHTML = '<div id="step2" style="display:none"><label>Birthday <input name="bday"></label></div>';
    start();
    await wait(0);
    expect(reports[0].fields[0]).toMatchObject({ name: 'bday', visible: false });
    document.getElementById('step2')!.style.display = 'block';
    await wait(400);
    expect(reports).toHaveLength(2);
    expect(reports[1].fields).toEqual([{ ...reports[0].fields[0], visible: true }]);
  });

  it('re-describes a field whose own attributes change, and picks up a hidden input turned visible', async () => {
    document.body.innerHTML = '<input id="x" name="contact"><input id="h" type="hidden" name="later">';
    start();
    await wait(0);
    expect(reports[0].fields.map((f) => f.name)).toEqual(['contact']);
    document.getElementById('x')!.setAttribute('type', 'tel');
    document.getElementById('h')!.setAttribute('type', 'text');
    await wait(400);
    const changed = [...reports[1].fields].sort((a, b) => a.name.localeCompare(b.name));
    expect(changed.map((f) => [f.name, f.type])).toEqual([
      ['contact', 'tel'],
      ['later', 'text'],
    ]);
    expect(changed[0].key).toBe(reports[0].fields[0].key);
  });

  it('re-sends page signals when a single-page app changes its URL', async () => {
    document.body.innerHTML = '<h1>Cart</h1><input name="coupon">';
    start();
    await wait(0);
    history.pushState({}, '', '/checkout/address');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await wait(400);
    expect(reports).toHaveLength(2);
    expect(reports[1].page.url).toContain('/checkout/address');
    expect(reports[1]).toMatchObject({ fields: [], removed: [], apis: [] });
  });

  it('refreshes page text after new fields at most every 2 s, and reports it only if it changed', async () => {
    document.body.innerHTML = '<h1>Your cart</h1><input name="coupon">';
    start();
    await wait(0);
    const step = document.createElement('section');
    step.innerHTML = '<h2>Scan your face to pay</h2><label>Phone <input name="phone"></label>';
    document.body.append(step);
    await wait(400);
    expect(reports).toHaveLength(2);
    expect(reports[1].fields.map((f) => f.name)).toEqual(['phone']);
    expect(reports[1].page.text).not.toContain('Scan your face'); // too soon after the first read
    await wait(2000);
    expect(reports).toHaveLength(3);
    expect(reports[2]).toMatchObject({ fields: [], removed: [], apis: [] });
    expect(reports[2].page.text).toContain('Scan your face to pay');

    const quiet = document.createElement('p');
    quiet.innerHTML = '<input name="note">';
    document.body.append(quiet);
    await wait(5000);
    expect(reports).toHaveLength(4); // the new field; the unchanged text brings no extra report
  });

  it('re-reads the page signals when a map library sets up its container later, and reports the map once', async () => {
    document.body.innerHTML = '<div id="c"></div><p>拖动地图，选择收货位置</p>';
    start();
    await wait(0);
    expect(reports).toHaveLength(0); // a frame that asks nothing stays silent
    document.getElementById('c')!.className = 'amap-container'; // what AMap does once its script ran
    await wait(2500);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ fields: [], removed: [], apis: [] });
    expect(reports[0].page.widgets).toEqual([{ kind: 'map', library: 'AMap', selector: '#c', text: '拖动地图，选择收货位置' }]);
    document.getElementById('c')!.append(document.createElement('canvas'));
    await wait(5000);
    expect(reports).toHaveLength(1); // the same map again: nothing new to say
  });

  it('reports a map that arrives with new DOM, and its removal', async () => {
    document.body.innerHTML = '<input name="coupon">';
    start();
    await wait(0);
    const step = document.createElement('section');
    step.innerHTML = '<div id="pick" role="application" aria-roledescription="map"></div><p>Drag the pin to your door</p>';
    document.body.append(step);
    await wait(2500);
    expect(reports.at(-1)!.page.widgets).toEqual([{ kind: 'map', library: 'map', selector: '#pick', text: 'Drag the pin to your door' }]);
    const count = reports.length;
    step.remove();
    document.body.append(document.createElement('input'));
    await wait(2500);
    expect(reports.length).toBeGreaterThan(count);
    expect(reports.at(-1)!.page.widgets).toEqual([]);
  });

  it('forwards API observations once, in the next report', async () => {
    document.body.innerHTML = '<p>Locating you…</p>';
    const s = start();
    await wait(0);
    expect(reports).toHaveLength(0); // a frame that asks nothing stays silent
    s.addApi({ api: 'geolocation.getCurrentPosition', highAccuracy: true });
    await wait(400);
    expect(reports).toHaveLength(1);
    expect(reports[0].apis).toEqual([{ api: 'geolocation.getCurrentPosition', highAccuracy: true }]);
    document.body.append(document.createElement('input'));
    await wait(400);
    expect(reports[1].apis).toEqual([]);
  });

  it('sends a first report for an empty top-frame document when asked to', async () => {
    start({ reportEmptyFirst: true });
    await wait(0);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ fields: [], removed: [], apis: [] });
  });

  it('scans open shadow roots of web components and watches them', async () => {
    document.body.innerHTML = '<checkout-form id="cf"></checkout-form>';
    const shadow = document.getElementById('cf')!.attachShadow({ mode: 'open' });
    shadow.innerHTML = '<label for="p">Phone</label><input id="p" name="phone">';
    start();
    await wait(0);
    expect(reports[0].fields).toHaveLength(1);
    expect(reports[0].fields[0]).toMatchObject({ name: 'phone', labelText: 'Phone', selector: '#cf >> #p' });
    const more = document.createElement('input');
    more.name = 'email';
    shadow.append(more);
    await wait(400);
    expect(reports[1].fields.map((f) => f.name)).toEqual(['email']);
  });

  it('stops observing after stop()', async () => {
    document.body.innerHTML = '<input name="a">';
    const s = start();
    await wait(0);
    s.stop();
    document.body.append(document.createElement('input'));
    await wait(2000);
    expect(reports).toHaveLength(1);
  });

  it('splits a very large batch into several reports', async () => {
    document.body.innerHTML = Array.from({ length: 1200 }, (_, i) => `<input name="n${i}">`).join('');
    start();
    await wait(0);
    await wait(10);
    const total = reports.reduce((n, r) => n + r.fields.length, 0);
    expect(reports.length).toBeGreaterThanOrEqual(3);
    expect(reports.every((r) => r.fields.length <= 500)).toBe(true);
    expect(total).toBe(1200);
  });

  it('gathers the slices after the first report into few reports, not one per slice', async () => {
    // A slow page: every description takes 1 ms, so a slice (≤ 8 ms) describes a handful of fields.
    document.body.innerHTML = Array.from({ length: 60 }, (_, i) => `<input name="n${i}">`).join('');
    let clock = 0;
    const now = vi.spyOn(performance, 'now').mockImplementation(() => (clock += 0.5));
    try {
      start();
      for (let i = 0; i < 40 && reports.reduce((n, r) => n + r.fields.length, 0) < 60; i++) await wait(1);
    } finally {
      now.mockRestore();
    }
    const sizes = reports.map((r) => r.fields.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(60);
    expect(sizes[0]).toBeLessThan(60); // the first slice is reported at once (it drives the badge)…
    expect(reports).toHaveLength(2); // …and every later slice in one report, when the batch drained
  });
});
