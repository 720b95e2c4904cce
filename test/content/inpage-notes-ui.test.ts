// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createInPageNotes } from '@/src/content/inpage-notes-ui';
import type { FieldVerdict } from '@/src/messaging/protocol';
import type { FieldDescriptor } from '@/src/shared/model';

const note = (text: string, short?: string) => ({
  text,
  ...(short && { short }),
  dismiss: 'Dismiss',
  hideOnSite: "Don't show on this site",
});
const field = (key: string, selector: string) => ({ key, selector }) as FieldDescriptor;

/** The notes live in a closed shadow root; the test keeps a handle on it when it is attached. */
let root: ShadowRoot | null;
const attach = Element.prototype.attachShadow;

beforeEach(() => {
  root = null;
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
    root = attach.call(this, init);
    return root;
  });
  document.body.innerHTML = '<form><input id="phone"><input id="dob" type="date"></form>';
});
afterEach(() => {
  vi.restoreAllMocks();
  document.documentElement.querySelector('need-to-know-notes')?.remove();
});

function setup() {
  const hide = vi.fn();
  const notes = createInPageNotes(document, hide);
  notes.sent({
    docId: 'd',
    page: { url: '', title: '', lang: '', text: '', scriptHosts: [] },
    fields: [field('f1', '#phone'), field('f2', '#dob')],
    removed: [],
    apis: [],
  });
  return { notes, hide };
}

const shown = () => [...(root?.querySelectorAll('.n, .b') ?? [])].map((el) => el.textContent);

describe('in-page notes', () => {
  it('adds nothing to the page until a verdict carries a note', () => {
    const { notes } = setup();
    notes.show({ f1: { category: 'phone', necessity: 'necessary' } });
    notes.show(undefined);
    expect(document.querySelector('need-to-know-notes')).toBeNull();
    expect(root).toBeNull();
  });

  it('shows a note for the field it is about, in a closed shadow root, and drops it when the verdict goes', () => {
    const { notes } = setup();
    const verdicts: Record<string, FieldVerdict> = {
      f1: { category: 'phone', necessity: 'necessary' },
      f2: { category: 'birthdate', necessity: 'unnecessary', inPage: note('Not needed: birth date', 'Not needed') },
    };
    notes.show(verdicts);
    const host = document.querySelector('need-to-know-notes')!;
    expect(host.shadowRoot, 'closed: the page cannot reach it').toBeNull();
    expect(vi.mocked(Element.prototype.attachShadow).mock.calls[0][0]).toEqual({ mode: 'closed' });
    expect(shown()).toEqual(["Not neededNot needed: birth dateDon't show on this site×"]);
    // The short label is a button that opens the full text.
    const pill = root!.querySelector('.n button')!;
    expect(pill.textContent).toBe('Not needed');
    expect(pill.getAttribute('aria-expanded')).toBe('false');
    notes.show({ f1: verdicts.f1 });
    expect(shown()).toEqual([]);
  });

  it('shows one note per kind of data (a day/month/year trio gets one)', () => {
    document.body.innerHTML = '<form><select id="d"></select><select id="m"></select><select id="y"></select></form>';
    const notes = createInPageNotes(document, vi.fn());
    notes.sent({
      docId: 'd',
      page: { url: '', title: '', lang: '', text: '', scriptHosts: [] },
      fields: [field('d', '#d'), field('m', '#m'), field('y', '#y')],
      removed: [],
      apis: [],
    });
    const trio: Record<string, FieldVerdict> = Object.fromEntries(
      ['d', 'm', 'y'].map((k) => [
        k,
        { category: 'birthdate', necessity: 'unnecessary', inPage: note('Not needed: birth date', 'Not needed') },
      ]),
    );
    notes.show(trio);
    expect(shown()).toHaveLength(1);
    // Its field goes: another field of the same kind takes the note over.
    document.getElementById('d')!.remove();
    notes.show(trio);
    expect(shown()).toHaveLength(1);
  });

  it('shows one banner for an API verdict and follows later, refined text', () => {
    const { notes } = setup();
    notes.show({
      'api:precise_location': {
        category: 'precise_location',
        necessity: 'unnecessary',
        inPage: note('This page asked for your precise location.'),
      },
    });
    notes.show({
      'api:precise_location': {
        category: 'precise_location',
        necessity: 'unnecessary',
        inPage: note('This page asked for your precise location, and you can type your address.'),
      },
      'api:camera': { category: 'camera', necessity: 'unnecessary', inPage: note('Camera.') },
    });
    expect(shown()).toEqual(["This page asked for your precise location, and you can type your address.DismissDon't show on this site"]);
  });

  it('ignores clicks the page makes up: only a real click hides notes on the site', () => {
    const { notes, hide } = setup();
    notes.show({
      f2: { category: 'birthdate', necessity: 'unnecessary', inPage: note('Not needed', 'Not needed') },
      'api:face': { category: 'face', necessity: 'unnecessary', inPage: note('Face scan.') },
    });
    for (const b of root!.querySelectorAll('button')) b.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    (root!.querySelector('.b .h') as HTMLButtonElement).click();
    expect(hide).not.toHaveBeenCalled();
    expect(shown()).toHaveLength(2);
    expect(root!.querySelector('.f')!.hasAttribute('hidden')).toBe(true);
  });

  it('never throws into the page, whatever the reply holds', () => {
    const { notes } = setup();
    notes.sent({
      docId: 'd',
      page: { url: '', title: '', lang: '', text: '', scriptHosts: [] },
      fields: [field('f3', '##bad selector')],
      removed: [],
      apis: [],
    });
    expect(() =>
      notes.show({
        f3: { category: 'gender', necessity: 'unnecessary', inPage: note('x') },
        f9: { category: 'gender', necessity: 'unnecessary', inPage: note('y') },
      }),
    ).not.toThrow();
    expect(shown()).toEqual([]);
  });
});
