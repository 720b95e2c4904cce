/**
 * A tiny static file server on 127.0.0.1 for the audit CLI and the e2e tests. It serves only the
 * files and folders it was given; anything else gets an immediate 404 so a page that points at a
 * missing resource settles quickly instead of hanging.
 */
import { createServer, type Server } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';

/** A local folder served under a URL path prefix ("/" or "/site-2/"). */
export interface Mount {
  prefix: string;
  dir: string;
}

/** Where each local target ends up on the server. */
export interface MountPlan {
  mounts: Mount[];
  /** Target path (as given) → URL path on the server. */
  paths: Map<string, string>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Decides the mounts for local targets: each distinct folder is served once. A single folder is served
 * at "/" so page URLs read naturally (http://127.0.0.1:PORT/shop-checkout.html); with more folders each
 * gets its own prefix.
 */
export function planMounts(targets: { given: string; absPath: string; isDir: boolean }[]): MountPlan {
  const dirs: string[] = [];
  for (const t of targets) {
    const dir = t.isDir ? t.absPath : path.dirname(t.absPath);
    if (!dirs.includes(dir)) dirs.push(dir);
  }
  const mounts = dirs.map((dir, i) => ({ prefix: dirs.length === 1 ? '/' : `/site-${i + 1}/`, dir }));
  const paths = new Map<string, string>();
  for (const t of targets) {
    const dir = t.isDir ? t.absPath : path.dirname(t.absPath);
    const mount = mounts[dirs.indexOf(dir)];
    paths.set(t.given, t.isDir ? mount.prefix : mount.prefix + encodeURIComponent(path.basename(t.absPath)));
  }
  return { mounts, paths };
}

/** Maps a request path to a file inside a mount, or null. Never escapes the mount's folder. */
export function resolveRequestPath(mounts: Mount[], urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  // Longest prefix first, so "/site-2/" wins over "/".
  const sorted = [...mounts].sort((a, b) => b.prefix.length - a.prefix.length);
  for (const m of sorted) {
    if (!decoded.startsWith(m.prefix)) continue;
    const rel = decoded.slice(m.prefix.length);
    const file = path.resolve(m.dir, '.' + path.sep + rel);
    if (file !== m.dir && !file.startsWith(m.dir + path.sep)) return null;
    return file;
  }
  return null;
}

export interface StaticServer {
  origin: string;
  url(urlPath: string): string;
  close(): Promise<void>;
}

export async function startStaticServer(mounts: Mount[]): Promise<StaticServer> {
  const server: Server = createServer((req, res) => {
    const notFound = () => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
      res.end('not found');
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' });
      res.end();
      return;
    }
    let file = resolveRequestPath(mounts, req.url ?? '/');
    if (!file) return notFound();
    let stat = statOrNull(file);
    if (stat?.isDirectory()) {
      file = path.join(file, 'index.html');
      stat = statOrNull(file);
    }
    if (!stat?.isFile()) return notFound();
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': stat.size,
      'cache-control': 'no-store',
    });
    if (req.method === 'HEAD') return void res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  });
  // Keep-alive sockets would otherwise delay close() by seconds.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (urlPath) => origin + (urlPath.startsWith('/') ? urlPath : '/' + urlPath),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function statOrNull(file: string) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}
