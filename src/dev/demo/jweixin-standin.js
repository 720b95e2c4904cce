/*
 * Offline stand-in for https://res.wx.qq.com/open/js/jweixin-1.6.0.js (demo pages; same as test/fixtures/bridge/vendor/jweixin-stub.js)
 * Written from a reading of jweixin 1.6.0 (npm weixin-js-sdk@1.6.0 index.original.js,
 * jweixin-module@1.6.0 lib/index.js); it is NOT the original code. It reproduces what a
 * browser extension can observe:
 *   - defines window.wx and window.jWeixin (same object), only if window.jWeixin is unset;
 *   - wx.config() rewrites jsApiList entries IN PLACE (getLocation -> geoLocation,
 *     openAddress -> editAddress, ...) and, inside WeChat only, calls
 *     WeixinJSBridge.invoke('preVerifyJSAPI', {verifyJsApiList, ...});
 *   - every API calls WeixinJSBridge.invoke(<invokeName>, params, cb) when
 *     window.WeixinJSBridge exists, else does nothing (logs only when config.debug);
 *   - wx.ready() callbacks run only after preVerify completes, i.e. never in a normal
 *     browser (unless config.debug is true and the UA is not WeChat);
 *   - outside WeChat (UA without "micromessenger") nothing waits for WeixinJSBridgeReady.
 * No network.
 */
