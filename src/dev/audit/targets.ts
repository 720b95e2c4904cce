/**
 * Command-line parsing and target expansion for the audit CLI (no browser here, so it is unit-tested).
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IN_APP, type InApp } from './in-app';

export const DEFAULT_TIMEOUT_MS = 15_000;
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const DEMO_DIR = path.join(REPO_ROOT, 'src/dev/demo');

export interface CliOptions {
  timeoutMs: number;
  targets: string[];
  help: boolean;
  /** Open targets as this app's web view would (its user agent and a recording bridge). */
  as: InApp | null;
}

export const USAGE = `Usage: npm run audit -- [--timeout ms] [--as wechat|alipay|douyin] <file-or-url>...

Visits each target in headless Chromium with the built extension (.output/chrome-mv3) and prints
one JSON document with the grade and findings of every page.

  <file|dir>   local HTML files or folders (every .html in a folder), served on 127.0.0.1
  <url>        http(s) URLs, visited as given
  demo         all demo pages in src/dev/demo (except index.html)
  --timeout    per-page time limit in ms (default ${DEFAULT_TIMEOUT_MS})
  --as <app>   open each target as that app's web view would: its user agent and a bridge that
               records every request and answers like a user who declines (wechat, alipay, douyin)`;

export function parseArgs(argv: string[]): CliOptions {
  const opts: CliOptions = { timeoutMs: DEFAULT_TIMEOUT_MS, targets: [], help: false, as: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') opts.help = true;
    else if (arg === '--timeout' || arg.startsWith('--timeout=')) {
      const raw = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      const ms = Number(raw);
      if (!Number.isFinite(ms) || ms < 1000 || ms > 600_000) {
        throw new Error(`--timeout needs a number of milliseconds between 1000 and 600000, got ${JSON.stringify(raw)}`);
      }
      opts.timeoutMs = Math.round(ms);
    } else if (arg === '--as' || arg.startsWith('--as=')) {
      const raw = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      if (!(IN_APP as readonly string[]).includes(raw))
        throw new Error(`--as needs one of ${IN_APP.join(', ')}, got ${JSON.stringify(raw)}`);
      opts.as = raw as InApp;
    } else if (arg === '--') continue;
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else opts.targets.push(arg);
  }
  return opts;
}

/** One page to visit: a URL as given, or a local file to serve. */
export type Target =
  | { kind: 'url'; given: string; url: string }
  | { kind: 'file'; given: string; absPath: string }
  | { kind: 'missing'; given: string; error: string };

/** Expands "demo" and folders into their HTML files; keeps URLs; flags paths that do not exist. */
export function expandTargets(args: string[], cwd = process.cwd()): Target[] {
  const out: Target[] = [];
  for (const given of args) {
    if (/^https?:\/\//i.test(given)) {
      out.push({ kind: 'url', given, url: given });
      continue;
    }
    if (given === 'demo') {
      for (const file of htmlFilesIn(DEMO_DIR).filter((f) => path.basename(f) !== 'index.html')) {
        out.push({ kind: 'file', given: path.relative(REPO_ROOT, file), absPath: file });
      }
      continue;
    }
    const abs = path.resolve(cwd, given);
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      out.push({ kind: 'missing', given, error: `no such file or URL: ${given}` });
      continue;
    }
    if (!isDir) out.push({ kind: 'file', given, absPath: abs });
    else {
      const files = htmlFilesIn(abs);
      if (files.length === 0) out.push({ kind: 'missing', given, error: `no .html files in ${given}` });
      for (const file of files) out.push({ kind: 'file', given: path.join(given, path.basename(file)), absPath: file });
    }
  }
  return out;
}

function htmlFilesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.html?$/i.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

/** Loopback hosts: the only ones a local audit lets pages reach. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
