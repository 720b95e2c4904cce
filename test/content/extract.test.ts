// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { fieldKey } from '@/src/content/controls';
import { describeField, extractFields } from '@/src/content/extract';
import { uniqueSelector } from '@/src/content/selectors';
import { collectPageSignals } from '@/src/content/page-signals';
import type { FieldDescriptor } from '@/src/shared/model';
import { loadFixture } from './fixture';

const FIXTURES = [
  'checkout-en.html',
  'checkout-zh-vant.html',
  'form-antd-mobile.html',
  'signup-dob-selects.html',
  'hidden-fields.html',
  'file-capture.html',
];

function byName(fields: FieldDescriptor[], name: string): FieldDescriptor {
  const field = fields.find((f) => f.name === name || f.id === name);
  if (!field) throw new Error(`no field ${name} in ${fields.map((f) => f.name || f.id).join(',')}`);
  return field;
}

afterEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('extractFields on the English checkout', () => {
  it('describes labels, table cells, sibling text, options and required markers', () => {
    const fields = extractFields(loadFixture('checkout-en.html'));
    expect(fields.map((f) => f.name)).toEqual([
      'fullName',
      'email',
      'phone',
      'dob',
      'gender',
      'street',
      'city',
      'postcode',
      'notes',
      'newsletter',
    ]);

    const phone = byName(fields, 'phone');
    expect(phone).toMatchObject({
      tag: 'input',
      type: 'tel',
      autocomplete: 'tel',
      inputMode: 'tel',
      maxLength: 15,
      labelText: 'Mobile phone',
      required: true,
      visible: true,
      selector: '#phone',
    });
    expect(byName(fields, 'fullName')).toMatchObject({ labelText: 'Full name *', required: true });
    // "(optional)" in the label wins over nothing else saying required.
    expect(byName(fields, 'email')).toMatchObject({ labelText: 'Email (optional)', required: false });
    // A span before the input acts as the label; aria-required counts.
    expect(byName(fields, 'dob')).toMatchObject({ type: 'date', labelText: '', nearbyText: 'Date of birth', required: true });
    expect(byName(fields, 'gender')).toMatchObject({
      tag: 'select',
      type: '',
      required: true,
      optionsText: 'Please choose | Female | Male | Non-binary | Prefer not to say',
    });
    // The table cell to the left is the label.
    expect(byName(fields, 'postcode')).toMatchObject({ nearbyText: 'Postcode', required: true, selector: 'input[name="postcode"]' });
    expect(byName(fields, 'notes')).toMatchObject({ tag: 'textarea', ariaLabel: 'Delivery instructions', required: false });
    expect(byName(fields, 'newsletter')).toMatchObject({ type: 'checkbox', labelText: 'Send me offers by email' });
  });
});

describe('extractFields on a Vant 4 checkout (zh-CN)', () => {
  it('reads Vant labels, the CSS-drawn required mark, custom radio groups and 选填', () => {
    const fields = extractFields(loadFixture('checkout-zh-vant.html'));
    expect(fields).toHaveLength(6);
    const [phone, consignee, address, birthday, gender, note] = fields;
    expect(phone).toMatchObject({
      type: 'tel',
      labelText: '手机号',
      ariaLabel: '手机号',
      placeholder: '请输入手机号',
      required: true,
      selector: '#van-field-1-input',
    });
    expect(consignee).toMatchObject({ name: 'consignee', labelText: '收货人', required: false });
    // No <label>: the .van-field__label span is the nearby label; its --required class marks it.
    expect(address).toMatchObject({ tag: 'textarea', labelText: '', nearbyText: '收货地址', required: true });
    expect(birthday).toMatchObject({ name: 'birthday', labelText: '出生日期', placeholder: '点击选择日期' });
    // Vant radios are divs: the radiogroup is described as one radio question.
    expect(gender).toMatchObject({ tag: 'input', type: 'radio', nearbyText: '性别', optionsText: '男 | 女' });
    expect(document.querySelectorAll(gender.selector)[0]?.getAttribute('role')).toBe('radiogroup');
    expect(note).toMatchObject({ labelText: '订单备注', required: false });
  });
});

