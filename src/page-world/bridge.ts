/**
 * Super-app bridges (WeChat JS-SDK, Alipay, Douyin) and app logins, watched without the page noticing.
 *
 * In an ordinary browser the client bridges (WeixinJSBridge, AlipayJSBridge) do not exist, so most of
 * what such a page asks for is *declared*: the `wx.config({jsApiList})` call, bridge calls in its
 * script text, OAuth links and one-tap phone buttons. What we do, and why the page cannot tell:
 * - No setter traps and no new globals (`typeof WeixinJSBridge`, `'wx' in window` stay as they were):
 *   we look at a SDK's global only after the page defined it, when a script has run (a passive,
 *   capturing `load` listener on the document, which the page cannot enumerate) and at DOMContentLoaded, and wrap a
 *   few methods of that SDK object in place (same descriptor, name and length; the wrapper calls the
 *   original with the same `this` and arguments and returns what it returns). The one trace left is
 *   the wrapper's source text (`wx.config.toString()`).
 * - Script text, links and buttons are only read. A navigation to an OAuth page is seen through the
 *   Navigation API's `navigate` event, again a listener the page cannot see.
 * Reported: the platform, the API name, declared or called, and a few options as "key=value" tokens;
 * never a result. A bundled SDK (npm weixin-js-sdk, webpack jweixin-module) has no global: only its
 * inline script text is seen (FORMAT.md, "Super-app bridges").
 */
import type { BridgeObservation, BridgePlatform } from '../shared/model';

type Emit = (o: BridgeObservation) => void;
type AnyFunction = (...args: unknown[]) => unknown;

/** jweixin rewrites these names before they reach WeixinJSBridge (and in the caller's jsApiList). */
const WECHAT_INVOKE_NAMES: Record<string, string> = { geoLocation: 'getLocation', editAddress: 'openAddress' };
/** The options that decide a category; anything else a page passes is not read. */
const OPTION_KEYS = ['type', 'isHighAccuracy', 'sourceType', 'requestType'];
/** SDK globals, the platform they speak for, and the methods worth a wrapper (`config`: the jsApiList). */
const WX_METHODS = ['config', 'getLocation', 'openAddress', 'chooseImage', 'scanQRCode', 'startRecord', 'invoke'];
const SDKS: [string, BridgePlatform, string[]][] = [
  ['jWeixin', 'wechat', WX_METHODS],
  ['wx', 'wechat', WX_METHODS],
  ['ap', 'alipay', ['getLocation', 'chooseImage', 'getAuthCode']],
  ['douyin_open', 'douyin', ['showOpenAuth']],
];
/**
 * OAuth authorisation pages: URL pattern, platform, the text that marks a script building such a URL,
 * and the platform's scope names (scripts often pass the scope as a variable, not as "scope=…").
 */
const OAUTH_PAGES: [RegExp, BridgePlatform, string, RegExp][] = [
  [
    /^https?:\/\/open\.weixin\.qq\.com\/connect\/(oauth2\/authorize|qrconnect)/,
    'wechat',
    'open.weixin.qq.com/connect/',
    /\bsnsapi_[a-z]{1,20}\b/g,
  ],
  [
    /^https?:\/\/openauth\.alipay(dev)?\.com\/oauth2\/publicAppAuthorize\.htm/,
    'alipay',
    'publicAppAuthorize.htm',
    /\bauth_(?:user|base)\b/g,
  ],
  [/^https?:\/\/open\.douyin\.com\/platform\/oauth\/connect/, 'douyin', 'open.douyin.com/platform/oauth/', /[?&]scope=([\w,]{1,60})/g],
];
const PHONE_BUTTON = /手机号(快捷|一键)登录|获取手机号|本机号码一键登录/;
const TOKEN = /^[A-Za-z0-9_.,]{1,40}$/;

