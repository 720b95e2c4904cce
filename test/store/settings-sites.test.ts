import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  getSettings,
  isWatched,
  removeSiteSettings,
  siteSettingsFor,
  updateSiteSettings,
  type Settings,
} from '../../src/store/settings';

const settings = (sites: Settings['sites'], paused = false): Settings => ({ ...DEFAULT_SETTINGS, paused, sites });

describe('per-site settings', () => {
  it('finds a site by its registrable domain from any subdomain, without the public-suffix list', () => {
    const s = settings({ 'example.co.uk': { ignored: true }, '127.0.0.1': { location: 'block' } });
    expect(siteSettingsFor(s, 'shop.example.co.uk')).toEqual({ ignored: true });
    expect(siteSettingsFor(s, 'EXAMPLE.co.uk.')).toEqual({ ignored: true });
    expect(siteSettingsFor(s, '127.0.0.1')).toEqual({ location: 'block' });
    expect(siteSettingsFor(s, 'other.co.uk')).toBeUndefined();
    expect(siteSettingsFor(s, 'notexample.co.uk')).toBeUndefined();
  });

  it('watches nothing while paused and no page of an ignored site', () => {
    const s = settings({ 'shop.example': { ignored: true }, 'food.example': { hideNotes: true } });
    expect(isWatched(s, 'https://www.shop.example/checkout')).toBe(false);
    expect(isWatched(s, 'https://food.example/')).toBe(true);
    expect(isWatched({ ...s, paused: true }, 'https://food.example/')).toBe(false);
    expect(isWatched(settings({ file: { ignored: true } }), 'file:///tmp/a.html')).toBe(false);
  });

  it('forgets one site entirely', async () => {
    await updateSiteSettings('a.example', { ignored: true });
    await updateSiteSettings('b.example', { location: 'approximate' });
    await removeSiteSettings('a.example');
    expect((await getSettings()).sites).toEqual({ 'b.example': { location: 'approximate' } });
  });
});
