import { updateSettings, type Settings } from '../../store/settings';
import type { Translate } from '../../shared/i18n';

/** Global pause and the UI language (the popup follows it too). */
export function GeneralSection({ settings, t }: { settings: Settings; t: Translate }) {
  return (
    <section id="general" class="panel" aria-labelledby="general-heading">
      <h2 id="general-heading">{t('options.general.heading')}</h2>
      <div class="setting">
        <label class="switch">
          <input
            type="checkbox"
            name="paused"
            checked={settings.paused}
            onChange={(e) => void updateSettings({ paused: (e.target as HTMLInputElement).checked })}
          />
          {t('options.general.pause')}
        </label>
        <p class="muted">{t('options.general.pauseHelp')}</p>
      </div>
      <div class="setting">
        <label>
          {t('options.general.language')}
          <select
            name="language"
            value={settings.language}
            onChange={(e) => void updateSettings({ language: (e.target as HTMLSelectElement).value as Settings['language'] })}
          >
            <option value="auto">{t('options.general.languageAuto')}</option>
            {/* Each language names itself, so anyone can find their own. */}
            <option value="en" lang="en">
              English
            </option>
            <option value="zh-CN" lang="zh-CN">
              简体中文
            </option>
          </select>
        </label>
      </div>
    </section>
  );
}