export function installBridgeWatch(win: Window, emit: Emit): void {
  const doc = win.document;
  const wrapped = new WeakSet<object>();
  const report = (platform: BridgePlatform, name: string, declared: boolean, options: string[] = []): void => {
    try {
      if (/^[A-Za-z]\w{0,39}$/.test(name)) emit({ api: 'bridge.request', platform, name, declared, options: options.slice(0, 6) });
    } catch {
      // Reporting must never change the page's behaviour.
    }
  };
  const reportWechat = (name: string, declared: boolean, options?: string[]) =>
    report('wechat', WECHAT_INVOKE_NAMES[name] ?? name, declared, options);
  const reportScopes = (platform: BridgePlatform, scopes: string[], declared: boolean) => {
    for (const scope of scopes) if (TOKEN.test(scope)) report(platform, 'oauth', declared, [`scope=${scope}`]);
  };

  const onCall = (platform: BridgePlatform, method: string, args: unknown[]): void => {
    const first = args[0] as Record<string, unknown> | null;
    if (method === 'config') {
      const list = read(first, 'jsApiList');
      if (Array.isArray(list)) for (const n of list.slice(0, 60)) if (typeof n === 'string') reportWechat(n, true);
    } else if (method === 'invoke') {
      if (typeof first === 'string') reportWechat(first, false, optionTokens(args[1]));
    } else if (method === 'showOpenAuth') {
      const scopes = read(read(first, 'params'), 'scopes');
      if (scopes && typeof scopes === 'object') reportScopes(platform, Object.keys(scopes).slice(0, 6), false);
    } else if (method === 'getAuthCode') {
      const scopes = read(first, 'scopes');
      reportScopes(platform, Array.isArray(scopes) ? scopes.slice(0, 6).map(String) : [String(scopes)], false);
    } else report(platform, method, false, optionTokens(first));
  };

  /** Wraps the listed methods of SDK objects the page has defined by now; each object once. */
  const watchGlobals = (): void => {
    for (const [global, platform, methods] of SDKS) {
      try {
        const own = Object.getOwnPropertyDescriptor(win, global);
        const sdk = own && 'value' in own ? (own.value as Record<string, unknown>) : null;
        // window.wx may be uni-app's `uni`: only an object with jweixin's config + ready is the JS-SDK.
        if (!sdk || typeof sdk !== 'object' || wrapped.has(sdk)) continue;
        if (platform === 'wechat' && (typeof sdk.config !== 'function' || typeof sdk.ready !== 'function')) continue;
        wrapped.add(sdk);
        for (const m of methods) wrap(sdk, m, (args) => onCall(platform, m, args));
      } catch {
        // An exotic global (a Proxy, a throwing getter) is left alone.
      }
    }
  };

  const scan = (): void => {
    try {
      watchGlobals();
      let budget = 200_000;
      for (const script of doc.querySelectorAll('script:not([src])')) {
        const text = (script.textContent ?? '').slice(0, budget);
        budget -= text.length;
        scanScriptText(text, reportWechat, report, reportScopes);
        if (budget <= 0) break;
      }
      for (const el of doc.querySelectorAll('a[href], form[action]')) {
        const oauth = oauthRequest((el as HTMLAnchorElement).href ?? (el as HTMLFormElement).action);
        if (oauth) reportScopes(oauth.platform, oauth.scopes, true);
      }
      for (const el of doc.querySelectorAll('[open-type=getPhoneNumber], button, uni-button, [role=button]')) {
        if (el.getAttribute('open-type') === 'getPhoneNumber' || PHONE_BUTTON.test((el.textContent ?? '').slice(0, 60))) {
          report('app', 'getPhoneNumber', true);
        }
      }
    } catch {
      // A page that breaks our reading loses its report, never its behaviour.
    }
  };

  // On document, not window: a script's load event never propagates to the window.
  doc.addEventListener(
    'load',
    (e) => {
      if ((e.target as Element | null)?.localName === 'script') watchGlobals();
    },
    { capture: true, passive: true },
  );
  doc.addEventListener('DOMContentLoaded', scan, { once: true });
  win.addEventListener('load', scan, { once: true });
  const navigation = (win as unknown as { navigation?: EventTarget }).navigation;
  navigation?.addEventListener('navigate', (e) => {
    const oauth = oauthRequest((e as Event & { destination?: { url?: string } }).destination?.url);
    if (oauth) reportScopes(oauth.platform, oauth.scopes, false);
  });
}

