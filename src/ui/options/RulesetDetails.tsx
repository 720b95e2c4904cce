import { useEffect, useRef } from 'preact/hooks';
import type { Lang } from '../../shared/model';
import type { NecessityCell, Ruleset } from '../../engine/rules/schema';
import type { Translate, UiKey } from '../../shared/i18n';
import { localized } from './format';

function level(cell: NecessityCell | undefined): string {
  if (cell === undefined) return '';
  return typeof cell === 'string' ? cell : `${cell.level} (${cell.condition})`;
}

/** "View rules": everything a ruleset says, grouped, read-only. */
export function RulesetDetails({ ruleset: r, lang, t, onClose }: { ruleset: Ruleset; lang: Lang; t: Translate; onClose: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.scrollIntoView?.({ block: 'start' });
    box.current?.focus();
  }, [r]);
  const services = Object.keys(r.necessity);
  const categories = [...new Set([...r.categories.map((c) => c.id), ...services.flatMap((s) => Object.keys(r.necessity[s]))])];
  const overrides =
    (
      r as {
        overrides?: { id: string; sites: string[]; serviceKind?: string; silence?: string[]; necessity?: Record<string, NecessityCell> }[];
      }
    ).overrides ?? [];
  return (
    <div class="details" role="region" aria-labelledby="details-heading" ref={box} tabIndex={-1}>
      <div class="details__head">
        <h3 id="details-heading">
          {localized(r.title, lang)} <span class="ruleset__version">{r.version}</span>
        </h3>
        <button type="button" onClick={onClose}>
          {t('options.preview.close')}
        </button>
      </div>

      <details open>
        <summary>{t('options.count.categories', { n: r.categories.length })}</summary>
        <table>
          <thead>
            <tr>
              <th>{t('options.details.id')}</th>
              <th>{t('options.details.name')}</th>
              <th>{t('options.details.tier')}</th>
            </tr>
          </thead>
          <tbody>
            {r.categories.map((c) => (
              <tr key={c.id}>
                <td>
                  <code>{c.id}</code>
                </td>
                <td>{localized(c.name, lang)}</td>
                <td>{c.tier}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>

      <details>
        <summary>{t('options.count.fieldRules', { n: r.fieldRules.length })}</summary>
        <table>
          <thead>
            <tr>
              <th>{t('options.details.id')}</th>
              <th>{t('options.details.category')}</th>
              <th>{t('options.details.signals')}</th>
            </tr>
          </thead>
          <tbody>
            {r.fieldRules.map((f) => (
              <tr key={f.id}>
                <td>
                  <code>{f.id}</code>
                </td>
                <td>{f.category}</td>
                <td>
                  {[
                    f.autocomplete.length ? `autocomplete: ${f.autocomplete.join(' ')}` : '',
                    f.types.length ? `type: ${f.types.join(' ')}` : '',
                    f.text ? `text /${f.text}/ in ${f.in.join(', ')}` : '',
                    f.exclude ? `exclude /${f.exclude}/` : '',
                  ]
                    .filter(Boolean)
                    .map((s) => (
                      <code class="signal" key={s}>
                        {s}
                      </code>
                    ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>

      <details>
        <summary>{t('options.count.apiRules', { n: r.apiRules.length })}</summary>
        <ul class="plain">
          {r.apiRules.map((a) => (
            <li key={a.id}>
              <code>{a.id}</code> → {a.category}: <code>{a.api}</code> {JSON.stringify(a.when)}
            </li>
          ))}
        </ul>
      </details>

      {(r.signalRules?.length ?? 0) > 0 && (
        <details>
          <summary>{t('options.count.signalRules', { n: r.signalRules.length })}</summary>
          <ul class="plain">
            {r.signalRules.map((g) => (
              <li key={g.id}>
                <code>{g.id}</code> → {g.category}:{' '}
                {[
                  g.thirdPartyKinds.length ? `scripts of ${g.thirdPartyKinds.join(', ')}` : '',
                  g.scriptHosts.length ? `scripts from ${g.scriptHosts.join(' ')}` : '',
                  g.widget ? `widget: ${g.widget}` : '',
                  g.text ? `text /${g.text}/` : '',
                ]
                  .filter(Boolean)
                  .map((s) => (
                    <code class="signal" key={s}>
                      {s}
                    </code>
                  ))}
              </li>
            ))}
          </ul>
        </details>
      )}

      <details>
        <summary>{t('options.details.necessity')}</summary>
        <div class="table-scroll">
          <table class="matrix">
            <thead>
              <tr>
                <th>{t('options.details.category')}</th>
                {services.map((s) => (
                  <th key={s}>{s}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {categories.map((c) => (
                <tr key={c}>
                  <th scope="row">{c}</th>
                  {services.map((s) => {
                    const cell = r.necessity[s][c];
                    const l = typeof cell === 'string' ? cell : cell?.level;
                    return (
                      <td key={s} class={l ? `cell--${l}` : ''} title={l ? t(`necessity.${l}` as UiKey) : ''}>
                        {level(cell)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>

      <details>
        <summary>{t('options.count.overrides', { n: overrides.length })}</summary>
        <ul class="plain">
          {overrides.map((o) => (
            <li key={o.id}>
              <code>{o.id}</code> — {o.sites.join(', ')}
              {o.serviceKind ? ` · serviceKind: ${o.serviceKind}` : ''}
              {o.silence?.length ? ` · silence: ${o.silence.join(', ')}` : ''}
              {o.necessity
                ? ` · ${Object.entries(o.necessity)
                    .map(([c, cell]) => `${c}: ${level(cell)}`)
                    .join(', ')}`
                : ''}
            </li>
          ))}
        </ul>
      </details>

      <details>
        <summary>{t('options.count.tests', { n: r.tests.length })}</summary>
        <ul class="plain">
          {r.tests.map((test) => (
            <li key={test.name}>
              {test.name}
              {test.expect.length > 0 && (
                <>
                  {' '}
                  · {t('options.details.expects')} <code>{test.expect.map((e) => e.category).join(', ')}</code>
                </>
              )}
              {test.expectNot.length > 0 && (
                <>
                  {' '}
                  · {t('options.details.expectsNot')} <code>{test.expectNot.join(', ')}</code>
                </>
              )}
            </li>
          ))}
        </ul>
      </details>
    </div>
  );
}
