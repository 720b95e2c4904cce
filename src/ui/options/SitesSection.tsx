import { useState } from 'preact/hooks';
import { removeSiteSettings, updateSiteSettings, type LocationMode, type Settings, type SiteSettings } from '../../store/settings';
import type { Translate, UiKey } from '../../shared/i18n';
import { sendMessage } from '../../messaging/messenger';
import { saveTextFile } from './format';

const LOCATION_MODES: ('' | LocationMode)[] = ['', 'precise', 'approximate', 'block'];

/** Per site: ignore it, how it gets the device's position, and notes the user hid there. */
export function SitesSection({ settings, t }: { settings: Settings; t: Translate }) {
  const [input, setInput] = useState('');
  const [problem, setProblem] = useState('');
  const sites = Object.entries(settings.sites).sort(([a], [b]) => a.localeCompare(b));

  async function add(event: Event) {
    event.preventDefault();
    // The public-suffix list (tldts, ~45 KB gzip) loads only when the user adds a site, not with the page.
    const { settingsSiteOfInput } = await import('../../shared/site');
    const site = settingsSiteOfInput(input);
    if (!site) return setProblem(t('options.sites.badSite'));
    setProblem('');
    setInput('');
    await updateSiteSettings(site, { ignored: true });
  }

  const patch = (site: string, change: SiteSettings) => void updateSiteSettings(site, change);
  const anyCorrections = sites.some(([, s]) => s.corrections?.length);

  async function exportCorrections() {
    const file = await sendMessage('exportCorrections', {});
    if (file) saveTextFile(file.filename, file.text);
  }

  return (
    <section id="sites" class="panel" aria-labelledby="sites-heading">
      <h2 id="sites-heading">{t('options.sites.heading')}</h2>
      <p class="panel__intro">{t('options.sites.intro')}</p>
      <form class="inline-form" onSubmit={(e) => void add(e)}>
        <label>
          {t('options.sites.addLabel')}
          <input
            type="text"
            name="site"
            placeholder="shop.example.com"
            value={input}
            onInput={(e) => setInput((e.target as HTMLInputElement).value)}
          />
        </label>
        <button type="submit">{t('options.sites.add')}</button>
      </form>
      {problem && (
        <p class="field-error" role="alert">
          {problem}
        </p>
      )}
      {sites.length === 0 ? (
        <p class="muted">{t('options.sites.none')}</p>
      ) : (
        <table class="sites">
          <thead>
            <tr>
              <th scope="col">{t('options.sites.site')}</th>
              <th scope="col">{t('options.sites.ignored')}</th>
              <th scope="col">{t('options.sites.location')}</th>
              <th scope="col">{t('options.sites.notes')}</th>
              <th scope="col">{t('options.sites.corrections')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('options.sites.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sites.map(([site, s]) => (
              <tr key={site} data-site={site}>
                <th scope="row">{site}</th>
                <td>
                  <input
                    type="checkbox"
                    checked={!!s.ignored}
                    aria-label={t('options.sites.ignoreLabel', { site })}
                    onChange={(e) => patch(site, { ignored: (e.target as HTMLInputElement).checked })}
                  />
                </td>
                <td>
                  <select
                    aria-label={t('options.sites.locationLabel', { site })}
                    value={s.location ?? ''}
                    onChange={(e) =>
                      patch(site, { location: ((e.target as HTMLSelectElement).value || undefined) as LocationMode | undefined })
                    }
                  >
                    {LOCATION_MODES.map((m) => (
                      <option key={m} value={m}>
                        {t(`options.location.${m || 'default'}` as UiKey)}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  {s.hideNotes ? (
                    <button type="button" onClick={() => patch(site, { hideNotes: false })}>
                      {t('options.sites.showNotes')}
                    </button>
                  ) : (
                    <span class="muted">{t('options.sites.notesShown')}</span>
                  )}
                </td>
                <td>
                  {s.corrections?.length ? (
                    <ul class="corrections">
                      {s.corrections.map((c) => (
                        <li key={`${c.ruleId} ${c.kind}`} data-rule={c.ruleId}>
                          <span>
                            {t(`wrong.kind.${c.kind}` as UiKey)}: <code>{c.category}</code> <code class="muted">{c.ruleId}</code>
                          </span>{' '}
                          <button
                            type="button"
                            aria-label={t('options.sites.undoCorrectionLabel', { site, rule: c.ruleId })}
                            onClick={() => void sendMessage('removeCorrection', { site, ruleId: c.ruleId, kind: c.kind })}
                          >
                            {t('wrong.undo')}
                          </button>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span class="muted">{t('options.sites.noCorrections')}</span>
                  )}
                </td>
                <td>
                  <button
                    type="button"
                    class="danger"
                    onClick={() => void removeSiteSettings(site)}
                    aria-label={t('options.sites.removeLabel', { site })}
                  >
                    {t('options.sites.remove')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {anyCorrections && (
        <p class="corrections__export">
          <button type="button" onClick={() => void exportCorrections()}>
            {t('options.sites.exportCorrections')}
          </button>{' '}
          <span class="muted">{t('options.sites.exportCorrectionsHint')}</span>
        </p>
      )}
    </section>
  );
}
