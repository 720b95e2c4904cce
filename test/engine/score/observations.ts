/**
 * Hand-built observations for engine tests: what the content script would report for the demo pages,
 * without any DOM. Shared by test/score and test/detect.
 */
import type { ApiObservation, FieldDescriptor, FrameObservations, PageObservations, PageSignals } from '../../../src/shared/model';

let counter = 0;

/** A visible, optional text input with nothing on it; override what a test needs. */
export function field(over: Partial<FieldDescriptor> = {}): FieldDescriptor {
  counter += 1;
  return {
    key: `f${counter}`,
    tag: 'input',
    type: 'text',
    id: '',
    name: '',
    autocomplete: '',
    placeholder: '',
    ariaLabel: '',
    labelText: '',
    nearbyText: '',
    optionsText: '',
    inputMode: '',
    maxLength: null,
    accept: '',
    capture: '',
    required: false,
    visible: true,
    selector: over.id ? `#${over.id}` : over.name ? `input[name="${over.name}"]` : `input:nth-of-type(${counter})`,
    ...over,
  };
}

export function signals(url: string, title: string, text: string, lang = 'en'): PageSignals {
  return { url, title, lang, text, scriptHosts: [] };
}

export function page(
  url: string,
  sig: Omit<PageSignals, 'url'>,
  fields: FieldDescriptor[],
  apis: ApiObservation[] = [],
  more: FrameObservations[] = [],
): PageObservations {
  return { url, frames: [{ frameUrl: url, page: { ...sig, url }, fields, apis }, ...more] };
}

const BASE = 'http://127.0.0.1:8080/';
const req = { required: true };

// --- English pages -------------------------------------------------------------------------------

export function shopCheckoutEn(): PageObservations {
  return page(
    BASE + 'shop-checkout.html',
    signals(
      '',
      'Checkout · Maple & Loom Home Store',
      'Review your cart and place your order. | Checkout | Your cart (2 items) | Contact details | Delivery address | Promo code | Apply | Place order',
    ),
    [
      field({ id: 'fullName', name: 'fullName', autocomplete: 'name', labelText: 'Full name *', ...req }),
      field({
        id: 'mobile',
        name: 'mobile',
        type: 'tel',
        autocomplete: 'tel',
        inputMode: 'tel',
        labelText: 'Mobile phone *',
        placeholder: 'e.g. 07700 900123',
        ...req,
      }),
      field({ id: 'dob', name: 'dob', type: 'date', autocomplete: 'bday', labelText: 'Date of birth *', ...req }),
      field({
        tag: 'select',
        type: '',
        id: 'gender',
        name: 'gender',
        autocomplete: 'sex',
        labelText: 'Gender *',
        optionsText: 'Select… | Female | Male | Prefer not to say',
        ...req,
      }),
      field({ id: 'street', name: 'street', autocomplete: 'address-line1', labelText: 'Street address *', ...req }),
      field({ id: 'city', name: 'city', autocomplete: 'address-level2', labelText: 'Town / city *', ...req }),
      field({ id: 'postcode', name: 'postcode', autocomplete: 'postal-code', labelText: 'Postcode *', ...req }),
      field({ id: 'promo', name: 'promo', ariaLabel: 'Promo code', placeholder: 'Enter a promo code' }),
    ],
  );
}

export function vendingPayEn(): PageObservations {
  return page(
    BASE + 'vending-pay.html',
    signals(
      '',
      'Pay at vending machine · FreshBox Self-Service',
      'FreshBox vending machine | Scan your face to pay | Member details | Gender * | Confirm and pay £1.80',
    ),
    [
      field({ id: 'phone', name: 'phone', type: 'tel', autocomplete: 'tel', labelText: 'Mobile number *', ...req }),
      field({ type: 'radio', name: 'gender', labelText: 'Female', nearbyText: 'Gender *', optionsText: 'Female | Male', ...req }),
      field({ type: 'radio', name: 'gender', labelText: 'Male', nearbyText: 'Gender *', optionsText: 'Female | Male', ...req }),
      field({ id: 'birthday', name: 'birthday', type: 'date', autocomplete: 'bday', labelText: 'Date of birth *', ...req }),
    ],
    [{ api: 'mediaDevices.getUserMedia', video: true, audio: false, facingUser: true }],
  );
}

export function foodDeliveryEn(): PageObservations {
  return page(
    BASE + 'food-delivery.html',
    signals(
      '',
      'Checkout · Golden Wok – food delivery',
      'Golden Wok | Where should the rider bring your food? | Delivery details | Your order | Place order',
    ),
    [
      field({
        id: 'address',
        name: 'address',
        autocomplete: 'street-address',
        labelText: 'Delivery address *',
        placeholder: 'House number and street',
        ...req,
      }),
      field({ id: 'flat', name: 'flat', autocomplete: 'address-line2', labelText: 'Flat, floor or building *', ...req }),
      field({ id: 'phone', name: 'phone', type: 'tel', autocomplete: 'tel', labelText: 'Phone number for the rider *', ...req }),
      field({
        tag: 'textarea',
        type: '',
        id: 'notes',
        name: 'notes',
        labelText: 'Notes for the kitchen',
        placeholder: 'e.g. no chilli, extra sauce',
      }),
    ],
    [{ api: 'geolocation.getCurrentPosition', highAccuracy: true }],
  );
}

