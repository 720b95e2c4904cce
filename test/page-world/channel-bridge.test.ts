import { describe, expect, it } from 'vitest';
import { parseApiObservation, parseDetail } from '@/src/page-world/channel';
import { parseFrameReport } from '@/src/messaging/guards';

const ok = { api: 'bridge.request', platform: 'wechat', name: 'getLocation', declared: false, options: ['type=gcj02'] };

describe('bridge observations are claims: validated in the content script and again in the background', () => {
  it('accepts the exact shape and drops repeated options', () => {
    expect(parseApiObservation(ok)).toEqual(ok);
    expect(parseApiObservation({ ...ok, options: ['type=gcj02', 'type=gcj02'] })).toEqual(ok);
    expect(parseDetail(JSON.stringify(ok))).toEqual(ok);
  });

  it.each([
    ['an unknown platform', { ...ok, platform: 'qq' }],
    ['an extra key', { ...ok, latitude: 31.2 }],
    ['a missing key', { api: ok.api, platform: ok.platform, name: ok.name, options: [] }],
    ['a name that is no API name', { ...ok, name: 'get location()' }],
    ['a long name', { ...ok, name: 'a'.repeat(41) }],
    ['an option that is no token', { ...ok, options: ['type=<script>'] }],
    ['a value in an option', { ...ok, options: ['latitude=31.2304,121.4737 near home'] }],
    ['too many options', { ...ok, options: ['a=1', 'b=1', 'c=1', 'd=1', 'e=1', 'f=1', 'g=1'] }],
    ['declared not a boolean', { ...ok, declared: 'yes' }],
  ])('rejects %s', (_, raw) => {
    expect(parseApiObservation(raw)).toBeNull();
  });

  it('the background keeps valid bridge observations of a frame report and drops forged ones', () => {
    const report = parseFrameReport(
      {
        docId: 'd1',
        page: { url: 'https://evil.example/', title: 't', lang: 'zh', text: '', scriptHosts: [] },
        fields: [],
        removed: [],
        apis: [ok, { ...ok, platform: 'qq' }],
      },
      'https://shop.example/',
    );
    expect(report?.apis).toEqual([ok]);
    expect(report?.page.url).toBe('https://shop.example/');
  });
});
