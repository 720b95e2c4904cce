/**
 * The geolocation broker's questions to the background: what the sender tab's site gets (the user's
 * choice, from settings), and with which grid. The site is the tab's, named by the browser, never by
 * the page: a frame cannot pick another site's choice.
 */
import type { ContentSender } from '../messaging/guards';
import type { LocationPolicy } from '../messaging/protocol';
import { getSettings, siteSettingsFor } from '../store/settings';
import { settingsSiteOf } from '../shared/site';
import { gridFor } from '../store/location-grids';

export async function locationPolicyFor(from: ContentSender): Promise<LocationPolicy | null> {
  let url: URL;
  try {
    url = new URL(from.tabUrl ?? from.frameUrl);
  } catch {
    return null;
  }
  const hostname = url.protocol === 'file:' ? 'file' : url.hostname;
  const mode = siteSettingsFor(await getSettings(), hostname)?.location ?? 'precise';
  // Only sites the user made approximate get a stored grid: nothing is written for the others.
  if (mode !== 'approximate') return { mode, gridMetres: 0, offset: { north: 0, east: 0 } };
  const { metres, offset } = await gridFor(settingsSiteOf(url));
  return { mode, gridMetres: metres, offset };
}
