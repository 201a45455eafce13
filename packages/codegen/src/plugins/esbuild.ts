/**
 * `strideEsbuild()`: an esbuild plugin for networks and for Stride bundles.
 *
 * - `import { create } from './lenet5.net.ts?stride'` (or `?stride=js`, `?stride=wasm`) gets the
 *   bundle `stride build` would write for that network. Its weights reach esbuild as a `file`-loader
 *   import, so esbuild emits them under `assetNames` with a content hash; the bundle resolves the
 *   path esbuild gives (relative to the output file) against `import.meta.url`. The network's files
 *   and weights are the module's `watchFiles`, so `esbuild --watch` and `context.watch()` rebuild on
 *   a change, after a failed build too.
 * - A bundle already written by `stride build` with its weights in `index.safetensors` (imported as
 *   `./dist/lenet5/index.js`) is bundled again with its sidecar as a hashed asset the same way:
 *   esbuild itself leaves `new URL('./index.safetensors', import.meta.url)` alone, which would point
 *   beside the new output file, where no weights are.
 *
 * Errors are esbuild messages: a shape error carries the DSL's sentence at the network's file and line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Message, OnLoadResult, PartialMessage, Plugin } from 'esbuild';
import { targets } from '../compile.js';
import { sidecarUrlForm } from '../build/build.js';
import type { TargetName } from '../target.js';
import { displayPath, parseStrideImport, strideModule, strideQuery, StridePluginError, type StridePluginOptions } from './core.js';

/** The import a rewritten module gets: its default export is the asset's path, esbuild's `file` loader. */
const weightsBinding = '__stride_weights_url';
const weightsNamespace = 'stride-weights';

/** The sidecar form as a minified and as a readable bundle print it. */
const sidecarForms = [sidecarUrlForm.replace(/, /, ','), sidecarUrlForm];

export function strideEsbuild(options: StridePluginOptions = {}): Plugin {
  return {
    name: 'stride',
    setup(build) {
      const root = build.initialOptions.absWorkingDir ?? process.cwd();
      /** Weights built in memory, by the virtual path their import names. */
      const built = new Map<string, Uint8Array>();
      const weightsImport = (path: string) => `import ${weightsBinding} from ${JSON.stringify(`${weightsNamespace}:${path}`)};\n`;
      const toMessage = (error: unknown): PartialMessage => {
        if (!(error instanceof StridePluginError)) return { text: error instanceof Error ? error.message : String(error) };
        const { location } = error;
        return {
          text: error.message,
          location: location && { file: displayPath(location.file, root), line: location.line, column: location.column, lineText: location.lineText },
        };
      };

      build.onResolve({ filter: strideQuery }, async (args) => {
        let request;
        try {
          request = parseStrideImport(args.path, options.target);
        } catch (error) {
          return { errors: [toMessage(error)] };
        }
        if (!request) return undefined;
        const found = await build.resolve(request.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, namespace: 'file' });
        if (found.errors.length > 0) return { errors: found.errors.map((e: Message) => ({ ...e, text: `stride: cannot find the network ${request.path} (imported as ${args.path}): ${e.text}` })) };
        return { path: found.path, namespace: `stride-${request.target}` };
      });

      for (const target of Object.keys(targets) as TargetName[]) {
        build.onLoad({ filter: /.*/, namespace: `stride-${target}` }, async (args): Promise<OnLoadResult> => {
          try {
            let weights: string | undefined;
            const module = await strideModule(args.path, target, options, {
              root,
              emitWeights: ({ name, bytes }) => {
                weights = join(dirname(args.path), name);
                built.set(weights, bytes);
                return `new URL(${weightsBinding}, import.meta.url)`;
              },
            });
            const contents = (weights === undefined ? '' : weightsImport(weights)) + module.code;
            return { contents, loader: 'js', resolveDir: dirname(args.path), watchFiles: module.files };
          } catch (error) {
            return { errors: [toMessage(error)], watchFiles: error instanceof StridePluginError ? error.files : [args.path] };
          }
        });
      }

      // Stride bundles with a sidecar: `index.js` beside `index.safetensors`, locating it by the one form.
      build.onLoad({ filter: /[\\/]index\.js$/, namespace: 'file' }, (args) => {
        const sidecar = join(dirname(args.path), 'index.safetensors');
        if (!existsSync(sidecar)) return undefined;
        const code = readFileSync(args.path, 'utf8');
        const form = sidecarForms.find((f) => code.includes(f));
        if (form === undefined) return undefined;
        return { contents: weightsImport(sidecar) + code.replace(form, () => `new URL(${weightsBinding}, import.meta.url)`), loader: 'js', resolveDir: dirname(args.path), watchFiles: [sidecar] };
      });

      build.onResolve({ filter: new RegExp(`^${weightsNamespace}:`) }, (args) => ({ path: args.path.slice(weightsNamespace.length + 1), namespace: weightsNamespace }));
      build.onLoad({ filter: /.*/, namespace: weightsNamespace }, (args) => {
        const bytes = built.get(args.path);
        if (bytes) return { contents: bytes, loader: 'file' };
        return { contents: readFileSync(args.path), loader: 'file', watchFiles: [args.path] };
      });
    },
  };
}
