/**
 * The benchmark pages, generated so the repository holds a few lines instead of a 300 KB file:
 * a ~30-field checkout, a 2,000-field form, and an SPA that adds 10,000 nodes over 5 s. Written to a
 * folder and served from the loopback server like any audited page.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Varied markup, as real shops write it: <label for>, wrapping labels, Vant cells, tables, selects, radios. */
const ROWS: ((i: number) => string)[] = [
  (i) => `<p><label for="e${i}">Email ${i}</label><input id="e${i}" name="email${i}" type="email" autocomplete="email" required></p>`,
  (i) =>
    `<div class="van-cell van-field"><div class="van-cell__title van-field__label"><label id="l${i}" for="t${i}">手机号${i}</label></div><div class="van-cell__value"><input type="tel" id="t${i}" class="van-field__control" placeholder="请输入手机号" aria-labelledby="l${i}"></div></div>`,
  (i) => `<table><tr><td>City ${i}</td><td><input name="city${i}" autocomplete="address-level2"></td></tr></table>`,
  (i) => `<div class="row"><span>Gender ${i}</span><select name="g${i}"><option>Female</option><option>Male</option></select></div>`,
  (i) =>
    `<fieldset><legend>Gift wrap ${i}</legend><label><input type="radio" name="r${i}" value="y">Yes</label><label><input type="radio" name="r${i}" value="n">No</label></fieldset>`,
  (i) => `<label>Comment ${i} <textarea name="c${i}" maxlength="200"></textarea></label>`,
];

function doc(title: string, body: string, lang = 'en'): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title>
<style>body{font:14px sans-serif;margin:16px}label{display:block}input,select,textarea{margin:2px 0 8px}</style></head>
<body>${body}</body></html>`;
}

/** A realistic one-page checkout: 30 controls (contact, delivery, payment, extras). */
export function checkoutPage(): string {
  const f = (label: string, attrs: string) => `<p><label>${label} <input ${attrs}></label></p>`;
  const fields = [
    f('Full name', 'name="name" autocomplete="name" required'),
    f('Mobile phone', 'type="tel" name="phone" autocomplete="tel" required'),
    f('Email', 'type="email" name="email" autocomplete="email"'),
    f('Street address', 'name="street" autocomplete="address-line1" required'),
    f('Apartment', 'name="apt" autocomplete="address-line2"'),
    f('City', 'name="city" autocomplete="address-level2" required'),
    f('Province', 'name="province" autocomplete="address-level1"'),
    f('Postcode', 'name="zip" autocomplete="postal-code" required'),
    f('Date of birth', 'type="date" name="dob" autocomplete="bday"'),
    f('Card number', 'name="cc" autocomplete="cc-number" inputmode="numeric" required'),
    f('Name on card', 'name="ccname" autocomplete="cc-name"'),
    f('Expiry', 'name="ccexp" autocomplete="cc-exp" placeholder="MM/YY"'),
    f('CVC', 'name="cvc" autocomplete="cc-csc" maxlength="4"'),
    f('Coupon code', 'name="coupon"'),
    f('Gift message', 'name="gift"'),
    f('Delivery notes', 'name="notes"'),
    f('Company (optional)', 'name="company" autocomplete="organization"'),
    f('VAT number', 'name="vat"'),
    f('Billing street', 'name="bstreet" autocomplete="billing address-line1"'),
    f('Billing city', 'name="bcity" autocomplete="billing address-level2"'),
    f('Billing postcode', 'name="bzip" autocomplete="billing postal-code"'),
    f('Quantity', 'type="number" name="qty" value="1"'),
    f('Newsletter', 'type="checkbox" name="news"'),
    f('Accept terms', 'type="checkbox" name="terms" required'),
    `<p><label>Gender <select name="gender"><option></option><option>Female</option><option>Male</option></select></label></p>`,
    `<p><label>Delivery slot <select name="slot"><option>Morning</option><option>Evening</option></select></label></p>`,
    `<p><label>Country <select name="country" autocomplete="country"><option>China</option><option>Germany</option></select></label></p>`,
    `<fieldset><legend>Shipping</legend><label><input type="radio" name="ship" value="std" checked>Standard</label><label><input type="radio" name="ship" value="exp">Express</label></fieldset>`,
    `<p><label>Order note <textarea name="ordernote"></textarea></label></p>`,
  ];
  return doc(
    'Checkout – Bench Shop',
    `<h1>Checkout</h1><form action="/order" method="post">${fields.join('\n')}<button>Place order</button></form>`,
  );
}

/** A form with `n` controls in varied markup (radio groups count two controls each). */
export function manyFieldsPage(n = 2000): string {
  const rows: string[] = [];
  let controls = 0;
  for (let i = 0; controls < n; i++) {
    const row = ROWS[i % ROWS.length];
    rows.push(row(i));
    controls += row === ROWS[4] ? 2 : 1;
  }
  return doc('Registration – Bench', `<h1>Create your account</h1><form id="f">${rows.join('')}<button>Sign up</button></form>`);
}

/**
 * A single-page app that adds `nodes` elements over `durationMs` (in 100 ticks), one control in
 * every ten nodes, then sets `window.benchDone = true`. The page loads empty, like a real SPA shell.
 */
export function spaPage(nodes = 10_000, durationMs = 5_000): string {
  const ticks = 100;
  const script = `
  (() => {
    const perTick = Math.ceil(${nodes} / ${ticks});
    const root = document.getElementById('app');
    let added = 0, tick = 0;
    window.benchDone = false;
    const step = () => {
      const frag = document.createDocumentFragment();
      for (let k = 0; k < perTick && added < ${nodes}; k += 10) {
        const i = added / 10;
        const row = document.createElement('div');
        row.className = 'row';
        // 10 nodes: div, span, b, i, em, label, small, input, p, a
        row.innerHTML = '<span><b>Item ' + i + '</b> <i>in stock</i> <em>new</em></span><label>Note ' + i + ' <small>optional</small><input name="note' + i + '"></label><p><a href="#i' + i + '">details</a></p>';
        frag.append(row);
        added += 10;
      }
      root.append(frag);
      if (++tick < ${ticks} && added < ${nodes}) setTimeout(step, ${durationMs / ticks});
      else window.benchDone = true;
    };
    document.addEventListener('DOMContentLoaded', () => setTimeout(step, 0));
  })();`;
  return doc('Shop – Bench SPA', `<h1>Your basket</h1><div id="app"></div><script>${script}</script>`);
}

/** Writes the pages (plus a blank page for warm-up) into `dir`; returns their file names. */
export function writeBenchPages(dir: string): { checkout: string; fields2000: string; spa: string; blank: string } {
  mkdirSync(dir, { recursive: true });
  const files = {
    checkout: 'checkout-30.html',
    fields2000: 'fields-2000.html',
    spa: 'spa-10000.html',
    blank: 'blank.html',
  };
  writeFileSync(path.join(dir, files.checkout), checkoutPage());
  writeFileSync(path.join(dir, files.fields2000), manyFieldsPage(2000));
  writeFileSync(path.join(dir, files.spa), spaPage());
  writeFileSync(path.join(dir, files.blank), doc('blank', '<p>blank</p>'));
  return files;
}
