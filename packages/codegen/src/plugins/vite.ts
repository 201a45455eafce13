/**
 * `strideVite()`: a Vite plugin for networks. `import { create } from './lenet5.net.ts?stride'` (or
 * `?stride=js`, `?stride=wasm`) gets the bundle `stride build` would write for that network.
 *
 * - `vite build`: the weights are emitted with `this.emitFile` (named under `build.assetsDir` with a
 *   content hash) and found at run time through `import.meta.ROLLUP_FILE_URL_…`, which Vite renders
 *   relative to the chunk or under `base`.
 * - `vite` (dev): the weights are served from memory at `<base>@stride/weights/<name>-<hash>.safetensors`;
 *   a change to the network, a file it imports, or its weights invalidates the module, and the page
 *   reloads with the new bundle. Modules loaded server-side (SSR, Vitest) get their weights inline.
 * - A shape error fails the build (and shows in the dev overlay) with the DSL's sentence at the
 *   network's file and line.
 *
 * A network imported from a worker needs the plugin in `worker.plugins` too.
 *
 * The types below are the parts of Vite's plugin API this plugin uses, written out so that
 * `@stride/codegen` does not need Vite installed; a type test holds `strideVite()` assignable to
 * Vite's `Plugin`.
 */
import { resolve } from 'node:path';
import { targets } from '../compile.js';
import type { TargetName } from '../target.js';
import { contentHash, parseStrideImport, strideModule, StridePluginError, type StridePluginOptions } from './core.js';

interface ViteResolvedConfigPart {
  command: 'build' | 'serve';
  root: string;
  base: string;
}

interface ViteModuleNodePart {
  id: string | null;
}

/** Node's request and response, as much of them as the weights middleware uses. */
type Middleware = (
  request: { url?: string },
  response: { setHeader(name: string, value: string): unknown; end(body: Uint8Array): unknown },
  next: (error?: unknown) => void,
) => void;

interface ViteDevServerPart<Module extends ViteModuleNodePart = ViteModuleNodePart> {
  middlewares: { use(handler: Middleware): unknown };
  moduleGraph: { getModuleById(id: string): Module | undefined; invalidateModule(module: Module): void };
}

interface RollupErrorPart {
  message: string;
  id?: string;
  loc?: { file?: string; line: number; column: number };
  frame?: string;
}

interface ResolveContext {
  resolve(source: string, importer?: string, options?: { skipSelf?: boolean }): Promise<{ id: string } | null>;
  error(error: string | RollupErrorPart): never;
}

interface LoadContext {
  addWatchFile(file: string): void;
  emitFile(file: { type: 'asset'; name: string; source: Uint8Array }): string;
  error(error: string | RollupErrorPart): never;
}

/** What `strideVite()` returns: a Vite plugin (assignable to Vite's `Plugin`). */
export interface StrideVitePlugin {
  name: 'stride';
  enforce: 'pre';
  configResolved(config: ViteResolvedConfigPart): void;
  configureServer(server: ViteDevServerPart): void;
  resolveId(this: ResolveContext, source: string, importer: string | undefined): Promise<string | { id: string; external: true } | null>;
  load(this: LoadContext, id: string, options?: { ssr?: boolean }): Promise<{ code: string; map: null } | null>;
  handleHotUpdate<Module extends ViteModuleNodePart>(context: { file: string; modules: Module[]; server: ViteDevServerPart<Module> }): Module[] | void;
}

/** Vite's convention for virtual modules: a `\0` prefix keeps other plugins' hands off. */
const virtualPrefix = '\0stride-';

function parseVirtualId(id: string): { target: TargetName; network: string } | undefined {
  if (!id.startsWith(virtualPrefix)) return undefined;
  const colon = id.indexOf(':', virtualPrefix.length);
  const target = id.slice(virtualPrefix.length, colon);
  if (colon < 0 || !Object.prototype.hasOwnProperty.call(targets, target)) return undefined;
  return { target: target as TargetName, network: id.slice(colon + 1) };
}