export function cleanCheckoutEn(): PageObservations {
  return page(
    BASE + 'clean-checkout.html',
    signals(
      '',
      'Checkout · Paper & Pine Stationery',
      'Review your cart and place your order. | Checkout | Your cart (3 items) | Contact details | Delivery address | Promo code | Apply | Place order',
    ),
    [
      field({ id: 'fullName', name: 'fullName', autocomplete: 'name', labelText: 'Full name *', ...req }),
      field({ id: 'mobile', name: 'mobile', type: 'tel', autocomplete: 'tel', labelText: 'Mobile phone *', ...req }),
      field({ id: 'street', name: 'street', autocomplete: 'address-line1', labelText: 'Street address *', ...req }),
      field({ id: 'city', name: 'city', autocomplete: 'address-level2', labelText: 'Town / city *', ...req }),
      field({ id: 'postcode', name: 'postcode', autocomplete: 'postal-code', labelText: 'Postcode *', ...req }),
      field({ id: 'promo', name: 'promo', ariaLabel: 'Promo code', placeholder: 'Enter a promo code' }),
    ],
  );
}

// --- Simplified Chinese pages (Vant-style markup: ids, aria-labelledby, no names) ----------------

function vant(n: number, label: string, over: Partial<FieldDescriptor> = {}): FieldDescriptor {
  return field({ id: `van-field-${n}-input`, labelText: label, ariaLabel: label, ...req, ...over });
}

export function shopCheckoutZh(): PageObservations {
  return page(
    BASE + 'shop-checkout.zh.html',
    signals(
      '',
      '确认订单 - 枫织家居商城',
      '确认订单 | 商品清单（共 2 件） | 粗陶手冲咖啡壶套装 | 亚麻擦手巾（两条装） | 收货信息 | 提交订单',
      'zh-CN',
    ),
    [
      vant(1, '收货人', { placeholder: '请填写收货人姓名' }),
      vant(2, '手机号', { type: 'tel', placeholder: '请输入手机号', maxLength: 11 }),
      vant(3, '出生日期', { placeholder: '请选择出生日期' }),
      field({ type: 'radio', name: 'gender', labelText: '男', nearbyText: '性别', optionsText: '男 | 女', ...req }),
      field({ type: 'radio', name: 'gender', labelText: '女', nearbyText: '性别', optionsText: '男 | 女', ...req }),
      vant(5, '所在地区', { placeholder: '省 / 市 / 区' }),
      vant(6, '详细地址', { tag: 'textarea', type: '', placeholder: '街道、楼牌号、单元室等' }),
      vant(7, '优惠码', { placeholder: '选填，输入优惠码', required: false }),
    ],
  );
}

export function vendingPayZh(): PageObservations {
  return page(
    BASE + 'vending-pay.zh.html',
    signals('', '刷脸支付 - 鲜盒自助售货机', '自助售货机 · 支付 | 鲜盒无人售货机 | 气泡水 500ml | 刷脸支付 | 会员信息 | 确认支付', 'zh-CN'),
    [
      vant(1, '手机号', { type: 'tel', placeholder: '请输入手机号', maxLength: 11 }),
      // Vant 4's radio group: one ARIA radiogroup, reported as a single radio "input" without a name.
      field({ type: 'radio', id: 'van-field-2-input', nearbyText: '性别', optionsText: '✓男 | ✓女', ...req }),
      vant(3, '出生日期', { placeholder: '请选择出生日期' }),
    ],
    [{ api: 'mediaDevices.getUserMedia', video: true, audio: false, facingUser: true }],
  );
}

export function foodDeliveryZh(): PageObservations {
  return page(
    BASE + 'food-delivery.zh.html',
    signals('', '提交订单 - 金锅小馆 外卖', '提交订单 | 金锅小馆（滨江店） | 送餐地址 | 订单详情', 'zh-CN'),
    [
      vant(1, '收货地址', { placeholder: '小区 / 写字楼 / 学校' }),
      vant(2, '门牌号', { placeholder: '例：8 号楼 502 室' }),
      vant(3, '手机号', { type: 'tel', placeholder: '骑手联系你的电话', maxLength: 11 }),
      vant(4, '备注', { tag: 'textarea', type: '', placeholder: '口味、偏好等要求（选填）', required: false }),
    ],
    [{ api: 'geolocation.getCurrentPosition', highAccuracy: true }],
  );
}

export function cleanCheckoutZh(): PageObservations {
  return page(
    BASE + 'clean-checkout.zh.html',
    signals('', '确认订单 - 松纸文具商城', '确认订单 | 商品清单（共 3 件） | 点阵笔记本 A5 | 收货信息 | 提交订单', 'zh-CN'),
    [
      vant(1, '收货人', { placeholder: '请填写收货人姓名' }),
      vant(2, '手机号', { type: 'tel', placeholder: '请输入手机号', maxLength: 11 }),
      vant(3, '所在地区', { placeholder: '省 / 市 / 区' }),
      vant(4, '详细地址', { tag: 'textarea', type: '', placeholder: '街道、楼牌号、单元室等' }),
      vant(5, '优惠码', { placeholder: '选填，输入优惠码', required: false }),
    ],
  );
}
