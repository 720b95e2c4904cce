import { useEffect, useRef } from 'preact/hooks';
import type { Lang } from '../../shared/model';
import type { Translate, UiKey } from '../../shared/i18n';
import { localized } from './format';
import { ErrorList, ProblemDetail, type PendingImport } from './ruleset-problems';

/** What a ruleset contains and what it changes, before the user applies it; or why it was rejected. */
export function RulesetPreview({
  pending,
  busy,
  lang,
  t,
  onApply,
  onCancel,
}: {
  pending: PendingImport;
  busy: boolean;
  lang: Lang;
  t: Translate;
  onApply: () => void;
  onCancel: () => void;
}) {
  const { result } = pending;
  // The preview opens below the forms: bring it into view, and move focus there for keyboard users.
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.scrollIntoView?.({ block: 'start' });
    box.current?.focus();
  }, [pending]);
  if (!result.ok) {
    return (
      <div class="preview preview--rejected" role="alert" aria-labelledby="preview-heading" ref={box} tabIndex={-1}>
        <h3 id="preview-heading">{t('options.preview.rejected')}</h3>
        <p class="muted">{pending.origin}</p>
        {result.problem && result.problem !== 'invalid' ? (
          <>
            <p>{t(`options.problem.${result.problem}` as UiKey)}</p>
            <ProblemDetail code={result.problem} message={result.errors.map((e) => e.reason).join(' ')} />
          </>
        ) : (
          <>
            <p>{t('options.preview.rejectedHelp')}</p>
            <ErrorList errors={result.errors} />
          </>
        )}
        <div class="preview__actions">
          <button type="button" onClick={onCancel}>
            {t('options.preview.close')}
          </button>
        </div>
      </div>
    );
  }
  const { summary: s, changes: c } = result;
  const counts: [UiKey, number][] = [
    ['options.count.categories', s.counts.categories],
    ['options.count.fieldRules', s.counts.fieldRules],
    ['options.count.apiRules', s.counts.apiRules],
    ['options.count.signalRules', s.counts.signalRules],
    ['options.count.serviceKinds', s.counts.serviceKinds],
    ['options.count.pageKinds', s.counts.pageKinds],
    ['options.count.conditions', s.counts.conditions],
    ['options.count.necessityCells', s.counts.necessityCells],
    ['options.count.overrides', s.counts.overrides],
    ['options.count.tests', s.counts.tests],
  ];
  const changeLines: [UiKey, string[]][] = [
    ['options.change.categoriesAdded', c.categoriesAdded],
    ['options.change.categoriesChanged', c.categoriesChanged],
    ['options.change.rulesAdded', c.rulesAdded],
    ['options.change.rulesReplaced', c.rulesReplaced],
    ['options.change.kindsAdded', c.kindsAdded],
    ['options.change.kindsReplaced', c.kindsReplaced],
  ];
  const nothing = changeLines.every(([, ids]) => !ids.length) && !c.necessity.length && !c.overrides.length && !c.scoringChanged;
  return (
    <div class="preview" role="region" aria-labelledby="preview-heading" ref={box} tabIndex={-1}>
      <h3 id="preview-heading">{t('options.preview.heading', { title: localized(s.title, lang) })}</h3>
      <p class="muted">{pending.origin}</p>
      {result.replaces && <p class="notice">{t('options.preview.replaces', { version: result.replaces.version })}</p>}
      <dl class="facts">
        <dt>{t('options.preview.id')}</dt>
        <dd>
          <code>{s.id}</code>
        </dd>
        <dt>{t('options.preview.version')}</dt>
        <dd>{s.version}</dd>
        {s.homepage && (
          <>
            <dt>{t('options.preview.homepage')}</dt>
            <dd>
              <a href={s.homepage} target="_blank" rel="noreferrer noopener">
                {s.homepage}
              </a>
            </dd>
          </>
        )}
        <dt>{t('options.preview.license')}</dt>
        <dd>{s.license ?? t('options.preview.none')}</dd>
        <dt>{t('options.preview.languages')}</dt>
        <dd>{s.languages.join(', ')}</dd>
        <dt>{t('options.preview.updates')}</dt>
        <dd>{pending.source === 'subscribed' ? (s.expires ?? t('options.preview.defaultExpiry')) : t('options.preview.noUpdates')}</dd>
        <dt>sha256</dt>
        <dd>
          <code>{result.sha256}</code>
        </dd>
      </dl>
      <h4>{t('options.preview.contains')}</h4>
      <ul class="counts">
        {counts
          .filter(([, n]) => n > 0)
          .map(([key, n]) => (
            <li key={key}>{t(key, { n })}</li>
          ))}
      </ul>
      <h4>{t('options.preview.changes')}</h4>
      {nothing ? (
        <p>{t('options.change.nothing')}</p>
      ) : (
        <ul class="changes">
          {changeLines
            .filter(([, ids]) => ids.length)
            .map(([key, ids]) => (
              <li key={key}>
                {t(key, { n: ids.length })}: <code>{ids.join(', ')}</code>
              </li>
            ))}
          {c.necessity.map((n) => (
            <li key={`${n.serviceKind}/${n.category}`}>
              {t('options.change.necessity', {
                service: n.serviceKind,
                category: n.category,
                from: n.from ? t(`necessity.${n.from}` as UiKey) : t('options.preview.none'),
                to: t(`necessity.${n.to}` as UiKey),
              })}
            </li>
          ))}
          {c.overrides.map((o) => (
            <li key={o.id}>{t('options.change.override', { id: o.id, sites: o.sites.join(', ') })}</li>
          ))}
          {c.scoringChanged && <li>{t('options.change.scoring')}</li>}
        </ul>
      )}
      {result.warnings.length > 0 && (
        <>
          <h4>{t('options.preview.warnings')}</h4>
          <ul class="errors">
            {result.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </>
      )}
      <div class="preview__actions">
        <button type="button" class="primary" disabled={busy} onClick={onApply}>
          {t('options.preview.apply')}
        </button>
        <button type="button" disabled={busy} onClick={onCancel}>
          {t('options.preview.cancel')}
        </button>
      </div>
    </div>
  );
}
