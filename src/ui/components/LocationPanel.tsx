import { useEffect, useState } from 'preact/hooks';
import type { PageReport } from '../../shared/model';
import type { Translate, UiKey } from '../../shared/i18n';
import { getSettings, siteSettingsFor, updateSiteSettings, type LocationMode } from '../../store/settings';
import { gridMetres } from '../../store/location-grids';

const MODES: LocationMode[] = ['precise', 'approximate', 'block'];

/** "1 km", "500 m": the size of the approximate grid, as people say it. */
export function formatDistance(metres: number): string {
  return metres >= 1000 ? `${Math.round(metres / 100) / 10} km` : `${Math.round(metres)} m`;
}

/** The settings key (from the background: no public-suffix list here) and host of the report's page; null for pages that have none. */
function siteFor(report: PageReport): { site: string; hostname: string } | null {
  if (!report.site) return null;
  try {
    return { site: report.site, hostname: new URL(report.url).hostname };
  } catch {
    return null;
  }
}

/**
 * For a page that asked for the device's position: what it was given (precise, an approximate point,
 * or refused) and the user's choice for the site, which the geolocation broker applies from the next
 * request on. Hidden on pages that never asked.
 */
export function LocationPanel({ report, t }: { report: PageReport; t: Translate }) {
  const given = report.locationGiven;
  const asked = !!given || report.findings.some((f) => f.source === 'api' && f.api?.startsWith('geolocation.'));
  const where = siteFor(report);
  const [mode, setMode] = useState<LocationMode | null>(null);
  const [metres, setMetres] = useState<number | null>(null);

  useEffect(() => {
    if (!asked || !where) return;
    void getSettings().then((s) => setMode(siteSettingsFor(s, where.hostname)?.location ?? 'precise'));
    void gridMetres().then(setMetres);
  }, [asked, where?.site]);

  if (!asked) return null;
  const choose = (next: LocationMode) => {
    if (!where) return;
    setMode(next);
    void updateSiteSettings(where.site, { location: next });
  };
  const size = formatDistance(given?.accuracy ?? metres ?? 1000);
  return (
    <section class="location" aria-labelledby="location-heading">
      <h2 id="location-heading" class="section-title">
        {t('location.heading')}
      </h2>
      {given && (
        <p class={`location__given location__given--${given.mode}`}>
          {t(`location.given.${given.mode}` as UiKey, {
            size,
            latitude: given.latitude?.toFixed(3) ?? '',
            longitude: given.longitude?.toFixed(3) ?? '',
          })}
        </p>
      )}
      {where && mode && (
        <fieldset class="location__choice">
          <legend>{t('location.choice')}</legend>
          {MODES.map((m) => (
            <label key={m}>
              <input type="radio" name="location-mode" value={m} checked={mode === m} onChange={() => choose(m)} />{' '}
              {t(`location.mode.${m}` as UiKey, { size: formatDistance(metres ?? 1000) })}
            </label>
          ))}
          <p class="location__hint">{t('location.appliesNext')}</p>
        </fieldset>
      )}
    </section>
  );
}
