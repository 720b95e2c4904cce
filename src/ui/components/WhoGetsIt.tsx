import type { Finding, Lang, LocalizedText, Recipient, ThirdPartyPresence } from '../../shared/model';
import type { Translate, UiKey } from '../../shared/i18n';

const KINDS = ['session-recorder', 'face-sdk', 'map-sdk', 'analytics', 'ads', 'other'];

function localized(text: LocalizedText, lang: Lang): string {
  return text[lang] ?? text.en;
}

/** A ruleset may bring kinds this version does not know: they read as "third party". */
function kindKey(kind: string, prefix: 'thirdPartyKind.' | 'thirdPartyWhat.'): UiKey {
  return `${prefix}${KINDS.includes(kind) ? kind : 'other'}` as UiKey;
}

function recipientText(r: Recipient, lang: Lang, t: Translate): string {
  if (r.relation === 'third-party' && r.thirdParty) {
    return t('recipient.third-party', {
      name: localized(r.thirdParty.name, lang),
      kind: t(kindKey(r.thirdParty.kind, 'thirdPartyKind.')),
      site: r.site,
    });
  }
  return t(r.relation === 'this-site' ? 'recipient.this-site' : 'recipient.other-site', { site: r.site });
}

/** The recipients of a card's findings, each site once (the first way we learnt of it wins). */
export function cardRecipients(findings: readonly Finding[]): Recipient[] {
  const out: Recipient[] = [];
  for (const f of findings) {
    for (const r of f.recipients ?? []) if (!out.some((o) => o.site === r.site && o.relation === r.relation)) out.push(r);
  }
  // Data leaving for elsewhere matters more than the page that asks.
  const rank = (r: Recipient) => (r.relation === 'this-site' ? 2 : r.via === 'page' ? 1 : 0);
  return out.sort((a, b) => rank(a) - rank(b));
}

/** "Who gets it" on a finding card: this site, another site (named), or a known third party. */
export function WhoGetsIt({ findings, lang, t }: { findings: readonly Finding[]; lang: Lang; t: Translate }) {
  const recipients = cardRecipients(findings);
  if (!recipients.length) return null;
  return (
    <div class="who">
      <h4 class="who__title">{t('whoGetsIt')}</h4>
      <ul class="who__list">
        {recipients.map((r) => (
          <li key={`${r.relation} ${r.site}`} class={`who--${r.relation}`}>
            <span>{recipientText(r, lang, t)}</span> <span class="who__via">({t(`recipientVia.${r.via}` as UiKey)})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The known third parties whose scripts are on the page, listed once, each with what it is and does. */
export function ThirdPartyList({ parties, lang, t }: { parties: readonly ThirdPartyPresence[]; lang: Lang; t: Translate }) {
  if (!parties.length) return null;
  return (
    <section class="third-parties" aria-labelledby="third-parties-heading">
      <h2 id="third-parties-heading" class="section-title">
        {t('thirdPartiesHeading')}
      </h2>
      <ul class="cards">
        {parties.map((p) => (
          <li key={p.id} class={`card tp tp--${p.kind}`}>
            <p>
              <strong>{localized(p.name, lang)}</strong> · {t(kindKey(p.kind, 'thirdPartyKind.'))}:{' '}
              {p.why ? localized(p.why, lang) : t(kindKey(p.kind, 'thirdPartyWhat.'))}
            </p>
            <p class="tp__hosts">
              {p.hosts.map((h) => (
                <code key={h}>{h}</code>
              ))}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
