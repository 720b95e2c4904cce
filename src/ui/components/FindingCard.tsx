import type { Finding, Lang, LocalizedText } from '../../shared/model';
import type { RulesetTexts } from '../../messaging/protocol';
import type { Translate, UiKey } from '../../shared/i18n';
import type { FindingGroup } from './grouping';
import { WhoGetsIt } from './WhoGetsIt';
import { WrongButton, type OnCorrect } from './WrongButton';

function localized(text: LocalizedText | undefined, lang: Lang): string | null {
  return text ? (text[lang] ?? text.en) : null;
}

function requiredLabel(f: Finding, t: Translate): string {
  // A script or a map has not asked yet: say what it is instead of "required" or "optional".
  if (f.source === 'script' || f.source === 'widget') return t(`source.${f.source}`);
  if (f.source === 'bridge') return t(f.bridge?.declared ? 'source.bridge.declared' : 'source.bridge');
  if (f.required === null) return t('requiredUnknown');
  return f.required ? t('required') : t('optional');
}

/** What a card's script or map findings mean for the user, each said once. */
function sourceHints(findings: readonly Finding[], category: string, t: Translate): string[] {
  const hints = new Set<string>();
  for (const f of findings) {
    if (f.source === 'script') hints.add(t(category === 'face' ? 'hint.script.face' : 'hint.script'));
    else if (f.source === 'widget') hints.add(t('hint.widget'));
    else if (f.source === 'bridge') hints.add(t(f.bridge?.declared ? 'hint.bridge.declared' : 'hint.bridge'));
  }
  return [...hints];
}

/** A bridge request in the platform's words: "Asks WeChat for your precise location (GPS) — wx.getLocation". */
function BridgeEvidence({ f, data, t }: { f: Finding; data: string; t: Translate }) {
  const platform = t(`platform.${f.bridge?.platform ?? 'app'}` as UiKey);
  // Category names start upper-case ("Precise location (GPS)"); mid-sentence only the first letter drops.
  const what = data.charAt(0).toLocaleLowerCase() + data.slice(1);
  return (
    <span class="evidence__text">
      {t(f.bridge?.declared ? 'bridge.declares' : 'bridge.asks', { platform, data: what })} — <code>{f.evidence}</code>
    </span>
  );
}

/**
 * One kind of data the page asks for: which elements or API calls ask, whether this kind of service
 * needs it and why, why it matters, what to do, and the law behind it.
 */
export function FindingCard({
  group,
  texts,
  lang,
  t,
  onCorrect,
}: {
  group: FindingGroup;
  texts: RulesetTexts | null;
  lang: Lang;
  t: Translate;
  /** "This is wrong" on each finding; absent where corrections cannot be made (history, tests). */
  onCorrect?: OnCorrect;
}) {
  const worst = group.findings[0];
  const info = texts?.categories[group.category];
  const note = localized(worst.necessityNote, lang);
  const headingId = `finding-${group.category}`;
  // Several elements can ask for the same thing (two phone fields): list each asking element once.
  const shown = group.findings.filter((f, i, all) => all.findIndex((g) => g.evidence === f.evidence && g.required === f.required) === i);
  return (
    <article class={`card card--${worst.necessity}`} aria-labelledby={headingId}>
      <header class="card__head">
        <h3 id={headingId}>{info?.name ?? group.category}</h3>
        <span class={`need need--${worst.necessity}`} title={t('needLabel')}>
          {t(`necessity.${worst.necessity}` as UiKey)}
        </span>
      </header>
      {note && <p class="card__note">{note}</p>}
      <h4 class="visually-hidden">{t('evidenceHeading')}</h4>
      <ul class="evidence">
        {shown.map((f) => (
          <li key={`${f.frameUrl} ${f.evidence}`}>
            {f.source === 'bridge' ? (
              <BridgeEvidence f={f} data={info?.name ?? group.category} t={t} />
            ) : f.source === 'field' || f.source === 'widget' ? (
              <span class="evidence__text">{f.evidence}</span>
            ) : (
              <code class="evidence__text">{f.evidence}</code>
            )}
            <span class={`req req--${String(f.required)}`}>{requiredLabel(f, t)}</span>
            {onCorrect && <WrongButton finding={f} onCorrect={onCorrect} t={t} />}
          </li>
        ))}
      </ul>
      {sourceHints(shown, group.category, t).map((hint) => (
        <p class="card__hint" key={hint}>
          {hint}
        </p>
      ))}
      <WhoGetsIt findings={group.findings} lang={lang} t={t} />
      {info && (
        // Open where there is something to act on; a needed item stays one click away to keep the popup short.
        <details class="card__more" open={worst.necessity !== 'necessary'}>
          <summary>{t('moreHeading')}</summary>
          <dl class="card__explain">
            <dt>{t('whyHeading')}</dt>
            <dd>{info.why}</dd>
            <dt>{t('whatToDoHeading')}</dt>
            <dd>{info.whatToDo}</dd>
            {info.legal.length > 0 && (
              <>
                <dt>{t('legalHeading')}</dt>
                <dd>
                  <ul class="legal">
                    {info.legal.map((ref) => (
                      <li key={ref.url}>
                        <a href={ref.url} target="_blank" rel="noopener noreferrer">
                          {ref.title}
                          <span class="visually-hidden"> {t('newTab')}</span>
                        </a>
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
          </dl>
        </details>
      )}
    </article>
  );
}
