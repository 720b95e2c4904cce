/**
 * Page kind and service kind on realistic pages in several languages: what a page's URL, title,
 * headings, buttons and fields say, as the content script reports them. Necessity follows from the
 * kinds, so these are checked where they change a verdict (a birth date at an alcohol shop's sign-up
 * is conditional; at a food checkout it is not needed).
 */
import { describe, expect, it } from 'vitest';
import { bundledRuleset } from '../../../src/engine/rules/builtin';
import { classifyPage } from '../../../src/engine/score/page-kind';
import { scorePage } from '../../../src/engine/score/score';
import { field, page, signals } from './observations';

const rs = bundledRuleset();
const kinds = (obs: ReturnType<typeof page>) => {
  const c = classifyPage(obs.frames, rs);
  return [c.pageKind, c.serviceKind];
};

const phone = field({ type: 'tel', autocomplete: 'tel', labelText: 'Phone' });
const password = () => field({ type: 'password', name: 'password', labelText: 'Password' });
const email = () => field({ type: 'email', name: 'email', labelText: 'Email' });

describe('page kind and service kind on realistic pages', () => {
  it.each([
    [
      'en: wine shop sign-up',
      page(
        'https://www.vineyard-cellars.example/account/register',
        signals(
          '',
          'Create an account | Vineyard Cellars',
          'You must be 18 or over to buy alcohol | Create your account | Join now | Red wine | White wine | Basket',
        ),
        [email(), password(), password(), field({ type: 'date', labelText: 'Date of birth' })],
      ),
      'signup',
      'shop',
    ],
    [
      'en: food delivery checkout',
      page(
        'https://order.pizzahouse.example/checkout',
        signals('', 'Checkout – Pizza House', 'Your order | Delivery address | Delivery in 30 min | Place order | Menu'),
        [
          phone,
          field({ autocomplete: 'street-address', labelText: 'Street' }),
          field({ autocomplete: 'postal-code', labelText: 'Postcode' }),
        ],
      ),
      'checkout',
      'food',
    ],
    [
      'en: log-in',
      page('https://shop.example.com/login', signals('', 'Sign in', 'Sign in | Forgot your password?'), [email(), password()]),
      'login',
      'shop',
    ],
    [
      'en: newsletter box',
      page('https://news.example.org/', signals('', 'Daily digest', 'Subscribe to our newsletter'), [email()]),
      'newsletter',
      'other',
    ],
    [
      'zh: 外卖结算',
      page('https://h5.waimai.example.cn/#/confirm', signals('', '提交订单', '提交订单 | 收货地址 | 预计30分钟送达 | 餐具数量 | 骑手'), [
        field({ labelText: '手机号' }),
        field({ labelText: '收货地址' }),
      ]),
      'checkout',
      'food',
    ],
    [
      'zh: 寄快递',
      page('https://m.express.example.cn/send', signals('', '寄快递', '寄件人 | 收件人 | 物品类型 | 下单寄件'), [
        field({ labelText: '寄件人电话' }),
        field({ labelText: '身份证号' }),
      ]),
      'other',
      'parcel',
    ],
    ['zh: 打车', page('https://m.taxi.example.cn/', signals('', '叫车', '您要去哪儿 | 上车点 | 目的地 | 立即叫车'), []), 'other', 'ride'],
    [
      'zh: 商城注册',
      page('https://m.mall.example.cn/register', signals('', '新用户注册', '注册 | 获取验证码 | 商城'), [
        field({ labelText: '手机号' }),
        password(),
      ]),
      'signup',
      'shop',
    ],
    [
      'zh: 搜索',
      page('https://m.mall.example.cn/search?keyword=杯子', signals('', '搜索', '搜索 | 综合 | 销量'), [
        field({ type: 'search', name: 'keyword' }),
      ]),
      'search',
      'shop',
    ],
    [
      'zh: 开启定位',
      page(
        'https://h5.example.cn/loc',
        signals('', '开启定位', '开启定位，为您推荐附近门店 | 允许访问'),
        [],
        [{ api: 'geolocation.getCurrentPosition', highAccuracy: true }],
      ),
      'permission',
      'other',
    ],
    [
      'de: Kasse',
      page('https://www.beispiel-shop.de/kasse', signals('', 'Kasse', 'Zur Kasse | Warenkorb | Bestellung abschließen | Versand'), [
        field({ labelText: 'Straße und Hausnummer' }),
        field({ labelText: 'PLZ' }),
      ]),
      'checkout',
      'shop',
    ],
    [
      'fr: inscription',
      page('https://www.exemple.fr/inscription', signals('', 'Créer un compte', 'Créer un compte | Inscription'), [
        email(),
        password(),
        password(),
      ]),
      'signup',
      'other',
    ],
    [
      'ja: 会員登録',
      page('https://shop.example.jp/member/new', signals('', '会員登録', '会員登録 | カート'), [email(), password(), password()]),
      'signup',
      'shop',
    ],
  ] as const)('%s', (_, obs, pageKind, serviceKind) => {
    expect(kinds(obs as ReturnType<typeof page>)).toEqual([pageKind, serviceKind]);
  });
});

describe('necessity follows the kinds', () => {
  it('a birth date at a wine shop sign-up is conditional, at a food checkout it is not needed', () => {
    const dob = () => field({ type: 'date', autocomplete: 'bday', labelText: 'Date of birth', required: true });
    const wine = page(
      'https://www.vineyard-cellars.example/account/register',
      signals(
        '',
        'Create an account | Vineyard Cellars',
        'You must be 18 or over to buy alcohol | Create your account | Red wine | Basket',
      ),
      [email(), password(), password(), dob()],
    );
    const food = page(
      'https://order.pizzahouse.example/checkout',
      signals('', 'Checkout – Pizza House', 'Your order | Delivery address | Place order | Menu'),
      [phone, dob()],
    );
    const necessityOf = (obs: ReturnType<typeof page>) => scorePage(obs, rs).findings.find((f) => f.category === 'birthdate')?.necessity;
    expect(necessityOf(wine)).toBe('conditional');
    expect(necessityOf(food)).toBe('unnecessary');
  });
});
