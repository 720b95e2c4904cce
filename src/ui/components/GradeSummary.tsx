import type { PageReport } from '../../shared/model';
import type { Translate } from '../../shared/i18n';
import { GRADE_COLORS } from '../../shared/grade-colors';

/** The big letter with its meaning. "Not rated" is neutral: we saw nothing we know, which is not bad. */
export function GradeSummary({ report, t }: { report: PageReport; t: Translate }) {
  if (report.grade === 'not-rated') {
    return (
      <section class="grade grade--not-rated" aria-labelledby="grade-heading">
        <div class="grade__letter" style={{ background: GRADE_COLORS['not-rated'] }} aria-hidden="true">
          –
        </div>
        <div class="grade__text">
          <h2 id="grade-heading">{t('notRatedTitle')}</h2>
          <p>{t('notRatedBody')}</p>
        </div>
      </section>
    );
  }
  return (
    <section class={`grade grade--${report.grade}`} aria-labelledby="grade-heading">
      <div class="grade__letter" style={{ background: GRADE_COLORS[report.grade] }} aria-hidden="true">
        {report.grade}
      </div>
      <div class="grade__text">
        <h2 id="grade-heading">
          {t('gradeLabel')} <span class="grade__name">{report.grade}</span>
        </h2>
        {report.score !== null && <p class="grade__score">{t('scoreLabel', { score: Math.round(report.score) })}</p>}
        <p>{t(`gradeSummary.${report.grade}`)}</p>
      </div>
    </section>
  );
}
