/**
 * A static file server for the built demo (and the browser tests' pages) on 127.0.0.1, sending the
 * Content-Security-Policy the README recommends: `script-src 'self' 'wasm-unsafe-eval'` for pages
 * that may run the wasm target, `script-src 'self'` for the js target alone. Every response carries
 * it — a worker's script is governed by its own response's policy, not the page's.
 *
 * `crossOriginIsolated` adds COOP/COEP, without which a page has no SharedArrayBuffer and so no
 * threads for the wasm target; the 'threads' policy is the wasm one with `worker-src 'self' blob:`,
 * since a threaded network starts its workers from a Blob of the runtime's worker source.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';

/** The policies the README recommends, by the targets a page may run. */
export const contentSecurityPolicy = {
  wasm: "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  threads: "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  js: "default-src 'self'; script-src 'self'; worker-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
} as const;

export type PolicyName = keyof typeof contentSecurityPolicy;

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.safetensors': 'application/octet-stream',
};

export interface ServeOptions {
  /** Which policy to send: the wasm one (default), the wasm one with threads, or the js one. */
  policy?: PolicyName;
  /** Send COOP `same-origin` and COEP `require-corp`: the page is cross-origin isolated and has SharedArrayBuffer (threads). @default false */
  crossOriginIsolated?: boolean;
  /** @default 0: any free port */
  port?: number;
}

export interface Served {
  url: string;
  server: Server;
  close(): Promise<void>;
}

/** Serves `folder` on 127.0.0.1 (GET and HEAD; `/` is `index.html`); resolves once listening. */
export function serve(folder: string, options: ServeOptions = {}): Promise<Served> {
  const root = resolve(folder);
  const headers: Record<string, string> = {
    'Content-Security-Policy': contentSecurityPolicy[options.policy ?? 'wasm'],
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
    ...(options.crossOriginIsolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {}),
  };
  const server = createServer((request, response) => {
    const fail = (status: number, text: string) => {
      response.writeHead(status, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end(`${text}\n`);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return fail(405, 'only GET and HEAD');
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    } catch {
      return fail(400, 'bad path');
    }
    const file = resolve(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (file !== root && !file.startsWith(root + sep)) return fail(404, 'not found');
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) return fail(404, 'not found');
      size = stat.size;
    } catch {
      return fail(404, 'not found');
    }
    response.writeHead(200, { ...headers, 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Content-Length': String(size) });
    if (request.method === 'HEAD') return response.end();
    createReadStream(file).pipe(response);
  });
  return new Promise((done, failed) => {
    server.once('error', failed);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      done({
        url: `http://127.0.0.1:${port}/`,
        server,
        close: () => new Promise((closed) => {
          server.closeAllConnections();
          server.close(() => closed());
        }),
      });
    });
  });
}