/** Declared requests in inline script text: jsApiList literals, raw bridge calls, OAuth scopes. */
export function scanScriptText(
  text: string,
  reportWechat: (name: string, declared: boolean) => void,
  report: (platform: BridgePlatform, name: string, declared: boolean) => void,
  reportScopes: (platform: BridgePlatform, scopes: string[], declared: boolean) => void,
): void {
  for (const list of text.matchAll(/jsApiList\s*:\s*\[([^\]]{0,2000})\]/g)) {
    for (const n of list[1].matchAll(/['"](\w{1,40})['"]/g)) reportWechat(n[1], true);
  }
  for (const m of text.matchAll(/WeixinJSBridge\.invoke\(\s*['"](\w{1,40})['"]/g)) reportWechat(m[1], true);
  for (const m of text.matchAll(/AlipayJSBridge\.call\(\s*['"](\w{1,40})['"]/g)) report('alipay', m[1], true);
  for (const [, platform, marker, scopes] of OAUTH_PAGES) {
    // Pages build the URL from pieces ("...authorize?appid=" + id + "&scope=" + scope): the page and the scope names suffice.
    if (!text.includes(marker)) continue;
    for (const m of text.matchAll(scopes)) reportScopes(platform, (m[1] ?? m[0]).split(','), true);
  }
}

/** The platform and scopes of an OAuth authorisation URL, or null. Scopes may be comma lists. */
export function oauthRequest(url: unknown): { platform: BridgePlatform; scopes: string[] } | null {
  if (typeof url !== 'string' || url.length > 4000) return null;
  const hit = OAUTH_PAGES.find(([pattern]) => pattern.test(url));
  if (!hit) return null;
  try {
    const scope = new URL(url).searchParams.get('scope');
    return scope ? { platform: hit[1], scopes: scope.split(',').slice(0, 6) } : null;
  } catch {
    return null;
  }
}

function read(obj: unknown, key: string): unknown {
  return typeof obj === 'object' && obj !== null ? (obj as Record<string, unknown>)[key] : undefined;
}

/** The options that matter, as "key=value"; arrays sorted and comma-joined ("sourceType=album,camera"). */
function optionTokens(options: unknown): string[] {
  const out: string[] = [];
  for (const key of OPTION_KEYS) {
    const v = read(options, key);
    const value = Array.isArray(v) ? v.slice(0, 4).map(String).sort().join(',') : typeof v === 'string' ? v.toLowerCase() : v;
    if ((typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') && TOKEN.test(String(value))) {
      out.push(`${key}=${String(value)}`);
    }
  }
  return out;
}

/**
 * Replaces `obj[name]` (an own, writable or configurable data property holding a function) with a
 * wrapper that reports the arguments *before* the call (jweixin rewrites jsApiList in place), then
 * calls the original with the same `this` and arguments and returns its result unchanged.
 */
function wrap(obj: Record<string, unknown>, name: string, onCall: (args: unknown[]) => void): void {
  const d = Object.getOwnPropertyDescriptor(obj, name);
  const original = d?.value;
  if (!d || typeof original !== 'function' || !(d.writable || d.configurable)) return;
  const apply = Reflect.apply;
  const wrapper = {
    [name](this: unknown, ...args: unknown[]) {
      try {
        onCall(args);
      } catch {
        // A hostile getter on the options must not become a page error.
      }
      return apply(original as AnyFunction, this, args);
    },
  }[name];
  try {
    Object.defineProperty(wrapper, 'length', { value: (original as AnyFunction).length });
    if (d.configurable) Object.defineProperty(obj, name, { ...d, value: wrapper });
    else obj[name] = wrapper;
  } catch {
    // Frozen SDK objects stay as they are.
  }
}
