// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { collectPageSignals } from '@/src/content/page-signals';
import { findWidgets, MAP_SELECTOR } from '@/src/content/widgets';

beforeEach(() => {
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('findWidgets', () => {
  it('finds an ARIA map with its tip text and a selector that points at it', () => {
    document.body.innerHTML = `
      <section><h2>Where should the rider bring your food?</h2>
        <div id="map" role="application" aria-roledescription="map">
          <div class="block"></div><div class="pin" aria-label="Delivery pin: drag to your door"></div>
          <div class="map-tip">Drag the pin to your door</div>
        </div>
      </section>`;
    const widgets = findWidgets(document);
    expect(widgets).toHaveLength(1);
    expect(widgets[0]).toMatchObject({ kind: 'map', library: 'map', selector: '#map' });
    expect(widgets[0].text).toContain('Drag the pin to your door');
    expect(widgets[0].text).toContain('Where should the rider bring your food?');
    expect(document.querySelectorAll(widgets[0].selector)).toHaveLength(1);
  });

  it('reads map role descriptions and labels in other languages', () => {
    document.body.innerHTML = `
      <div id="a" role="application" aria-roledescription="地图"><p>拖动图钉到你家门口</p></div>
      <div id="b" role="application" aria-label="Karte"></div>
      <div id="c" aria-roledescription="지도"></div>`;
    expect(findWidgets(document).map((w) => w.selector)).toEqual(['#a', '#b', '#c']);
    expect(findWidgets(document)[0].text).toContain('拖动图钉到你家门口');
  });

  it('names the library by its DOM markers, also when the marker sits inside the container', () => {
    document.body.innerHTML = `
      <div id="amap" class="amap-container"></div>
      <div id="leaflet" class="leaflet-container"></div>
      <div id="mapbox" class="mapboxgl-map"></div>
      <div id="maplibre" class="maplibregl-map"></div>
      <div id="gmap"><div class="gm-style"><div aria-roledescription="map" aria-label="Map"></div></div></div>
      <div id="ol"><div class="ol-viewport"></div></div>`;
    // At most five maps; the ARIA map inside Google's marker is the same map, not another one.
    const widgets = findWidgets(document);
    expect(widgets.map((w) => w.library)).toEqual(['AMap', 'Google', 'Leaflet', 'Mapbox', 'MapLibre']);
    document.body.innerHTML = `
      <div id="bmap"><div class="BMap_cpyCtrl">© Baidu</div></div>
      <div id="bgl"><div class="BMapGL_cpyCtrl"></div></div>
      <div id="tmap"><div class="ctl"><div class="tmap-zoom-control"></div></div></div>
      <div id="ol"><div class="ol-viewport"></div></div>`;
    expect(findWidgets(document).map((w) => w.library)).toEqual(['Baidu', 'Baidu', 'Tencent', 'OpenLayers']);
  });

  it('ignores ARIA widgets that are not maps', () => {
    document.body.innerHTML = `
      <div aria-roledescription="carousel"><p>Drag the pin</p></div>
      <div role="application" aria-label="Photo editor"><p>Drag the marker to crop</p></div>
      <div role="application"></div>`;
    expect(findWidgets(document)).toEqual([]);
  });

  it('reads text beside the map, bounded to 200 characters, and never a value', () => {
    document.body.innerHTML = `
      <div class="picker">
        <div class="wrap"><div id="m" class="amap-container">高德地图 © AutoNavi</div></div>
        <p class="hint">拖动地图，选择收货位置</p>
        <input id="addr" value="SECRET-typed-1">
        <textarea>SECRET-typed-2</textarea>
        <div contenteditable>SECRET-typed-3</div>
        <p>${'很长的说明文字'.repeat(60)}</p>
      </div>`;
    (document.getElementById('addr') as HTMLInputElement).value = 'SECRET-typed-4';
    const [w] = findWidgets(document);
    expect(w.text).toContain('拖动地图，选择收货位置');
    expect(w.text.length).toBeLessThanOrEqual(200);
    expect(w.text).not.toMatch(/SECRET/);
  });

  it('comes with the page signals, and MAP_SELECTOR matches every kind of map it finds', () => {
    document.body.innerHTML = '<div id="m" class="leaflet-container"></div><p>Drop a pin on your door</p>';
    const signals = collectPageSignals(document);
    expect(signals.widgets).toEqual([{ kind: 'map', library: 'Leaflet', selector: '#m', text: 'Drop a pin on your door' }]);
    expect(document.getElementById('m')!.matches(MAP_SELECTOR)).toBe(true);
    document.body.innerHTML = '<h1>Checkout</h1>';
    expect(collectPageSignals(document).widgets).toEqual([]);
  });
});

describe('videos and script paths (face signals)', () => {
  it('reports a video with the text beside it and the words of its boxes’ ids and classes', () => {
    document.body.innerHTML = `
      <div id="DOM_FT_ovalContainer" class="face-recognition"><video id="v" autoplay></video></div>
      <p class="tip">请正对屏幕，保持面部在圆框内</p>`;
    const video = collectPageSignals(document).widgets!.find((w) => w.kind === 'video')!;
    expect(video).toMatchObject({ kind: 'video', library: 'video', selector: '#v' });
    expect(video.text).toContain('保持面部在圆框内');
    expect(video.hints).toContain('oval Container');
    expect(video.hints).toContain('face recognition');
  });

  it('lists script file paths without host or query', () => {
    document.head.innerHTML = `<script src="https://cdn.example/core-sdk/FaceTecSDK.js?v=1"></script><script>inline()</script>`;
    expect(collectPageSignals(document).scripts).toEqual(['/core-sdk/FaceTecSDK.js']);
  });
});
