import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Lang, PageReport } from '../../shared/model';
import type { RulesetTexts } from '../../messaging/protocol';
import { sendMessage } from '../../messaging/messenger';
import { uiLanguage } from '../../store/settings';
import { uiTranslator } from '../ui-strings';
import { ReportView } from '../components/ReportView';
import { LocationPanel } from '../components/LocationPanel';
import { CorrectionNotice, type AppliedCorrection } from './CorrectionNotice';
import type { OnCorrect } from '../components/WrongButton';

/** How often an open popup asks again: a page keeps reporting while it loads and while fields appear. */
const REFRESH_MS = 2_000;

type View = { status: 'loading' } | { status: 'error' } | { status: 'ready'; report: PageReport | null; texts: RulesetTexts | null };

/** `?tabId=N` (used when the popup is opened in a tab, as tests do); null when absent or malformed. */
export function tabIdFromQuery(search: string): number | null {
  const raw = new URLSearchParams(search).get('tabId');
  // Chrome's tab ids grow large (ten digits is common); any non-negative safe integer is valid.
  if (raw === null || !/^\d{1,15}$/.test(raw)) return null;
  return Number(raw);
}

async function currentTabId(search: string): Promise<number | null> {
  const fromQuery = tabIdFromQuery(search);
  if (fromQuery !== null) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return typeof tab?.id === 'number' ? tab.id : null;
}

/** Renders in `lang`, whose strings must be loaded (`loadUiStrings`) before. */
export function PopupApp({ lang = uiLanguage(), search = location.search }: { lang?: Lang; search?: string }) {
  const t = uiTranslator(lang)!;
  const [view, setView] = useState<View>({ status: 'loading' });
  const [tabId, setTabId] = useState<number | null>(null);
  const [applied, setApplied] = useState<AppliedCorrection | null>(null);
  const [correctionFailed, setCorrectionFailed] = useState(false);

  const showReport = (report: PageReport | null) =>
    setView((old) => (old.status === 'ready' ? { ...old, report } : { status: 'ready', report, texts: null }));

  /** "This is wrong": applied by the worker at once; the new report replaces the old one here. */
  const correct: OnCorrect = (finding, kind) => {
    if (tabId === null) return;
    setCorrectionFailed(false);
    void sendMessage('correctFinding', { tabId, category: finding.category, ruleId: finding.ruleId, kind })
      .then((result) => {
        if (!result?.ok) return setCorrectionFailed(true);
        const name = (view.status === 'ready' && view.texts?.categories[finding.category]?.name) || finding.category;
        setApplied({ result, ruleId: finding.ruleId, kind, name });
        showReport(result.report);
      })
      .catch(() => setCorrectionFailed(true));
  };

  const undo = () => {
    if (!applied || tabId === null) return;
    void sendMessage('removeCorrection', { site: applied.result.site, ruleId: applied.ruleId, kind: applied.kind })
      .then(() => sendMessage('getTabReport', { tabId }))
      .then((report) => {
        setApplied(null);
        if (report !== undefined) showReport(report);
      })
      .catch(() => setCorrectionFailed(true));
  };

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('appName');
    let stopped = false;
    let timer: ReturnType<typeof setInterval> | undefined;
    (async () => {
      const tabId = await currentTabId(search);
      setTabId(tabId);
      if (tabId === null) return setView({ status: 'ready', report: null, texts: null });
      const [report, texts] = await Promise.all([sendMessage('getTabReport', { tabId }), sendMessage('getRulesetTexts', { lang })]);
      if (stopped) return;
      // undefined means the background refused or failed; null means it has nothing for this tab.
      if (report === undefined) return setView({ status: 'error' });
      setView({ status: 'ready', report, texts: texts ?? null });
      timer = setInterval(async () => {
        const fresh = await sendMessage('getTabReport', { tabId }).catch(() => undefined);
        if (stopped || fresh === undefined) return;
        setView((old) =>
          old.status === 'ready' && old.report?.updatedAt === fresh?.updatedAt
            ? old
            : { status: 'ready', report: fresh, texts: texts ?? null },
        );
      }, REFRESH_MS);
    })().catch(() => {
      if (!stopped) setView({ status: 'error' });
    });
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [lang, search]);

  return (
    <main class="popup">
      <h1 class="app-name">{t('appName')}</h1>
      {view.status === 'loading' && (
        <p class="status" role="status">
          {t('loading')}
        </p>
      )}
      {view.status === 'error' && (
        <p class="status" role="alert">
          {t('loadError')}
        </p>
      )}
      {applied && <CorrectionNotice applied={applied} onUndo={undo} t={t} />}
      {correctionFailed && (
        <p class="status" role="alert">
          {t('wrong.failed')}
        </p>
      )}
      {view.status === 'ready' &&
        (view.report ? (
          <ReportView report={view.report} texts={view.texts} lang={lang} t={t} onCorrect={correct} />
        ) : (
          <p class="status">{t('noReport')}</p>
        ))}
      {view.status === 'ready' && view.report && <LocationPanel report={view.report} t={t} />}
      <footer class="foot">
        <p>{t('privacyNote')}</p>
        {view.status === 'ready' && view.texts && <p>{t('rulesetLine', { id: view.texts.id, version: view.texts.version })}</p>}
        <p>
          <button type="button" class="link-button" onClick={() => void browser.runtime.openOptionsPage()}>
            {t('openOptions')}
          </button>
        </p>
      </footer>
    </main>
  );
}
