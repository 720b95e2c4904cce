// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { Finding, PageReport } from '../../../src/shared/model';
import { translator } from '../../../src/shared/strings';
import { formatDistance, LocationPanel } from '../../../src/ui/components/LocationPanel';
import { getSettings, updateSiteSettings } from '../../../src/store/settings';

const geoFinding = { category: 'precise_location', source: 'api', api: 'geolocation.getCurrentPosition' } as Finding;
const report = (over: Partial<PageReport> = {}): PageReport => ({
  url: 'https://www.lotus.example/checkout',
  // Computed by the background (tab-reports.ts): the popup carries no public-suffix list.
  site: 'lotus.example',
  grade: 'C',
  score: 80,
  pageKind: 'checkout',
  serviceKind: 'food',
  findings: [geoFinding],
  ruleset: 'x@1',
  updatedAt: 1,
  ...over,
});

async function show(r: PageReport, lang: 'en' | 'zh-CN' = 'en'): Promise<HTMLElement> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(async () => render(<LocationPanel report={r} t={translator(lang)} />, root));
  await vi.waitFor(() => expect(root.querySelectorAll('input[type=radio]').length).toBe(r.url.startsWith('http') ? 3 : 0));
  return root;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('LocationPanel', () => {
  it('stays hidden on pages that never asked for the position', async () => {
    const root = document.createElement('div');
    await act(async () => render(<LocationPanel report={report({ findings: [] })} t={translator('en')} />, root));
    expect(root.innerHTML).toBe('');
  });

  it('shows what the site got (approximate, with its size and point) in en and zh', async () => {
    const given = { mode: 'approximate' as const, latitude: 31.232, longitude: 121.476, accuracy: 1000 };
    expect((await show(report({ locationGiven: given }))).textContent).toContain(
      'This site received an approximate position (±1 km): 31.232, 121.476',
    );
    expect((await show(report({ locationGiven: given }), 'zh-CN')).textContent).toContain(
      '此网站获得了一个大致位置（±1 km）：31.232, 121.476',
    );
    expect((await show(report({ locationGiven: { mode: 'block' } }))).textContent).toContain('was refused');
  });

  it('shows the site’s current choice and saves a new one under the registrable domain', async () => {
    await updateSiteSettings('lotus.example', { location: 'block' });
    const root = await show(report());
    await vi.waitFor(() => expect(root.querySelector<HTMLInputElement>('input[value=block]')!.checked).toBe(true));
    await act(async () => root.querySelector<HTMLInputElement>('input[value=approximate]')!.click());
    await vi.waitFor(async () => expect((await getSettings()).sites['lotus.example']).toEqual({ location: 'approximate' }));
  });

  it('formats grid sizes as people say them', () => {
    expect(formatDistance(1000)).toBe('1 km');
    expect(formatDistance(1500)).toBe('1.5 km');
    expect(formatDistance(500)).toBe('500 m');
  });
});
