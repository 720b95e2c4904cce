import { useState } from 'preact/hooks';
import type { CorrectResult } from '../../messaging/protocol';
import type { Translate, UiKey } from '../../shared/i18n';
import type { CorrectionKind } from '../../engine/rules/corrections';

export interface AppliedCorrection {
  result: Extract<CorrectResult, { ok: true }>;
  ruleId: string;
  kind: CorrectionKind;
  /** The category's name as the card showed it. */
  name: string;
}

/**
 * After "this is wrong": what changed, undo, and "share the fix" — the override with its test to copy,
 * and the ruleset's report page prefilled, opened only if the user clicks. Nothing is sent by us.
 */
export function CorrectionNotice({ applied, onUndo, t }: { applied: AppliedCorrection; onUndo: () => void; t: Translate }) {
  const [copied, setCopied] = useState(false);
  const { result } = applied;
  return (
    <section class="correction" role="status" aria-labelledby="correction-heading">
      <h2 id="correction-heading" class="correction__title">
        {t('wrong.applied', { name: applied.name, site: result.site })}
      </h2>
      <p class="correction__what">
        {t(`wrong.kind.${applied.kind}` as UiKey)} · {t('wrong.where')}
      </p>
      <p>
        <button type="button" onClick={onUndo}>
          {t('wrong.undo')}
        </button>
      </p>
      <details class="correction__share">
        <summary>{t('wrong.share')}</summary>
        <p>{t('wrong.shareIntro')}</p>
        <textarea readOnly rows={6} aria-label={t('wrong.snippetLabel')} value={result.snippet} />
        <p class="correction__actions">
          <button
            type="button"
            onClick={() =>
              void navigator.clipboard
                .writeText(result.snippet)
                .then(() => setCopied(true))
                .catch(() => undefined)
            }
          >
            {copied ? t('wrong.copied') : t('wrong.copy')}
          </button>
          {result.support ? (
            <a href={result.support.url} target="_blank" rel="noopener noreferrer">
              {t('wrong.report', { ruleset: result.support.ruleset })}
              <span class="visually-hidden"> {t('newTab')}</span>
            </a>
          ) : (
            <span class="muted">{t('wrong.noSupport')}</span>
          )}
        </p>
      </details>
    </section>
  );
}