describe('extractFields on an Ant Design Mobile form', () => {
  it('takes labels from the list-item prefix and groups wrapper-less radios by form item', () => {
    const fields = extractFields(loadFixture('form-antd-mobile.html'));
    expect(fields).toHaveLength(5);
    const [name, mobile, male, female, idNumber] = fields;
    expect(name).toMatchObject({ labelText: '', nearbyText: '姓名*', required: true });
    expect(mobile).toMatchObject({ labelText: '手机号*', required: true, maxLength: 11, inputMode: 'numeric', selector: '#mobile' });
    for (const radio of [male, female]) {
      expect(radio).toMatchObject({ type: 'radio', nearbyText: '性别', optionsText: '男 | 女' });
    }
    expect(male.labelText).toBe('男');
    expect(idNumber).toMatchObject({ nearbyText: '身份证号', placeholder: '选填', required: false, maxLength: 18 });
  });
});

describe('extractFields on a sign-up with date selects and a radio fieldset', () => {
  it('gives each select its own aria label, the shared caption and its options', () => {
    const fields = extractFields(loadFixture('signup-dob-selects.html'));
    const day = byName(fields, 'dob_day');
    expect(day).toMatchObject({ ariaLabel: 'Day', nearbyText: '', optionsText: 'Day | 1 | 2 | 3 | 4 | 5 | 6 | … | 10' });
    expect(byName(fields, 'dob_year').optionsText).toBe('Year | 2010 | 2009 | 2008');
    const radios = fields.filter((f) => f.name === 'gender');
    expect(radios.map((r) => r.labelText)).toEqual(['Female', 'Male', 'Other']);
    for (const radio of radios) expect(radio).toMatchObject({ nearbyText: 'Gender', optionsText: 'Female | Male | Other' });
    expect(byName(fields, 'email')).toMatchObject({ labelText: 'Email address', required: true });
    expect(byName(fields, 'terms')).toMatchObject({ type: 'checkbox', nearbyText: 'I accept the terms', required: true });
    expect(fields.some((f) => f.type === 'submit')).toBe(false);
  });

  it('finds the caption of selects that have no aria label', () => {
    loadFixture('signup-dob-selects.html');
    for (const select of document.querySelectorAll('select')) select.removeAttribute('aria-label');
    const fields = extractFields(document);
    expect(byName(fields, 'dob_day').nearbyText).toBe('Date of birth');
    // The month select's previous sibling is another control: that is a different question.
    expect(byName(fields, 'dob_month').nearbyText).toBe('');
  });
});

describe('visibility and skipped inputs', () => {
  it('skips hidden/submit/button/reset/image inputs and marks honeypots invisible', () => {
    const fields = extractFields(loadFixture('hidden-fields.html'));
    expect(fields.map((f) => [f.name, f.visible])).toEqual([
      ['email', true],
      ['website', false], // display:none via a stylesheet class
      ['phone_confirm', false], // hidden attribute
      ['fax', false], // aria-hidden container
      ['address2', false], // visibility:hidden
      ['birthday', false], // display:none inline
      ['photo', true], // hidden file input behind a visible <label>: a styled upload button
    ]);
    expect(byName(fields, 'photo')).toMatchObject({ type: 'file', accept: 'image/*', labelText: 'Attach a photo' });
  });
});

describe('file inputs', () => {
  it('records accept and capture, with sibling text as the label', () => {
    const fields = extractFields(loadFixture('file-capture.html'));
    expect(fields.map((f) => [f.name, f.capture, f.accept])).toEqual([
      ['face', 'user', 'image/*'],
      ['idFront', 'environment', 'image/jpeg,image/png'],
      ['doc', '', '.pdf'],
    ]);
    expect(byName(fields, 'face').nearbyText).toBe('请拍摄本人正脸照片');
    expect(byName(fields, 'idFront').labelText).toBe('上传身份证人像面');
  });
});

describe('on every fixture', () => {
  it.each(FIXTURES)('%s: selectors are unique and point at the field', (name) => {
    loadFixture(name);
    const elements = [...document.querySelectorAll('input,select,textarea,[role=radiogroup]')];
    for (const field of extractFields(document)) {
      const matches = document.querySelectorAll(field.selector);
      expect(matches.length, field.selector).toBe(1);
      expect(fieldKey(matches[0])).toBe(field.key);
      expect(elements).toContain(matches[0]);
    }
  });

  it.each(FIXTURES)('%s: never reads or reports what the user typed', (name) => {
    loadFixture(name);
    const secret = 'S3CR3T-user-typed';
    for (const el of document.querySelectorAll<HTMLInputElement>('input:not([type=hidden]):not([type=submit]):not([type=file])')) {
      if (el.type === 'radio' || el.type === 'checkbox') el.checked = true;
      else el.value = secret;
    }
    for (const el of document.querySelectorAll('textarea')) el.value = secret;
    for (const el of document.querySelectorAll('select')) el.selectedIndex = el.options.length - 1;
    // Trap every value getter: extraction must not call them at all.
    const reads: string[] = [];
    const traps = [HTMLInputElement, HTMLTextAreaElement, HTMLSelectElement].map((ctor) => {
      const proto = ctor.prototype;
      const original = Object.getOwnPropertyDescriptor(proto, 'value')!;
      Object.defineProperty(proto, 'value', {
        configurable: true,
        get() {
          reads.push(ctor.name);
          return original.get!.call(this);
        },
        set(v) {
          original.set!.call(this, v);
        },
      });
      return () => Object.defineProperty(proto, 'value', original);
    });
    try {
      const fields = extractFields(document);
      expect(fields.length).toBeGreaterThan(0);
      expect(JSON.stringify(fields)).not.toContain(secret);
      expect(JSON.stringify(collectPageSignals(document))).not.toContain(secret);
      expect(reads).toEqual([]);
    } finally {
      for (const restore of traps) restore();
    }
  });
});