/** A code frame for the dev overlay: the line, and a caret under the column. */
function frame(lineText: string, line: number, column: number): string {
  const gutter = `${line} | `;
  return `${gutter}${lineText}\n${' '.repeat(gutter.length + column)}^`;
}

export function strideVite(options: StridePluginOptions = {}): StrideVitePlugin {
  let config: ViteResolvedConfigPart = { command: 'serve', root: process.cwd(), base: '/' };
  /** Dev server: weights by URL path. */
  const served = new Map<string, Uint8Array>();
  /** Each loaded stride module's files: a change to one invalidates the module. */
  const watched = new Map<string, string[]>();

  return {
    name: 'stride',
    enforce: 'pre',
    configResolved(resolved) {
      config = resolved;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const bytes = served.get((req.url ?? '').split('?')[0]);
        if (!bytes) return next();
        res.setHeader('Content-Type', 'application/octet-stream');
        res.setHeader('Content-Length', String(bytes.byteLength));
        res.end(bytes);
      });
    },
    async resolveId(source, importer) {
      // A bundle reads file: URLs with node:fs, imported only then; left as it is, not a browser stub.
      if (source === 'node:fs/promises' && importer !== undefined && parseVirtualId(importer)) return { id: source, external: true };
      let request;
      try {
        request = parseStrideImport(source, options.target);
      } catch (error) {
        return this.error((error as Error).message);
      }
      if (!request) return null;
      const found = await this.resolve(request.path, importer, { skipSelf: true });
      if (!found) return this.error(`stride: cannot find the network ${request.path} (imported as ${source}${importer ? ` from ${importer}` : ''})`);
      return `${virtualPrefix}${request.target}:${found.id.split('?')[0]}`;
    },
    async load(id, loadOptions) {
      const parsed = parseVirtualId(id);
      if (!parsed) return null;
      const { network, target } = parsed;
      try {
        // Server-side (SSR, Vitest) there is no page to fetch the weights from: they go inline.
        const module = await strideModule(network, target, loadOptions?.ssr ? { ...options, inlineLimit: Infinity } : options, {
          root: resolve(config.root),
          emitWeights: ({ name, bytes }) => {
            if (config.command === 'build') {
              const reference = this.emitFile({ type: 'asset', name, source: bytes });
              return `new URL(import.meta.ROLLUP_FILE_URL_${reference}, import.meta.url)`;
            }
            const path = `${config.base.endsWith('/') ? config.base : `${config.base}/`}@stride/weights/${name.replace(/\.safetensors$/, '')}-${contentHash(bytes)}.safetensors`;
            served.set(path, bytes);
            // Not `new URL('/…', import.meta.url)`: Vite's dev server would take that for a file path and rewrite it to /@fs/….
            return `new URL(${JSON.stringify(path)}, globalThis.location.href)`;
          },
        });
        watched.set(id, module.files);
        for (const file of module.files) this.addWatchFile(file);
        return { code: module.code, map: null };
      } catch (error) {
        const files = error instanceof StridePluginError ? error.files : [network];
        watched.set(id, files);
        for (const file of files) this.addWatchFile(file);
        if (!(error instanceof StridePluginError) || !error.location) return this.error(error instanceof Error ? error.message : String(error));
        const { file, line, column, lineText } = error.location;
        return this.error({
          message: error.message,
          id: file, loc: { file, line, column }, frame: frame(lineText, line, column),
        });
      }
    },
    handleHotUpdate({ file, modules, server }) {
      const found = [...watched].filter(([, files]) => files.includes(file)).flatMap(([id]) => server.moduleGraph.getModuleById(id) ?? []);
      if (found.length === 0) return undefined;
      for (const module of found) server.moduleGraph.invalidateModule(module);
      return [...modules, ...found];
    },
  };
}
