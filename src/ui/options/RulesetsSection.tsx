import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Lang } from '../../shared/model';
import type { ChangeResult, PreviewResult, RulesetInfo } from '../../messaging/protocol';
import { checkSubscriptionUrl, originPattern } from '../../shared/subscription';
import { sendMessage } from '../../messaging/messenger';
import type { Ruleset } from '../../engine/rules/schema';
import type { Translate, UiKey } from '../../shared/i18n';
import { dateTime, localized, saveTextFile } from './format';
import { RulesetDetails } from './RulesetDetails';
import { RulesetPreview } from './RulesetPreview';
import { ErrorList, ProblemDetail, type PendingImport } from './ruleset-problems';

const REASONS: Record<string, UiKey> = {
  'would-leave-no-complete-ruleset': 'options.rulesets.needComplete',
  'bundled-cannot-be-removed': 'options.rulesets.bundledStays',
};

export function RulesetsSection({ lang, t }: { lang: Lang; t: Translate }) {
  const [list, setList] = useState<RulesetInfo[] | null>(null);
  const [pending, setPending] = useState<PendingImport | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [viewing, setViewing] = useState<Ruleset | null>(null);
  const [url, setUrl] = useState('');
  const [pin, setPin] = useState('');
  const [urlProblem, setUrlProblem] = useState('');

  /**
   * Whether the extension may already read every site (Chrome grants the content scripts' <all_urls>
   * at install); then no prompt is needed. Known before any click, because the prompt must be
   * requested synchronously inside the click (Firefox).
   */
  const [allHosts, setAllHosts] = useState(false);

  const refresh = async () => setList((await sendMessage('listRulesets', {})) ?? []);
  useEffect(() => {
    void refresh();
    void browser.permissions.contains({ origins: ['<all_urls>'] }).then(setAllHosts, () => setAllHosts(false));
  }, []);

  /** Runs a change, says how it went, and reloads the list. */
  async function change(task: () => Promise<ChangeResult | undefined>, done: string) {
    setBusy(true);
    try {
      const result = await task();
      setStatus(result?.ok ? done : t(REASONS[result?.reason ?? ''] ?? 'options.rulesets.failed'));
    } finally {
      setBusy(false);
      await refresh();
    }
  }

  async function previewFile(input: HTMLInputElement) {
    const file = input.files?.[0];
    if (!file) return;
    setBusy(true);
    setStatus('');
    try {
      const text = await file.text();
      const result = (await sendMessage('previewRuleset', { text })) ?? failure(t('options.rulesets.failed'));
      setPending({ source: 'local', origin: file.name, result });
    } finally {
      input.value = '';
      setBusy(false);
    }
  }

  async function previewUrl(event: Event) {
    event.preventDefault();
    const checked = checkSubscriptionUrl(url);
    if (!checked.ok) return setUrlProblem(t('options.rulesets.badUrl'));
    setUrlProblem('');
    // Asked in the click itself (browsers require a user gesture); one host, and only now. A refusal
    // is not final: the download is still tried, and works where the server allows it (CORS).
    const permission = allHosts
      ? Promise.resolve(true)
      : browser.permissions.request({ origins: [originPattern(checked.url)] }).catch(() => false);
    setBusy(true);
    setStatus('');
    try {
      await permission;
      const sha256Pin = pin.trim() || undefined;
      const result = (await sendMessage('previewRuleset', { url: checked.url, sha256Pin })) ?? failure(t('options.rulesets.failed'));
      setPending({ source: 'subscribed', origin: checked.url, url: checked.url, sha256Pin, result });
    } finally {
      setBusy(false);
    }
  }

  async function apply() {
    if (!pending?.result.ok) return;
    setBusy(true);
    try {
      const { text } = pending.result;
      const added = await sendMessage('addRuleset', { text, source: pending.source, url: pending.url, sha256Pin: pending.sha256Pin });
      if (added?.ok) {
        setPending(null);
        setUrl('');
        setPin('');
        setStatus(t('options.rulesets.added', { title: localized(added.info.title, lang) }));
      } else {
        setPending({ ...pending, result: { ok: false, errors: added?.errors ?? [] } });
      }
    } finally {
      setBusy(false);
      await refresh();
    }
  }

  async function exportRuleset(id: string) {
    const file = await sendMessage('exportRuleset', { id });
    if (file) saveTextFile(file.filename, file.text);
  }

  async function view(id: string) {
    setViewing((await sendMessage('getRuleset', { id })) ?? null);
  }

  async function updateNow(id: string) {
    setBusy(true);
    try {
      const info = await sendMessage('updateRuleset', { id });
      setStatus(info?.lastError ? t('options.rulesets.updateFailed') : t('options.rulesets.updated'));
    } finally {
      setBusy(false);
      await refresh();
    }
  }

  const user = list?.filter((r) => r.source !== 'bundled') ?? [];
  function move(id: string, by: -1 | 1) {
    const ids = user.map((r) => r.id);
    const at = ids.indexOf(id);
    [ids[at], ids[at + by]] = [ids[at + by], ids[at]];
    void change(() => sendMessage('reorderRulesets', { ids }), t('options.rulesets.reordered'));
  }

  return (
    <section id="rulesets" class="panel" aria-labelledby="rulesets-heading">
      <h2 id="rulesets-heading">{t('options.rulesets.heading')}</h2>
      <p class="panel__intro">{t('options.rulesets.intro')}</p>

      {list === null ? (
        <p class="muted">{t('loading')}</p>
      ) : (
        <ol class="rulesets" aria-label={t('options.rulesets.listLabel')}>
          {list.map((r) => {
            const userIndex = user.findIndex((u) => u.id === r.id);
            return (
              <li key={r.id} class={`ruleset${r.enabled ? '' : ' ruleset--off'}`} data-ruleset-id={r.id}>
                <div class="ruleset__main">
                  <h3 class="ruleset__title">
                    {localized(r.title, lang)} <span class="ruleset__version">{r.version}</span>
                  </h3>
                  <p class="ruleset__meta">
                    <span class={`tag tag--${r.source}`}>{t(`options.source.${r.source}` as UiKey)}</span>
                    <code>{r.id}</code>
                    {r.url && <span class="ruleset__url">{r.url}</span>}
                  </p>
                  <p class="ruleset__status">
                    {r.source === 'bundled'
                      ? t('options.rulesets.bundledNote')
                      : t('options.rulesets.fetched', { when: dateTime(r.fetchedAt, lang) })}
                    {r.lastChecked ? ` · ${t('options.rulesets.checked', { when: dateTime(r.lastChecked, lang) })}` : ''}
                    {r.nextCheck ? ` · ${t('options.rulesets.next', { when: dateTime(r.nextCheck, lang) })}` : ''}
                    {r.sha256Pin ? ` · ${t('options.rulesets.pinned')}` : ''}
                  </p>
                  {r.lastError && (
                    <div class="ruleset__error" role="alert">
                      <p>
                        {t('options.rulesets.lastError', { when: dateTime(r.lastError.at, lang) })}{' '}
                        {t(`options.problem.${r.lastError.code ?? 'network'}` as UiKey)}
                      </p>
                      {r.lastError.errors ? (
                        <ErrorList errors={r.lastError.errors} />
                      ) : (
                        <ProblemDetail code={r.lastError.code} message={r.lastError.message} />
                      )}
                      <p class="muted">{t('options.rulesets.keptGood')}</p>
                    </div>
                  )}
                </div>
                <div class="ruleset__actions">
                  <label class="switch">
                    <input
                      type="checkbox"
                      checked={r.enabled}
                      disabled={busy}
                      onChange={(e) =>
                        void change(
                          () => sendMessage('setRulesetEnabled', { id: r.id, enabled: (e.target as HTMLInputElement).checked }),
                          t('options.rulesets.saved'),
                        )
                      }
                    />
                    {t('options.rulesets.enabled')}
                  </label>
                  {userIndex >= 0 && (
                    <>
                      <button
                        type="button"
                        disabled={busy || userIndex === 0}
                        onClick={() => move(r.id, -1)}
                        aria-label={t('options.rulesets.upLabel', { id: r.id })}
                      >
                        ↑
                      </button>
                      <button
                        type="button"
                        disabled={busy || userIndex === user.length - 1}
                        onClick={() => move(r.id, 1)}
                        aria-label={t('options.rulesets.downLabel', { id: r.id })}
                      >
                        ↓
                      </button>
                    </>
                  )}
                  <button type="button" onClick={() => void view(r.id)}>
                    {t('options.rulesets.view')}
                  </button>
                  <button type="button" onClick={() => void exportRuleset(r.id)}>
                    {t('options.rulesets.export')}
                  </button>
                  {r.source === 'subscribed' && (
                    <button type="button" disabled={busy} onClick={() => void updateNow(r.id)}>
                      {t('options.rulesets.updateNow')}
                    </button>
                  )}
                  {r.source !== 'bundled' && (
                    <button
                      type="button"
                      class="danger"
                      disabled={busy}
                      onClick={() => void change(() => sendMessage('removeRuleset', { id: r.id }), t('options.rulesets.removed'))}
                    >
                      {t('options.rulesets.remove')}
                    </button>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
      <p class="muted">{t('options.rulesets.precedence')}</p>
      <p class="status-line" role="status">
        {status}
      </p>

      <div class="add">
        <div class="add__box">
          <h3>{t('options.rulesets.addFile')}</h3>
          <p class="muted">{t('options.rulesets.addFileHelp')}</p>
          {/* A styled label, so the button speaks the page's language rather than the browser's. */}
          <label class="file-button">
            {t('options.rulesets.chooseFile')}
            <input
              type="file"
              class="visually-hidden"
              accept=".json,application/json"
              disabled={busy}
              onChange={(e) => void previewFile(e.target as HTMLInputElement)}
            />
          </label>
        </div>
        <form class="add__box" onSubmit={(e) => void previewUrl(e)}>
          <h3>{t('options.rulesets.addUrl')}</h3>
          <p class="muted">{t('options.rulesets.addUrlHelp')}</p>
          <label>
            {t('options.rulesets.url')}
            <input
              type="url"
              name="url"
              required
              placeholder="https://"
              value={url}
              onInput={(e) => setUrl((e.target as HTMLInputElement).value)}
            />
          </label>
          <label>
            {t('options.rulesets.pin')}
            <input
              type="text"
              name="sha256"
              spellcheck={false}
              placeholder={t('options.rulesets.pinPlaceholder')}
              value={pin}
              onInput={(e) => setPin((e.target as HTMLInputElement).value)}
            />
          </label>
          {urlProblem && (
            <p class="field-error" role="alert">
              {urlProblem}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {t('options.rulesets.preview')}
          </button>
        </form>
      </div>

      {pending && (
        <RulesetPreview pending={pending} busy={busy} lang={lang} t={t} onApply={() => void apply()} onCancel={() => setPending(null)} />
      )}
      {viewing && <RulesetDetails ruleset={viewing} lang={lang} t={t} onClose={() => setViewing(null)} />}
    </section>
  );
}

function failure(reason: string): PreviewResult {
  return { ok: false, errors: [{ path: '$', reason }] };
}
