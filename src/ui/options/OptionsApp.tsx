import { useEffect, useState } from 'preact/hooks';
import type { Lang } from '../../shared/model';
import { getSettings, onSettingsChanged, type Settings } from '../../store/settings';
import { resolveLanguage } from '../../shared/i18n';
import { loadUiStrings, uiTranslator } from '../ui-strings';
import { uiLanguage } from '../../store/settings';
import { GeneralSection } from './GeneralSection';
import { HistorySection } from './HistorySection';
import { RulesetsSection } from './RulesetsSection';
import { SitesSection } from './SitesSection';

/**
 * The options page: rulesets, sites, general settings and history. Settings are read and written in
 * storage.local directly (the worker reacts to changes); rulesets and history go through the worker,
 * which validates every request.
 */
export function OptionsApp({ initialLang }: { initialLang: Lang }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  useEffect(() => {
    void getSettings().then(setSettings);
    return onSettingsChanged(setSettings);
  }, []);

  // Follows the language choice without a reload: the chosen language's strings load on first use
  // (the page opened with `initialLang`'s loaded), and until they arrive the page stays as it was.
  const chosen = settings ? resolveLanguage(settings.language, uiLanguage) : initialLang;
  const [, stringsArrived] = useState(0);
  useEffect(() => void loadUiStrings(chosen).then(() => stringsArrived((n) => n + 1)), [chosen]);
  const lang = uiTranslator(chosen) ? chosen : initialLang;
  const t = uiTranslator(lang)!;
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = `${t('options.title')} · ${t('appName')}`;
  }, [lang]);

  return (
    <div class="options">
      <header class="options__head">
        <p class="options__app">{t('appName')}</p>
        <h1>{t('options.title')}</h1>
        <nav aria-label={t('options.navLabel')}>
          <ul class="options__nav">
            <li>
              <a href="#rulesets">{t('options.rulesets.heading')}</a>
            </li>
            <li>
              <a href="#sites">{t('options.sites.heading')}</a>
            </li>
            <li>
              <a href="#general">{t('options.general.heading')}</a>
            </li>
            <li>
              <a href="#history">{t('options.history.heading')}</a>
            </li>
          </ul>
        </nav>
      </header>
      <main class="options__main">
        <RulesetsSection lang={lang} t={t} />
        {settings && <SitesSection settings={settings} t={t} />}
        {settings && <GeneralSection settings={settings} t={t} />}
        {settings && <HistorySection settings={settings} lang={lang} t={t} />}
      </main>
      <footer class="options__foot">{t('privacyNote')}</footer>
    </div>
  );
}