describe('keys and selectors', () => {
  it('keeps a field’s key for the life of the element', () => {
    document.body.innerHTML = '<input name="a"><input name="b">';
    const first = extractFields(document).map((f) => f.key);
    document.body.prepend(document.createElement('input'));
    const second = extractFields(document);
    expect(second.slice(1).map((f) => f.key)).toEqual(first);
    expect(new Set(second.map((f) => f.key)).size).toBe(3);
  });

  it('falls back to a path when ids and names repeat or need escaping', () => {
    document.body.innerHTML = `
      <div id="box"><p><input id="dup" name="x"></p><p><input id="dup" name="x"></p></div>
      <section><input id="a:b" name='we"ird'></section>`;
    const [a, b, c] = [...document.querySelectorAll('input')];
    expect(uniqueSelector(a)).toBe('#box > p:nth-of-type(1) > input');
    expect(uniqueSelector(b)).toBe('#box > p:nth-of-type(2) > input');
    expect(uniqueSelector(c)).toBe('html > body > section > input');
    expect(document.querySelectorAll(uniqueSelector(c))[0]).toBe(c);
  });

  it('bounds nearby text to 80 characters of normalised whitespace', () => {
    document.body.innerHTML = `<div><span>${'Please   enter\n'.repeat(20)}</span><input></div>`;
    const [field] = extractFields(document);
    expect(field.nearbyText.length).toBeLessThanOrEqual(80);
    expect(field.nearbyText).toMatch(/^Please enter Please enter/);
  });

  it('describes a single element directly', () => {
    document.body.innerHTML = '<label>Phone <input id="p" type="TEL" autocomplete="Tel"></label>';
    const d = describeField(document.getElementById('p')!, 'k1');
    expect(d).toMatchObject({ key: 'k1', type: 'tel', autocomplete: 'tel', labelText: 'Phone', maxLength: null });
  });
});

describe('collectPageSignals', () => {
  it('collects title, lang, prominent text and deduplicated script hosts', () => {
    const signals = collectPageSignals(loadFixture('checkout-en.html'));
    expect(signals.title).toBe('Checkout – Oak & Ember Home Goods');
    expect(signals.lang).toBe('en');
    expect(signals.text).toContain('Secure checkout');
    expect(signals.text).toContain('Checkout');
    expect(signals.text).toContain('Delivery address');
    expect(signals.text).toContain('Place order');
    expect(signals.scriptHosts).toEqual(['cdn.shopkit.example', 'js.payments.example']);
  });

  it('reads zh headings and Vant titles, and stays within 2,000 characters', () => {
    const signals = collectPageSignals(loadFixture('checkout-zh-vant.html'));
    expect(signals.lang).toBe('zh-CN');
    expect(signals.text).toContain('确认订单');
    expect(signals.text).toContain('提交订单');
    document.body.innerHTML = Array.from({ length: 400 }, (_, i) => `<h2>Heading number ${i} of many</h2>`).join('');
    expect(collectPageSignals(document).text.length).toBeLessThanOrEqual(2000);
  });
});

describe('decoration', () => {
  it('leaves icon glyphs out of label text', () => {
    document.body.innerHTML = `<div class="van-radio-group" role="radiogroup">
      <label class="van-radio"><input type="radio" name="g" value="m"><span class="van-radio__icon van-radio__icon--round">✓</span><span class="van-radio__label">男</span></label>
      <label class="van-radio"><input type="radio" name="g" value="f"><span class="van-radio__icon">✓</span><span class="van-radio__label">女</span></label></div>`;
    const [male] = extractFields(document);
    expect(male).toMatchObject({ labelText: '男', optionsText: '男 | 女' });
  });
});