(function (win) {
  if (win.jWeixin) return;
  var NAME = {
    config: 'preVerifyJSAPI',
    onMenuShareTimeline: 'menu:share:timeline',
    onMenuShareAppMessage: 'menu:share:appmessage',
    onMenuShareQQ: 'menu:share:qq',
    onMenuShareWeibo: 'menu:share:weiboApp',
    onMenuShareQZone: 'menu:share:QZone',
    previewImage: 'imagePreview',
    getLocation: 'geoLocation',
    openProductSpecificView: 'openProductViewWithPid',
    addCard: 'batchAddCard',
    openCard: 'batchViewCard',
    chooseWXPay: 'getBrandWCPayRequest',
    openEnterpriseRedPacket: 'getRecevieBizHongBaoRequest',
    startSearchBeacons: 'startMonitoringBeacons',
    stopSearchBeacons: 'stopMonitoringBeacons',
    onSearchBeacons: 'onBeaconsInRange',
    consumeAndShareCard: 'consumedShareCard',
    openAddress: 'editAddress'
  };
  var ua = navigator.userAgent.toLowerCase();
  var inWeChat = ua.indexOf('micromessenger') !== -1;
  var cfg = {};
  var state = { s: 0, data: {} }; // 0 pending, 1 done, -1 failed
  var readyQueue = [];
  var errorHandler = null;

  function whenBridge(fn) { // jweixin O(): only inside WeChat
    if (!inWeChat) return;
    if (win.WeixinJSBridge) fn();
    else document.addEventListener('WeixinJSBridgeReady', fn, false);
  }
  function sign(p) { // jweixin x(): adds verify* fields
    p = p || {};
    p.appId = cfg.appId; p.verifyAppId = cfg.appId; p.verifySignType = 'sha1';
    p.verifyTimestamp = cfg.timestamp + ''; p.verifyNonceStr = cfg.nonceStr;
    p.verifySignature = cfg.signature;
    return p;
  }
  function mapNames(list) { // jweixin C(): mutates the caller's array
    if (!list) return list;
    for (var i = 0; i < list.length; i++) if (NAME[list[i]]) list[i] = NAME[list[i]];
    return list;
  }
  function finish(name, res, opts) {
    opts = opts || {};
    var msg = res.errMsg || res.err_msg || (name + ':ok');
    var tail = msg.slice(msg.indexOf(':') + 1);
    if (tail === 'confirm') tail = 'ok';
    if (opts._complete) { opts._complete(res); delete opts._complete; }
    res.errMsg = name + ':' + tail;
    if (tail === 'ok') opts.success && opts.success(res);
    else if (tail === 'cancel') opts.cancel && opts.cancel(res);
    else opts.fail && opts.fail(res);
    opts.complete && opts.complete(res);
  }
  function call(invokeName, params, opts) { // jweixin M()
    if (win.WeixinJSBridge) {
      win.WeixinJSBridge.invoke(invokeName, sign(params), function (res) { finish(invokeName, res || {}, opts); });
    } else if (cfg.debug && !(opts && opts.isInnerInvoke)) {
      console.log('"' + invokeName + '",', opts || '');
    }
  }
  function listen(eventName, handlers, opts) { // jweixin P()
    if (win.WeixinJSBridge) {
      win.WeixinJSBridge.on(eventName, function (res) { finish(eventName, res || {}, handlers); });
    } else if (cfg.debug) console.log('"' + eventName + '",', opts || handlers || '');
  }

  var wx = {
    config: function (c) {
      cfg = c || {};
      whenBridge(function () {
        if (cfg.check === false) { state.s = 1; flush(); return; }
        call(NAME.config, { verifyJsApiList: mapNames(cfg.jsApiList), verifyOpenTagList: mapNames(cfg.openTagList) }, {
          success: function () {}, fail: function (r) { state.s = -1; state.data = r; errorHandler && errorHandler(r); },
          complete: function () { if (state.s === 0) state.s = 1; flush(); }
        });
      });
      if (!wx.invoke) {
        wx.invoke = function (n, p, cb) { win.WeixinJSBridge && win.WeixinJSBridge.invoke(n, sign(p), cb); };
        wx.on = function (n, cb) { win.WeixinJSBridge && win.WeixinJSBridge.on(n, cb); };
      }
    },
    ready: function (fn) {
      if (state.s !== 0) fn();
      else { readyQueue.push(fn); if (!inWeChat && cfg.debug) fn(); }
    },
    error: function (fn) { if (state.s === -1) fn(state.data); else errorHandler = fn; },
    checkJsApi: function (o) { call('checkJsApi', { jsApiList: mapNames(o.jsApiList) }, o); },
    onMenuShareTimeline: function (o) { listen(NAME.onMenuShareTimeline, { complete: function () { call('shareTimeline', { title: o.title, link: o.link || location.href, img_url: o.imgUrl || '' }, o); } }, o); },
    onMenuShareAppMessage: function (o) { listen(NAME.onMenuShareAppMessage, { complete: function () { call('sendAppMessage', { title: o.title, desc: o.desc || '', link: o.link || location.href, img_url: o.imgUrl || '' }, o); } }, o); },
    updateTimelineShareData: function (o) { call('updateTimelineShareData', { title: o.title, link: o.link, imgUrl: o.imgUrl }, o); },
    updateAppMessageShareData: function (o) { call('updateAppMessageShareData', { title: o.title, desc: o.desc, link: o.link, imgUrl: o.imgUrl }, o); },
    chooseImage: function (o) {
      call('chooseImage', { scene: '1|2', count: o.count || 9, sizeType: o.sizeType || ['original', 'compressed'], sourceType: o.sourceType || ['album', 'camera'] }, o);
    },
    previewImage: function (o) { call(NAME.previewImage, { current: o.current, urls: o.urls }, o); },
    uploadImage: function (o) { call('uploadImage', { localId: o.localId, isShowProgressTips: o.isShowProgressTips === 0 ? 0 : 1 }, o); },
    getLocalImgData: function (o) { call('getLocalImgData', { localId: o.localId }, o); },
    startRecord: function (o) { call('startRecord', {}, o); },
    stopRecord: function (o) { call('stopRecord', {}, o); },
    getNetworkType: function (o) { call('getNetworkType', {}, o); },
    openLocation: function (o) { call('openLocation', { latitude: o.latitude, longitude: o.longitude, name: o.name || '', address: o.address || '', scale: o.scale || 28, infoUrl: o.infoUrl || '' }, o); },
    getLocation: function (o) {
      o = o || {};
      o._complete = function (r) { delete r.type; };
      call(NAME.getLocation, { type: o.type || 'wgs84' }, o);
    },
    hideOptionMenu: function (o) { call('hideOptionMenu', {}, o); },
    showOptionMenu: function (o) { call('showOptionMenu', {}, o); },
    closeWindow: function (o) { call('closeWindow', {}, o || {}); },
    hideMenuItems: function (o) { call('hideMenuItems', { menuList: o.menuList }, o); },
    scanQRCode: function (o) { o = o || {}; call('scanQRCode', { needResult: o.needResult || 0, scanType: o.scanType || ['qrCode', 'barCode'] }, o); },
    openAddress: function (o) {
      o._complete = function (r) { // same renames as jweixin 1.6.0
        r.postalCode = r.addressPostalCode; delete r.addressPostalCode;
        r.provinceName = r.proviceFirstStageName; delete r.proviceFirstStageName;
        r.cityName = r.addressCitySecondStageName; delete r.addressCitySecondStageName;
        r.countryName = r.addressCountiesThirdStageName; delete r.addressCountiesThirdStageName;
        r.detailInfo = r.addressDetailInfo; delete r.addressDetailInfo;
      };
      call(NAME.openAddress, {}, o);
    },
    chooseWXPay: function (o) {
      call(NAME.chooseWXPay, { timeStamp: o.timestamp + '', nonceStr: o.nonceStr, package: o.package, paySign: o.paySign, signType: o.signType || 'SHA1' }, o);
    },
    miniProgram: {
      navigateTo: function (o) { whenBridge(function () { call('invokeMiniProgramAPI', { name: 'navigateTo', arg: { url: o.url } }, o); }); },
      navigateBack: function (o) { o = o || {}; whenBridge(function () { call('invokeMiniProgramAPI', { name: 'navigateBack', arg: { delta: o.delta || 1 } }, o); }); },
      postMessage: function (o) { whenBridge(function () { call('invokeMiniProgramAPI', { name: 'postMessage', arg: o.data || {} }, o); }); },
      getEnv: function (cb) { whenBridge(function () { cb({ miniprogram: win.__wxjs_environment === 'miniprogram' }); }); }
    }
  };
  function flush() { var q = readyQueue; readyQueue = []; for (var i = 0; i < q.length; i++) q[i](); }

  win.wx = win.jWeixin = wx; // jweixin: `e && (o.wx = o.jWeixin = w)` when loaded by <script>
})(window);
