import { describe, expect, it } from 'vitest';
import { classifyField } from '../../src/engine/classify';
import type { FieldDescriptor } from '../../src/shared/model';
import { bundledRuleset } from '../../src/engine/rules/builtin';
import { field } from './score/observations';

const rs = bundledRuleset();
const classify = (over: Partial<FieldDescriptor>) => classifyField(field(over), rs);
const categoryOf = (over: Partial<FieldDescriptor>) => classify(over)?.category ?? null;

describe('classifyField: English', () => {
  it.each([
    [{ autocomplete: 'shipping tel' }, 'phone'],
    [{ labelText: 'Mobile number' }, 'phone'],
    [{ type: 'email', name: 'contact' }, 'email'],
    [{ labelText: 'Date of birth' }, 'birthdate'],
    [{ labelText: "Contact person's date of birth" }, 'birthdate'],
    [{ tag: 'select', type: '', name: 'dob_month' }, 'birthdate'],
    [{ tag: 'select', type: '', labelText: 'Gender', optionsText: 'Select | Female | Male' }, 'gender'],
    [{ autocomplete: 'postal-code' }, 'address'],
    [{ labelText: 'Street address' }, 'address'],
    [{ labelText: 'Social Security Number (SSN)' }, 'national_id'],
    [{ autocomplete: 'cc-number' }, 'bank_card'],
    [{ labelText: 'Latitude' }, 'precise_location'],
    [{ type: 'file', capture: 'user', accept: 'image/*', labelText: 'Take a selfie to verify' }, 'face'],
    [{ type: 'file', capture: 'user', accept: 'image/*', labelText: 'Photo' }, 'camera'],
    [{ type: 'file', accept: 'image/*', labelText: 'Photo of your passport' }, 'national_id'],
  ] as [Partial<FieldDescriptor>, string][])('%j → %s', (over, category) => {
    expect(categoryOf(over)).toBe(category);
  });
});

describe('classifyField: Simplified Chinese', () => {
  it.each([
    [{ labelText: '手机号码' }, 'phone'],
    [{ ariaLabel: '联系电话' }, 'phone'],
    [{ placeholder: '请输入手机号' }, 'phone'],
    [{ labelText: '电子邮箱' }, 'email'],
    [{ labelText: '出生日期', placeholder: '请选择' }, 'birthdate'],
    [{ labelText: '生日' }, 'birthdate'],
    [{ type: 'radio', labelText: '男', nearbyText: '性别', optionsText: '男 | 女' }, 'gender'],
    [{ labelText: '收货地址' }, 'address'],
    [{ labelText: '所在地区', placeholder: '省 / 市 / 区' }, 'address'],
    [{ tag: 'textarea', type: '', labelText: '详细地址' }, 'address'],
    [{ labelText: '身份证号' }, 'national_id'],
    [{ labelText: '银行卡号', type: 'tel' }, 'bank_card'],
    [{ labelText: '经纬度' }, 'precise_location'],
    [{ type: 'file', capture: 'user', labelText: '人脸识别' }, 'face'],
    [{ type: 'file', labelText: '上传身份证照片' }, 'national_id'],
    [{ labelText: '上传通讯录' }, 'contacts'],
  ] as [Partial<FieldDescriptor>, string][])('%j → %s', (over, category) => {
    expect(categoryOf(over)).toBe(category);
  });
});

