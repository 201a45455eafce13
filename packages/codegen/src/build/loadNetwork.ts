/**
 * Loading a network definition: the user's module (TypeScript or JavaScript) is bundled with esbuild
 * into one ES module, imported from a temporary folder that is removed right after, and its default
 * export must be the model.
 *
 * `@stride/dsl` comes from the network's own project when its folder resolves it, so the project's
 * version defines the network; a lone file whose folder has none gets this package's copy. The
 * bundle carries an inline source map, so stack traces taken while the network is built (a layer
 * recording where it was called) name the user's file and line, not the temporary bundle.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { Graph } from '@stride/dsl';

export interface LoadedNetwork {
  graph: Graph;
  summary: () => string;
}

/** The Stride packages a network may import, resolved from its folder first and from here second. */
const ownCopies: Plugin = {
  name: 'stride-own-copies',
  setup(plugin) {
    plugin.onResolve({ filter: /^@stride\/(dsl|runtime)(\/.*)?$/ }, async (args) => {
      if (args.pluginData === ownCopies) return undefined; // the nested resolve below: esbuild's own rules
      const found = await plugin.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: ownCopies });
      if (found.errors.length === 0) return { path: found.path, namespace: found.namespace, external: found.external, sideEffects: found.sideEffects };
      return { path: fileURLToPath(import.meta.resolve(args.path)) };
    });
  },
};

export interface LoadOptions {
  /**
   * Called once the definition is bundled, before it runs, with the absolute paths of every file it
   * read (the network's own and the DSL's): what a watcher watches, even when running it then fails.
   */
  onBundled?: (files: string[]) => void;
}

export async function loadNetwork(file: string, options: LoadOptions = {}): Promise<LoadedNetwork> {
  const entry = resolve(file);
  if (!existsSync(entry)) throw new Error(`cannot load network ${file}: there is no file ${entry}`);
  const folder = mkdtempSync(join(tmpdir(), 'stride-network-'));
  try {
    const bundled = join(folder, 'network.mjs');
    let code: string;
    try {
      const result = await build({
        entryPoints: [entry], outfile: bundled, bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent',
        // Node built-ins stay imports; everything else (the DSL included) is bundled.
        packages: 'bundle', external: ['node:*'], plugins: [ownCopies],
        sourcemap: 'inline', sourcesContent: false, metafile: options.onBundled !== undefined,
      });
      code = result.outputFiles[0].text;
      if (result.metafile) options.onBundled!(Object.keys(result.metafile.inputs).map((input) => resolve(input)));
    } catch (error) {
      const errors = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } }[] }).errors;
      const detail = errors?.map((e) => `${e.location ? `${relative(process.cwd(), resolve(e.location.file))}:${e.location.line}:${e.location.column + 1}: ` : ''}${e.text}`).join('\n  ') ?? String(error);
      throw new Error(`cannot load network ${file}:\n  ${detail}`);
    }
    writeFileSync(bundled, code);
    const mapped = process.sourceMapsEnabled;
    process.setSourceMapsEnabled(true);
    let module: { default?: unknown };
    try {
      module = (await import(pathToFileURL(bundled).href)) as { default?: unknown };
    } finally {
      process.setSourceMapsEnabled(mapped);
    }
    const model = module.default as { toIR?: () => Graph; summary?: () => string } | undefined;
    if (!model || typeof model.toIR !== 'function') {
      const exported = Object.keys(module).filter((k) => k !== 'default');
      throw new Error(`${file} must default-export a model (\`export default model({ inputs, outputs })\`); ` +
        `its default export is ${model === undefined ? 'missing' : typeof model}${exported.length ? ` (named exports: ${exported.join(', ')})` : ''}`);
    }
    return { graph: model.toIR(), summary: () => model.summary!() };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
