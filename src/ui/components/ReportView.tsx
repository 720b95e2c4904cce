import type { Lang, PageReport } from '../../shared/model';
import type { RulesetTexts } from '../../messaging/protocol';
import type { Translate } from '../../shared/i18n';
import { FindingCard } from './FindingCard';
import { GradeSummary } from './GradeSummary';
import { groupFindings } from './grouping';
import { ThirdPartyList } from './WhoGetsIt';
import { SentEarly } from './SentEarly';
import type { OnCorrect } from './WrongButton';

/** A tab's whole report: grade, what we judged the page to be, then one card per kind of data. */
export function ReportView({
  report,
  texts,
  lang,
  t,
  onCorrect,
}: {
  report: PageReport;
  texts: RulesetTexts | null;
  lang: Lang;
  t: Translate;
  onCorrect?: OnCorrect;
}) {
  const groups = groupFindings(report.findings);
  return (
    <>
      <GradeSummary report={report} t={t} />
      {report.grade !== 'not-rated' && (
        <p class="judged">
          {t('judgedAs', {
            pageKind: texts?.pageKinds[report.pageKind] ?? report.pageKind,
            serviceKind: texts?.serviceKinds[report.serviceKind] ?? report.serviceKind,
          })}
        </p>
      )}
      <SentEarly findings={report.findings} texts={texts} lang={lang} t={t} />
      {groups.length > 0 && (
        <section aria-labelledby="findings-heading">
          <h2 id="findings-heading" class="section-title">
            {t('findingsHeading')}
          </h2>
          <ul class="cards">
            {groups.map((group) => (
              <li key={group.category}>
                <FindingCard group={group} texts={texts} lang={lang} t={t} onCorrect={onCorrect} />
              </li>
            ))}
          </ul>
        </section>
      )}
      {/* Third parties matter where the page asks for something: they may see it too. */}
      {groups.length > 0 && <ThirdPartyList parties={report.thirdParties ?? []} lang={lang} t={t} />}
    </>
  );
}
