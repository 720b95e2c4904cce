import type { Finding } from '../../shared/model';
import type { Translate, UiKey } from '../../shared/i18n';
import type { CorrectionKind } from '../../engine/rules/corrections';

/** The same list as the engine's CORRECTION_KINDS (the popup does not load the engine). */
export const CORRECTION_CHOICES: readonly CorrectionKind[] = ['not-asked', 'wrong-kind', 'needed'];

export type OnCorrect = (finding: Finding, kind: CorrectionKind) => void;

/** "This is wrong" on one finding: three reasons, each applied at once when chosen. */
export function WrongButton({ finding, onCorrect, t }: { finding: Finding; onCorrect: OnCorrect; t: Translate }) {
  return (
    <details class="wrong">
      <summary>{t('wrong.button')}</summary>
      <p class="wrong__ask">{t('wrong.ask')}</p>
      <div class="wrong__choices">
        {CORRECTION_CHOICES.map((kind) => (
          <button
            type="button"
            key={kind}
            data-kind={kind}
            onClick={(e) => {
              (e.currentTarget as HTMLElement).closest('details')?.removeAttribute('open');
              onCorrect(finding, kind);
            }}
          >
            {t(`wrong.kind.${kind}` as UiKey)}
          </button>
        ))}
      </div>
    </details>
  );
}
