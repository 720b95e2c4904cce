import { useEffect, useMemo, useState } from 'preact/hooks';
import type { HistoryEntry, Lang } from '../../shared/model';
import type { RulesetTexts } from '../../messaging/protocol';
import { sendMessage } from '../../messaging/messenger';
import { filterHistory } from '../../store/history-filter';
import { HISTORY_RETENTION_CHOICES, updateSettings, type Settings } from '../../store/settings';
import type { Translate } from '../../shared/i18n';
import { GRADE_COLORS } from '../../shared/grade-colors';
import { dateTime } from './format';

/** The local record of which sites asked for what: filter, delete one, delete all, retention. */
export function HistorySection({ settings, lang, t }: { settings: Settings; lang: Lang; t: Translate }) {
  const [entries, setEntries] = useState<HistoryEntry[] | null>(null);
  const [texts, setTexts] = useState<RulesetTexts | null>(null);
  const [text, setText] = useState('');
  const [category, setCategory] = useState('');
  const [confirmAll, setConfirmAll] = useState(false);

  const refresh = async () => setEntries((await sendMessage('getHistory', {})) ?? []);
  useEffect(() => void refresh(), [settings.historyRetentionDays]);
  useEffect(() => void sendMessage('getRulesetTexts', { lang }).then((x) => setTexts(x ?? null)), [lang]);

  const name = (id: string) => texts?.categories[id]?.name ?? id;
  const shown = useMemo(() => filterHistory(entries ?? [], { text, category }), [entries, text, category]);
  const seenCategories = useMemo(() => [...new Set((entries ?? []).flatMap((e) => e.categories))].sort(), [entries]);

  async function remove(entry: HistoryEntry) {
    await sendMessage('deleteHistory', { site: entry.site, url: entry.url });
    await refresh();
  }
  async function removeAll() {
    setConfirmAll(false);
    await sendMessage('deleteHistory', { all: true });
    await refresh();
  }

  return (
    <section id="history" class="panel" aria-labelledby="history-heading">
      <h2 id="history-heading">{t('options.history.heading')}</h2>
      <p class="panel__intro">{t('options.history.intro')}</p>
      <div class="toolbar">
        <label>
          {t('options.history.retention')}
          <select
            name="retention"
            value={String(settings.historyRetentionDays)}
            onChange={(e) => void updateSettings({ historyRetentionDays: Number((e.target as HTMLSelectElement).value) })}
          >
            {HISTORY_RETENTION_CHOICES.map((d) => (
              <option key={d} value={String(d)}>
                {t('options.history.days', { n: d })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('options.history.filterText')}
          <input type="search" name="filter" value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        </label>
        <label>
          {t('options.history.filterCategory')}
          <select name="category" value={category} onChange={(e) => setCategory((e.target as HTMLSelectElement).value)}>
            <option value="">{t('options.history.allCategories')}</option>
            {seenCategories.map((c) => (
              <option key={c} value={c}>
                {name(c)}
              </option>
            ))}
          </select>
        </label>
        {confirmAll ? (
          <span class="confirm" role="alert">
            {t('options.history.confirmAll')}{' '}
            <button type="button" class="danger" onClick={() => void removeAll()}>
              {t('options.history.deleteAllYes')}
            </button>{' '}
            <button type="button" onClick={() => setConfirmAll(false)}>
              {t('options.preview.cancel')}
            </button>
          </span>
        ) : (
          <button type="button" class="danger" disabled={!entries?.length} onClick={() => setConfirmAll(true)}>
            {t('options.history.deleteAll')}
          </button>
        )}
      </div>
      {entries === null ? (
        <p class="muted">{t('loading')}</p>
      ) : shown.length === 0 ? (
        <p class="muted">{entries.length ? t('options.history.noMatch') : t('options.history.empty')}</p>
      ) : (
        <table class="history">
          <thead>
            <tr>
              <th scope="col">{t('options.history.page')}</th>
              <th scope="col">{t('gradeLabel')}</th>
              <th scope="col">{t('options.history.askedFor')}</th>
              <th scope="col">{t('options.history.seen')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('options.sites.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((e) => (
              <tr key={`${e.site}|${e.url}`}>
                <td>
                  <strong>{e.site}</strong>
                  <div class="muted small">{e.url}</div>
                </td>
                <td>
                  <span class="grade-chip" style={{ background: GRADE_COLORS[e.grade] }}>
                    {e.grade === 'not-rated' ? '–' : e.grade}
                  </span>
                </td>
                <td>
                  <ul class="chips">
                    {e.categories.map((c) => (
                      <li key={c}>{name(c)}</li>
                    ))}
                  </ul>
                </td>
                <td class="nowrap">{dateTime(e.seenAt, lang)}</td>
                <td>
                  <button type="button" onClick={() => void remove(e)} aria-label={t('options.history.deleteLabel', { url: e.url })}>
                    {t('options.history.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