describe('classifyField: no false alarms', () => {
  it.each([
    // A log-in identifier that takes several kinds asks for none in particular (like the password).
    [{ labelText: 'Username or email' }],
    [{ labelText: 'Email or mobile number', name: 'session_key' }],
    [{ labelText: '手机号/邮箱', name: 'account' }],
    [{ labelText: '验证码', name: 'mobileCode', type: 'tel' }],
    [{ labelText: 'SMS verification code', name: 'phone_otp' }],
    [{ labelText: 'Phone model', name: 'phone_model' }],
    [{ labelText: 'Company phone', name: 'company_phone' }],
    [{ type: 'search', name: 'q', placeholder: 'Search phones' }],
    [{ name: 'q', placeholder: 'Search mobile phones' }],
    [{ labelText: 'Coupon code', name: 'coupon' }],
    [{ labelText: '优惠码' }],
    [{ labelText: 'Quantity', type: 'number', name: 'qty' }],
    [{ labelText: '数量', type: 'tel' }],
    [{ labelText: 'Password', type: 'password', name: 'password' }],
    [{ type: 'hidden', name: 'csrf_token' }],
    [{ type: 'submit', name: 'phone' }],
    [{ type: 'checkbox', labelText: 'Text me offers on my phone' }],
    [{ labelText: 'Order notes' }],
    [{ labelText: 'Full name', autocomplete: 'name' }],
    [{ labelText: 'Place of birth' }],
    [{ labelText: 'Delivery date', type: 'date' }],
    [{ labelText: 'Gift card number' }],
    [{ labelText: '会员卡号' }],
    [{ labelText: 'Website address' }],
    [{ labelText: 'Order ID' }],
    [{ type: 'file', accept: 'image/*', labelText: 'Product photos' }],
    [{ tag: 'select', type: '', labelText: 'Size', optionsText: 'S | M | L' }],
    [{ tag: 'select', type: '', labelText: '分类', optionsText: '男装 | 女装 | 童装' }],
  ] as [Partial<FieldDescriptor>][])('%j → nothing', (over) => {
    expect(classify(over)).toBeNull();
  });

  it.each([
    // Choices of a select: a phone-prefix list looks like a country list; "All provinces" is a filter.
    [
      {
        tag: 'select',
        type: '',
        name: 'countryCodeIntl',
        ariaLabel: 'Enter Country Code',
        optionsText: 'Afghanistan (+93) | Albania (+355) | … | Zimbabwe (+263)',
      },
    ],
    [
      {
        tag: 'select',
        type: '',
        name: 'select',
        id: 'regionid',
        nearbyText: 'Provincia:',
        optionsText: '(Todas las provincias) | Madrid | Barcelona',
      },
    ],
    // An id written from the name says no more than the name: "company" inside an address block.
    [{ name: 'register_basic[contactAddress][company]', id: 'register_basic_contactAddress_company', labelText: 'Company' }],
    [{ name: 'email[title]', id: 'build-email-title', nearbyText: 'Enter a title' }],
    // Someone else's birthday, and a birthplace.
    [
      {
        tag: 'select',
        type: '',
        name: 'babies[0].month',
        nearbyText: "Due date or child's birthday",
        optionsText: 'mm | Jan | Feb | … | Dec',
      },
    ],
    [{ tag: 'select', type: '', nearbyText: 'Comune di nascita:', optionsText: 'AG | AL | AN' }],
    // E-mail as one of several log-in identifiers.
    [{ labelText: 'Email or Client Number (TP)', name: 'login-user' }],
    [{ placeholder: 'Nick lub email', name: 'username' }],
    [{ placeholder: 'Användarnamn eller e-post', name: '_username' }],
  ] as [Partial<FieldDescriptor>][])('%j → nothing', (over) => {
    expect(classify(over)).toBeNull();
  });

  it('text around a control of a search form is what is searched for, not asked', () => {
    const box = { name: 'request', nearbyText: 'два телефона Microsoft' };
    expect(categoryOf(box)).toBe('phone');
    expect(classify({ ...box, searchForm: true })).toBeNull();
    // What the control's type or autocomplete says still counts, and so do its own words: a search
    // by address gives the site the place (a delivery app's address search, a store locator).
    expect(categoryOf({ type: 'email', name: 'q', searchForm: true })).toBe('email');
    expect(categoryOf({ type: 'search', placeholder: '搜索小区/写字楼/学校', labelText: '收货地址', searchForm: true })).toBe('address');
    expect(categoryOf({ name: 'location_search_zip', nearbyText: 'City or Zip:', searchForm: true })).toBe('address');
    // A box that says "search the site" is a site search, whatever it lets you type.
    expect(classify({ name: 'text', placeholder: 'Поиск по сайту (название, улица, ключевое слово)', searchForm: true })).toBeNull();
  });

  it('a name that names the data is not vetoed by an id written for a script', () => {
    expect(classify({ name: 'comp_rue', id: 'searchTextField', nearbyText: 'Street' })).toMatchObject({
      category: 'address',
      evidenceSource: 'name',
    });
    // Without such a name, the id's veto stands.
    expect(classify({ name: 'field3', id: 'searchTextField', nearbyText: 'Street' })).toBeNull();
  });

  it('an area code is a phone part, and a postal code that contains 區號 is not', () => {
    expect(categoryOf({ name: 'areaCode', nearbyText: '*Phone', maxLength: 3 })).toBe('phone');
    expect(categoryOf({ type: 'tel', labelText: 'Area Code', name: 'q9_phoneNumber9[area]' })).toBe('phone');
    expect(categoryOf({ labelText: '郵遞區號' })).toBe('address');
  });

  it('an invisible field is never a finding, however strong its signals', () => {
    expect(classify({ autocomplete: 'tel', type: 'tel', labelText: 'Phone', visible: false })).toBeNull();
  });

  it('a phone field whose placeholder mentions the code it will receive is still a phone field', () => {
    expect(categoryOf({ labelText: '手机号', placeholder: '输入手机号获取验证码' })).toBe('phone');
  });
});