describe('desktop component libraries', () => {
  it('reads Ant Design and Element Plus form items, including their CSS-drawn required marks', () => {
    document.body.innerHTML = `
      <div class="ant-form-item"><div class="ant-row ant-form-item-row">
        <div class="ant-col ant-form-item-label"><label class="ant-form-item-required" title="Mobile">Mobile</label></div>
        <div class="ant-col ant-form-item-control"><div class="ant-form-item-control-input"><input class="ant-input" type="text"></div></div>
      </div></div>
      <div class="el-form-item is-required">
        <label class="el-form-item__label">出生日期</label>
        <div class="el-form-item__content"><div class="el-input"><div class="el-input__wrapper"><input class="el-input__inner" type="text"></div></div></div>
      </div>
      <div class="el-form-item">
        <label class="el-form-item__label">邮箱</label>
        <div class="el-form-item__content"><div class="el-input"><div class="el-input__wrapper"><input class="el-input__inner" type="text"></div></div></div>
      </div>`;
    const [mobile, birth, mail] = extractFields(document);
    expect(mobile).toMatchObject({ labelText: '', nearbyText: 'Mobile', required: true });
    expect(birth).toMatchObject({ nearbyText: '出生日期', required: true });
    expect(mail).toMatchObject({ nearbyText: '邮箱', required: false });
  });
});

describe('extractFields on a form whose controls shadow form properties', () => {
  it('still describes every control when an input is named "action" (DOM clobbering)', () => {
    document.body.innerHTML = `<form action="/register"><input name="action" type="hidden" value="create"><label>Email <input name="email"></label></form>`;
    const email = extractFields(document).find((f) => f.name === 'email');
    expect(email).toMatchObject({ labelText: 'Email', formAction: new URL('/register', document.baseURI).href });
  });
});

describe('radio groups whose captions miss their inputs', () => {
  it('takes each choice from the text after it, and only this group’s choices', () => {
    // Captions' `for` differ in case from the ids ("seeking_a_m" vs "seeking_a_M"): no label binds.
    document.body.innerHTML = `<table><tr>
      <td><label for="gender">You are a</label>
        <input id="gender_M" name="gender" type="radio" value="M"><label for="gender_m">Man</label>
        <input id="gender_F" name="gender" type="radio" value="F"><label for="gender_f">Woman</label></td>
      <td><label for="seeking_a">Looking for a</label>
        <input id="seeking_a_M" name="seeking_a" type="radio" value="M"><label for="seeking_a_m">Man</label>
        <input id="seeking_a_F" name="seeking_a" type="radio" value="F"><label for="seeking_a_f">Woman</label></td>
    </tr></table>`;
    const seeking = extractFields(document).filter((f) => f.name === 'seeking_a');
    expect(seeking.map((f) => f.optionsText)).toEqual(['Man | Woman', 'Man | Woman']);
  });
});

describe('search forms', () => {
  const searchFormOf = (name: string) => extractFields(document).find((f) => f.name === name)?.searchForm;

  it('marks the few controls of a form that submits to a search path, in the covered languages', () => {
    document.body.innerHTML = `
      <form action="/search/"><input name="request"><select name="part"><option>Phones</option></select></form>
      <form action="/Nachalo/Suche_Ergebnis.jsp"><input name="queryStr"></form>
      <form action="/research/contact"><input name="phone"></form>
      <div role="search"><input name="q"></div>
      <form action="/register"><input name="email"></form>`;
    expect(['request', 'part', 'queryStr', 'phone', 'q', 'email'].map(searchFormOf)).toEqual([true, true, true, false, true, false]);
  });

  it('does not mark a sign-up form swallowed by an unclosed header search form', () => {
    // The parser ignores the nested <form> tag: every control below belongs to the search form.
    document.body.innerHTML = `<form action="casearch.aspx"><input name="keyword">
      <form action="createaccount.aspx"><input name="email"><input name="phone"><input name="address1">
      <input name="zip"><input name="city"></form>`;
    expect(searchFormOf('email')).toBe(false);
    expect(searchFormOf('keyword')).toBe(false);
  });

  it('counts the controls of a form whose "elements" property a control shadows', () => {
    document.body.innerHTML = `<form action="/search"><input name="elements"><input name="email"><input name="phone">
      <input name="address1"><input name="zip"></form>`;
    expect(searchFormOf('email')).toBe(false);
  });
});
