import type { Finding, Lang } from '../../shared/model';
import type { RulesetTexts } from '../../messaging/protocol';
import type { Translate } from '../../shared/i18n';

/** How a kind of data left: hashed (MD5/SHA), encoded (base64), or as typed. */
function sentAs(f: Finding, name: string, t: Translate): string {
  const encoding = f.sent?.encoding;
  if (encoding === 'md5' || encoding === 'sha1' || encoding === 'sha256') return t('sent.hashed', { name });
  if (encoding === 'base64') return t('sent.encoded', { name });
  return name;
}

/** The receiving sites of a report's network findings, each with what it got, in report order. */
export function sentBySite(findings: readonly Finding[]): Map<string, Finding[]> {
  const bySite = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.source !== 'network') continue;
    const site = f.recipients?.[0]?.site ?? f.sent?.receiver;
    if (!site) continue;
    const list = bySite.get(site) ?? [];
    if (!list.some((g) => g.category === f.category)) list.push(f);
    bySite.set(site, list);
  }
  return bySite;
}

/** "Sent to ads.example before you pressed submit: hashed e-mail address, hashed phone number" — one line per site. */
export function SentEarly({
  findings,
  texts,
  lang,
  t,
}: {
  findings: readonly Finding[];
  texts: RulesetTexts | null;
  lang: Lang;
  t: Translate;
}) {
  const bySite = sentBySite(findings);
  if (!bySite.size) return null;
  const list = new Intl.ListFormat(lang, { type: 'conjunction' });
  return (
    <section class="sent" aria-labelledby="sent-heading">
      <h2 id="sent-heading" class="section-title">
        {t('sent.heading')}
      </h2>
      <ul class="sent__list">
        {[...bySite].map(([site, sent]) => (
          <li key={site} data-site={site}>
            {t('sent.line', {
              site,
              items: list.format(sent.map((f) => sentAs(f, texts?.categories[f.category]?.name ?? f.category, t))),
            })}
          </li>
        ))}
      </ul>
    </section>
  );
}