describe('classifyField: strength', () => {
  it('the strongest rule wins and says where it matched', () => {
    expect(classify({ autocomplete: 'email', labelText: 'Phone or email', name: 'phone' })).toEqual({
      category: 'email',
      ruleId: 'email.autocomplete',
      weight: 10,
      evidenceSource: 'autocomplete',
    });
    expect(classify({ name: 'phone', labelText: 'Date of birth' })).toMatchObject({ category: 'birthdate', evidenceSource: 'label' });
    expect(classify({ nearbyText: 'Phone' })).toMatchObject({ ruleId: 'phone.nearby', weight: 2, evidenceSource: 'nearby' });
    expect(classify({ type: 'file', capture: 'user', labelText: 'Selfie' })).toMatchObject({
      ruleId: 'face.selfie-camera',
      evidenceSource: 'file',
    });
  });

  it('a card number in a type=tel input is a card, not a phone (label beats input type)', () => {
    expect(classify({ type: 'tel', labelText: 'Card number' })).toMatchObject({ category: 'bank_card' });
  });

  it('a veto on one rule lets the next one speak ("Email address" is email, not a postal address)', () => {
    expect(classify({ labelText: 'Email address' })).toMatchObject({ category: 'email', ruleId: 'email.label' });
  });

  it('a hostile megabyte label is cut short, not scanned', () => {
    const huge = 'x'.repeat(1_000_000) + ' phone';
    expect(classify({ labelText: huge })).toBeNull();
  });
});

describe('classifyField: languages beyond the fourteen covered ones (signals only, texts stay en + zh-CN)', () => {
  it.each([
    [{ tag: 'select', type: '', name: 'day', nearbyText: 'Syntymäaika', optionsText: 'Päivä | 1 | 2 | … | 31' }, 'birthdate'],
    [{ labelText: 'Födelsedatum' }, 'birthdate'],
    [{ labelText: 'Geboortedatum' }, 'birthdate'],
    [{ labelText: 'Születési dátum' }, 'birthdate'],
    [{ labelText: 'تاریخ تولد' }, 'birthdate'],
    [{ labelText: 'Ngày sinh' }, 'birthdate'],
    [{ tag: 'select', type: '', labelText: 'Kön', optionsText: 'Kvinna | Man' }, 'gender'],
    [{ tag: 'select', type: '', nearbyText: 'جنسیت:', optionsText: 'زن | مرد' }, 'gender'],
    [{ labelText: 'Lakcím' }, 'address'],
    [{ labelText: 'Straat en huisnummer' }, 'address'],
    [{ labelText: 'Địa chỉ' }, 'address'],
    [{ labelText: 'N. civico' }, 'address'],
  ] as [Partial<FieldDescriptor>, string][])('%j → %s', (over, category) => {
    expect(categoryOf(over)).toBe(category);
  });
});

describe('classifyField: national ID numbers, ID documents, faces and coordinates across countries', () => {
  it.each([
    [{ labelText: '身份证号码', maxLength: 18 }, 'national_id'],
    [{ labelText: '身分證字號' }, 'national_id'],
    [{ labelText: 'SSN', placeholder: '123-45-6789' }, 'national_id'],
    [{ labelText: 'CPF', placeholder: '000.000.000-00' }, 'national_id'],
    [{ name: 'nric' }, 'national_id'],
    [{ labelText: 'DNI / NIE' }, 'national_id'],
    [{ labelText: 'Codice fiscale' }, 'national_id'],
    [{ name: 'pesel' }, 'national_id'],
    [{ labelText: 'TC Kimlik No' }, 'national_id'],
    [{ labelText: 'マイナンバー' }, 'national_id'],
    [{ labelText: '주민등록번호' }, 'national_id'],
    [{ type: 'file', accept: 'image/*', nearbyText: '上传身份证人像面' }, 'national_id'],
    [{ type: 'file', accept: 'image/*', labelText: 'Personalausweis (Vorderseite)' }, 'national_id'],
    [{ type: 'file', accept: 'image/*', capture: 'user', nearbyText: '开始人脸识别（活体检测）' }, 'face'],
    [{ type: 'file', accept: 'image/*', capture: 'user', labelText: 'Selfie mit Gesicht' }, 'face'],
    [{ labelText: 'Breitengrad' }, 'precise_location'],
    [{ name: 'lng' }, 'precise_location'],
  ] as [Partial<FieldDescriptor>, string][])('%j → %s', (over, category) => {
    expect(categoryOf(over)).toBe(category);
  });

  it('the name on an ID card is not the ID number', () => {
    expect(categoryOf({ labelText: '真实姓名', placeholder: '请输入身份证上的姓名' })).toBe(null);
  });
});
