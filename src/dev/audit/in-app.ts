/**
 * `npm run audit -- --as wechat|alipay|douyin`: opens targets the way that app's web view would, so an
 * advocate sees every bridge request an H5 page makes *inside* the app — requests that never happen in
 * an ordinary browser because the client-injected bridge (WeixinJSBridge, AlipayJSBridge) is missing.
 *
 * Two things, both for the audit's own Chromium only (never in users' browsers):
 * - the app's user-agent token (pages gate their bridge code on "MicroMessenger", "AlipayClient", "aweme");
 * - a recording bridge, injected before page scripts, that answers like a user who declines every
 *   request (WeChat: "<name>:cancel"; Alipay: error 10 "user cancel") and reports each call on the
 *   page world's observation channel, so the extension scores it like any other bridge request.
 *   WeChat's signature check (preVerifyJSAPI) is answered "ok" so wx.ready() callbacks run; its
 *   verifyJsApiList is reported as declared. Douyin's web view gives H5 pages no data bridge (only
 *   tt.miniProgram navigation), so --as douyin sets the user agent only.
 */
import { EVENT_NAME } from '../../page-world/channel';

export const IN_APP = ['wechat', 'alipay', 'douyin'] as const;
export type InApp = (typeof IN_APP)[number];

const ANDROID =
  'Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36';

/** The web views' user agents as the apps send them (Android builds of late 2023). */
export const IN_APP_USER_AGENTS: Record<InApp, string> = {
  wechat: `${ANDROID} XWEB/1160065 MMWEBSDK/20231202 MMWEBID/1234 MicroMessenger/8.0.47.2560(0x28002F35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64`,
  alipay: `${ANDROID} UWS/3.22.2.9999 UCBS/3.22.2.9999_220000000000 Mobile AlipayDefined(nt:WIFI,ws:411|0|2.625) AliApp(AP/10.5.0.6000) AlipayClient/10.5.0.6000 Language/zh-Hans useStatusBar/true isConcaveScreen/true Region/CN`,
  douyin: `${ANDROID} aweme_230400 JsSdk/1.0 NetType/WIFI Channel/douyin_a AppName/aweme app_version/23.4.0 ByteLocale/zh-CN Region/CN AppTheme/light`,
};

/**
 * The recording bridge as script text (plain ES2017, run by Playwright's addInitScript before any page
 * script). A string, not a serialised TS function, so no build helper can leak into it.
 */
export function recordingBridgeScript(app: InApp): string {
  if (app === 'douyin') return '';
  return `(() => {
  const EVENT = ${JSON.stringify(EVENT_NAME)};
  const RENAMED = { geoLocation: 'getLocation', editAddress: 'openAddress' };
  const KEYS = ['type', 'isHighAccuracy', 'sourceType', 'requestType'];
  const TOKEN = /^[A-Za-z0-9_.,]{1,40}$/;
  const options = (p) => {
    const out = [];
    for (const k of KEYS) {
      let v = p && typeof p === 'object' ? p[k] : undefined;
      if (Array.isArray(v)) v = v.map(String).sort().join(',');
      else if (typeof v === 'string') v = v.toLowerCase();
      if (v !== undefined && v !== null && TOKEN.test(String(v))) out.push(k + '=' + String(v));
    }
    return out;
  };
  const send = (platform, name, declared, opts) => {
    if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9_]{0,39}$/.test(name)) return;
    const detail = JSON.stringify({ api: 'bridge.request', platform, name, declared, options: opts });
    window.dispatchEvent(new CustomEvent(EVENT, { detail }));
  };
  const ready = (event) => {
    const fire = () => document.dispatchEvent(new Event(event));
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fire);
    else setTimeout(fire, 0);
  };
  const later = (cb, value) => { if (typeof cb === 'function') setTimeout(() => cb(value), 0); };
  ${
    app === 'wechat'
      ? `if (window.WeixinJSBridge) return;
  window.WeixinJSBridge = {
    invoke(name, params, cb) {
      if (typeof params === 'function') { cb = params; params = {}; }
      if (name === 'preVerifyJSAPI') {
        for (const n of (params && params.verifyJsApiList) || []) send('wechat', RENAMED[n] || n, true, []);
      } else send('wechat', RENAMED[name] || name, false, options(params));
      const ok = name === 'preVerifyJSAPI' || name === 'getNetworkType';
      later(cb, { err_msg: name + (ok ? ':ok' : ':cancel') });
    },
    on() {},
    call(name) { send('wechat', name, false, []); },
    log() {},
  };
  ready('WeixinJSBridgeReady');`
      : `if (window.AlipayJSBridge) return;
  window.AlipayJSBridge = {
    call(name, params, cb) {
      if (typeof params === 'function') { cb = params; params = {}; }
      send('alipay', name, false, options(params));
      later(cb, { error: 10, errorMessage: 'user cancel' });
    },
    on() {},
  };
  ready('AlipayJSBridgeReady');`
  }
})();`;
}
