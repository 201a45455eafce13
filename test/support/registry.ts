/**
 * A package registry on 127.0.0.1 that serves the workspace's own copies of third-party packages, so
 * `npm install` in a project outside the workspace resolves esbuild, ts-morph, typescript… exactly as
 * it would from npm, with no download: the install test must pass on a machine without a network.
 *
 * What it serves is what `pnpm install --frozen-lockfile` put in `node_modules/.pnpm`: each package
 * folder packed into a tarball (the files as installed, so esbuild's `bin/esbuild` is the binary its
 * postinstall put there), and a packument listing the versions found. Packages reachable from the
 * given folders through `dependencies` and `optionalDependencies` are served; the others answer 404,
 * which npm takes for an optional platform package (`@esbuild/darwin-arm64`) as "skip it". A required
 * dependency that is missing makes npm fail, so the test cannot pass on packages it did not serve.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, realpathSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

interface Served {
  manifest: Record<string, unknown> & { name: string; version: string };
  file: string;
  integrity: string;
  shasum: string;
}

export interface LocalRegistry {
  /** The registry URL for `npm --registry`, ending in `/`. */
  url: string;
  /** `name@version` of every package served. */
  packages: string[];
  /** Requests that found nothing (`GET /@esbuild%2fdarwin-arm64`), for diagnosing a failed install. */
  misses: string[];
  close(): Promise<void>;
}

/** The folder Node would load `name` from when required by the package in `folder`. */
function resolveDependency(folder: string, name: string): string | undefined {
  for (let dir = folder; dir !== dirname(dir); dir = dirname(dir)) {
    if (basename(dir) === 'node_modules') continue;
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
  }
  return undefined;
}

/** Every package folder reachable from `roots` (package folders) through runtime and optional dependencies. */
function closure(roots: string[]): Map<string, string> {
  const found = new Map<string, string>(); // name@version → folder
  const queue = roots.map((root) => realpathSync(root));
  while (queue.length > 0) {
    const folder = queue.pop()!;
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Served['manifest'];
    const id = `${manifest.name}@${manifest.version}`;
    if (found.has(id)) continue;
    found.set(id, folder);
    const dependencies = { ...(manifest.dependencies as object), ...(manifest.optionalDependencies as object) };
    for (const name of Object.keys(dependencies)) {
      const dependency = resolveDependency(folder, name);
      if (dependency) queue.push(dependency);
      else if (!(name in ((manifest.optionalDependencies as object) ?? {}))) {
        throw new Error(`registry: ${id} needs ${name}, which is not installed beside it (${folder}); run pnpm install`);
      }
    }
  }
  return found;
}

/** Packs one installed package folder as npm lays out a tarball (`package/…`), quickly (gzip -1). */
async function pack(folder: string, target: string): Promise<void> {
  await run('tar', ['-c', '--use-compress-program=gzip -1', '-f', target, '--exclude=./node_modules', '--transform=s,^\\.,package,', '-C', folder, '.'], { maxBuffer: 1 << 20 });
}

/**
 * Packs every package reachable from `roots` into `folder` and serves them on an ephemeral port.
 * @example
 * const registry = await startRegistry([join(repo, 'packages/codegen/node_modules/esbuild')], tarballs);
 * // npm install --registry ${registry.url} esbuild@0.28.2 …
 * await registry.close();
 */
export async function startRegistry(roots: string[], folder: string): Promise<LocalRegistry> {
  mkdirSync(folder, { recursive: true });
  const byName = new Map<string, Served[]>();
  await Promise.all([...closure(roots)].map(async ([id, source]) => {
    const manifest = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as Served['manifest'];
    const file = `${id.replace(/^@/, '').replace(/[/@]/g, '-')}.tgz`;
    await pack(source, join(folder, file));
    const bytes = readFileSync(join(folder, file));
    const served: Served = {
      manifest, file,
      integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
      shasum: createHash('sha1').update(bytes).digest('hex'),
    };
    byName.set(manifest.name, [...(byName.get(manifest.name) ?? []), served]);
  }));

  const misses: string[] = [];
  let url = '';
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent((request.url ?? '/').split('?')[0]);
    const tarball = /^\/-\/tarballs\/([^/]+)$/.exec(path);
    if (tarball) {
      const entry = [...byName.values()].flat().find((s) => s.file === tarball[1]);
      if (entry) {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        response.end(readFileSync(join(folder, entry.file)));
        return;
      }
    }
    const versions = byName.get(path.slice(1));
    if (!tarball && versions) {
      const latest = versions.map((v) => v.manifest.version).sort().at(-1)!;
      const packument = {
        name: path.slice(1),
        'dist-tags': { latest },
        versions: Object.fromEntries(versions.map((v) => [v.manifest.version, {
          ...v.manifest, _id: `${v.manifest.name}@${v.manifest.version}`,
          dist: { tarball: `${url}-/tarballs/${v.file}`, integrity: v.integrity, shasum: v.shasum },
        }])),
      };
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify(packument));
      return;
    }
    misses.push(`${request.method} ${path}`);
    response.writeHead(404, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    packages: [...byName.values()].flat().map((s) => `${s.manifest.name}@${s.manifest.version}`).sort(),
    misses,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
