// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { installBridgeWatch, oauthRequest } from '@/src/page-world/bridge';
import { parseApiObservation } from '@/src/page-world/channel';
import type { BridgeObservation } from '@/src/shared/model';

type Win = Record<string, unknown>;

function setup(html = '') {
  document.body.innerHTML = html;
  const seen: BridgeObservation[] = [];
  installBridgeWatch(window, (o) => seen.push(o));
  return seen;
}

/** A jweixin-like SDK: config rewrites jsApiList in place, as jweixin 1.6.0 does. */
function fakeJweixin() {
  const calls: unknown[] = [];
  const sdk: Record<string, unknown> = {
    config(c: { jsApiList: string[] }) {
      c.jsApiList.forEach((n, i) => (c.jsApiList[i] = n === 'getLocation' ? 'geoLocation' : n));
      calls.push(['config', this]);
      return 'configured';
    },
    ready() {},
    getLocation(o: unknown) {
      calls.push(['getLocation', o]);
      if ((o as { fail?: boolean })?.fail) throw new Error('from the SDK');
      return 7;
    },
  };
  return { sdk, calls };
}

/**
 * After a script defined its globals: in browsers the capturing `load` listener on window runs then
 * (covered by the e2e); happy-dom does not propagate element events to window, so DOMContentLoaded,
 * the other moment the watch looks, stands in.
 */
function scriptLoaded() {
  document.dispatchEvent(new Event('DOMContentLoaded'));
}

afterEach(() => {
  for (const name of ['wx', 'jWeixin', 'douyin_open']) delete (window as unknown as Win)[name];
  document.head.innerHTML = '';
});

describe('page-world bridge watch', () => {
  it('adds no global and changes nothing a page can test before it defines its SDK', () => {
    setup();
    expect(typeof (window as unknown as Win).WeixinJSBridge).toBe('undefined');
    expect('WeixinJSBridge' in window).toBe(false);
    expect('wx' in window).toBe(false);
    expect('AlipayJSBridge' in window).toBe(false);
    expect(Object.getOwnPropertyDescriptor(window, 'jWeixin')).toBeUndefined();
  });

  it('reads wx.config jsApiList before jweixin rewrites it, and reports calls with the options that matter', () => {
    const seen = setup();
    const { sdk, calls } = fakeJweixin();
    (window as unknown as Win).jWeixin = (window as unknown as Win).wx = sdk;
    scriptLoaded();
    // The global is still a plain data property holding the very same object.
    const d = Object.getOwnPropertyDescriptor(window, 'wx')!;
    expect(d.value).toBe(sdk);
    expect('get' in d).toBe(false);

    const list = ['getLocation', 'updateAppMessageShareData'];
    expect((sdk.config as (c: unknown) => unknown).call(sdk, { jsApiList: list })).toBe('configured');
    expect(list).toEqual(['geoLocation', 'updateAppMessageShareData']);
    expect((sdk.getLocation as (o: unknown) => unknown)({ type: 'GCJ02', success() {} })).toBe(7);
    expect(() => (sdk.getLocation as (o: unknown) => unknown)({ fail: true })).toThrow('from the SDK');
    expect(calls[0]).toEqual(['config', sdk]);
    expect(seen).toContainEqual({ api: 'bridge.request', platform: 'wechat', name: 'getLocation', declared: true, options: [] });
    expect(seen).toContainEqual({
      api: 'bridge.request',
      platform: 'wechat',
      name: 'getLocation',
      declared: false,
      options: ['type=gcj02'],
    });
    expect(seen).toContainEqual({
      api: 'bridge.request',
      platform: 'wechat',
      name: 'updateAppMessageShareData',
      declared: true,
      options: [],
    });
    // Wrapped once, same name and length as the original.
    expect((sdk.getLocation as () => void).name).toBe('getLocation');
    expect((sdk.getLocation as () => void).length).toBe(1);
    // Every report passes the channel's validation.
    for (const o of seen) expect(parseApiObservation(JSON.parse(JSON.stringify(o)))).toEqual(o);
  });

  it('leaves uni-app’s window.wx (no config/ready) and non-writable methods alone', () => {
    setup();
    const uni: Record<string, unknown> = { getLocation() {} };
    const original = uni.getLocation;
    (window as unknown as Win).wx = uni;
    const { sdk } = fakeJweixin();
    Object.defineProperty(sdk, 'getLocation', { value: sdk.getLocation, writable: false, configurable: false });
    const frozenMethod = sdk.getLocation;
    (window as unknown as Win).jWeixin = sdk;
    scriptLoaded();
    expect(uni.getLocation).toBe(original);
    expect(sdk.getLocation).toBe(frozenMethod);
  });

  it('finds declared requests in script text, OAuth links and one-tap phone buttons at DOMContentLoaded', () => {
    const seen = setup(`
      <a href="https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx1&redirect_uri=x&response_type=code&scope=snsapi_userinfo&state=1#wechat_redirect">登录</a>
      <a href="https://openauth.alipay.com/oauth2/publicAppAuthorize.htm?app_id=1&scope=auth_base&redirect_uri=x">支付宝</a>
      <uni-button>手机号快捷登录</uni-button>
      <script>
        wx.config({ jsApiList: ['openAddress', "chooseImage"] });
        WeixinJSBridge.invoke('editAddress', {}, function () {});
        AlipayJSBridge.call('getCurrentLocation', { bizType: 'didi' });
      </script>`);
    document.dispatchEvent(new Event('DOMContentLoaded'));
    const names = seen.map((o) => `${o.platform}:${o.name}:${o.declared}:${o.options.join(',')}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'wechat:oauth:true:scope=snsapi_userinfo',
        'alipay:oauth:true:scope=auth_base',
        'app:getPhoneNumber:true:',
        'wechat:openAddress:true:',
        'wechat:chooseImage:true:',
        'alipay:getCurrentLocation:true:',
      ]),
    );
  });

  it('reports nothing on a page without bridge code', () => {
    const seen = setup('<h1>门店</h1><button>立即购买</button><a href="https://example.com/?scope=snsapi_userinfo">x</a>');
    document.dispatchEvent(new Event('DOMContentLoaded'));
    expect(seen).toEqual([]);
  });

  it('parses OAuth scopes from the query, not the hash, comma lists included', () => {
    expect(oauthRequest('https://open.weixin.qq.com/connect/oauth2/authorize?appid=a&scope=snsapi_base#wechat_redirect')).toEqual({
      platform: 'wechat',
      scopes: ['snsapi_base'],
    });
    expect(oauthRequest('https://open.douyin.com/platform/oauth/connect/?client_key=a&scope=user_info,mobile')).toEqual({
      platform: 'douyin',
      scopes: ['user_info', 'mobile'],
    });
    expect(oauthRequest('https://evil.example/open.weixin.qq.com/connect/oauth2/authorize?scope=snsapi_userinfo')).toBeNull();
  });
});
