/**
 * `npm run audit -- [--timeout ms] <file-or-url>...` — audits pages with the built extension and prints
 * one JSON document (see report.ts) to stdout. Logs go to stderr. Exits non-zero only when it could
 * not run at all; a page that fails gets {"target","error"} in the output instead.
 */
import { auditUrl } from './audit';
import { launchWithExtension, SetupError, extensionMissingReason, type ExtensionSession } from './browser';
import { AUDIT_FORMAT_VERSION, toAuditPage, type AuditDocument } from './report';
import { planMounts, startStaticServer, type StaticServer } from './server';
import { IN_APP_USER_AGENTS, recordingBridgeScript } from './in-app';
import { expandTargets, isLoopbackUrl, parseArgs, USAGE, type Target } from './targets';

const log = (msg: string) => process.stderr.write(`[audit] ${msg}\n`);

async function main(argv: string[]): Promise<number> {
  let opts;
  try {
    opts = parseArgs(argv);
  } catch (err) {
    log((err as Error).message);
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  if (opts.help) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if (opts.targets.length === 0) {
    process.stderr.write(USAGE + '\n');
    return 2;
  }
  const missing = extensionMissingReason();
  if (missing) {
    log(missing);
    return 1;
  }

  const targets = expandTargets(opts.targets);
  const files = targets.filter((t): t is Extract<Target, { kind: 'file' }> => t.kind === 'file');
  const plan = planMounts(files.map((f) => ({ given: f.given, absPath: f.absPath, isDir: false })));
  const allowNetwork = targets.some((t) => t.kind === 'url' && !isLoopbackUrl(t.url));
  if (allowNetwork) log('internet URLs given: pages may reach the network (the extension itself still makes no requests)');

  let server: StaticServer | null = null;
  let session: ExtensionSession | null = null;
  const doc: AuditDocument = { version: AUDIT_FORMAT_VERSION, ...(opts.as ? { as: opts.as } : {}), pages: [] };
  try {
    if (files.length) server = await startStaticServer(plan.mounts);
    session = await launchWithExtension({
      allowNetwork,
      ...(opts.as ? { userAgent: IN_APP_USER_AGENTS[opts.as], initScript: recordingBridgeScript(opts.as) } : {}),
    });
    if (opts.as) log(`opening targets as ${opts.as}'s web view (user agent and a recording bridge that declines every request)`);
    log(`extension ${session.extensionId} loaded; ${targets.length} target(s), timeout ${opts.timeoutMs} ms each`);
    for (const t of targets) {
      if (t.kind === 'missing') {
        doc.pages.push({ target: t.given, error: t.error });
        continue;
      }
      const url = t.kind === 'url' ? t.url : server!.url(plan.paths.get(t.given)!);
      const started = Date.now();
      try {
        const audit = await auditUrl(session, url, opts.timeoutMs);
        await audit.page.close().catch(() => {});
        const entry = toAuditPage(t.given, audit.url, audit.report);
        doc.pages.push(entry);
        log(
          `${t.given}: ${entry.grade}${entry.score === null ? '' : ` (${entry.score})`}, ${entry.findings.length} finding(s), ${Date.now() - started} ms`,
        );
      } catch (err) {
        const message = (err as Error).message.split('\n')[0];
        doc.pages.push({ target: t.given, error: message });
        log(`${t.given}: failed: ${message}`);
      }
    }
  } catch (err) {
    log(err instanceof SetupError ? err.message : `could not run: ${(err as Error).stack ?? err}`);
    return 1;
  } finally {
    await session?.close();
    await server?.close();
  }
  process.stdout.write(JSON.stringify(doc, null, 2) + '\n');
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    log(`could not run: ${(err as Error).stack ?? err}`);
    process.exit(1);
  },
);
