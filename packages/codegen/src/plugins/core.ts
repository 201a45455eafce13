/**
 * What the esbuild and Vite plugins share: a `?stride` import of a network module → the bundle
 * `stride build` would write for it, with its weights handed to the bundler as an asset.
 *
 * The bundler owns where the weights end up: each plugin gives `strideModule` an `emitWeights`
 * callback that registers the bytes as an asset and returns a JavaScript expression for their URL at
 * run time; the bundle is then built with that expression in place of `new URL('./index.safetensors',
 * import.meta.url)`. Nothing is written to the output folder by this module.
 *
 * Errors are `StridePluginError`s: the sentence the build gave (a ShapeError's own words), the
 * network's file and line where the stack names one, and every file the network read, so a watcher
 * still watches them after a failed build and a fix rebuilds.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveTarget, targets } from '../compile.js';
import type { TargetName } from '../target.js';
import { bundleProgram, compileLoaded, sidecarFile } from '../build/build.js';
import { writeDeclarations } from '../build/dts.js';
import { loadNetwork } from '../build/loadNetwork.js';

/** Options of `strideEsbuild()` and `strideVite()`. */
export interface StridePluginOptions {
  /**
   * The weights: a safetensors path (relative to the bundler's working folder or Vite's root), or a
   * function from the network's absolute path to one. By default, a file beside the network:
   * `lenet5.net.ts` takes `lenet5.net.safetensors`, else `lenet5.safetensors`.
   */
  weights?: string | ((network: string) => string | undefined);
  /** Seeded random weights for networks without a weights file (as `stride build --random-weights`). */
  randomWeights?: number;
  /**
   * The target of a plain `?stride` import; `?stride=js` and `?stride=wasm` choose per import.
   * @default the compiler's default, as `stride build` (today 'wasm')
   */
  target?: TargetName;
  /** The size of symbolic dimensions (`stride build --batch`). */
  batch?: number;
  /** Store weights as float16. @default false */
  f16?: boolean;
  /**
   * Weights up to this many bytes are inlined into the module instead of emitted as an asset.
   * @default 0 (always an asset, fetched by `create()`)
   */
  inlineLimit?: number;
  /** Accept weights the model does not use. @default false */
  allowUnexpectedWeights?: boolean;
  /**
   * Write `<network>.stride.d.ts` beside each network imported with `?stride`: its `index.d.ts`
   * declared for the import specifiers, so the types reach the importing code. Rewritten only when
   * it changes. @default true
   */
  declarations?: boolean;
}

/** A build error with what a bundler needs to show it: the sentence, where, and what to watch. */
export class StridePluginError extends Error {
  constructor(
    message: string,
    readonly location: SourceLocation | undefined,
    readonly files: string[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StridePluginError';
  }
}

export interface SourceLocation {
  /** Absolute path. */
  file: string;
  /** 1-based. */
  line: number;
  /** 0-based, as esbuild and Rollup count. */
  column: number;
  lineText: string;
}

/** The query that marks a network import: `?stride`, `?stride=js`, `?stride=wasm`. */
export const strideQuery = /\?stride(?:=([^?&/]*))?$/;

export interface StrideImport {
  /** The specifier without its query. */
  path: string;
  target: TargetName;
}

/** Splits a `?stride` specifier; `undefined` for any other import. An unknown target is an error. */
export function parseStrideImport(specifier: string, defaultTarget: TargetName = resolveTarget(undefined).name): StrideImport | undefined {
  const match = strideQuery.exec(specifier);
  if (!match) return undefined;
  const path = specifier.slice(0, match.index);
  const target = match[1] === undefined || match[1] === '' ? defaultTarget : match[1];
  if (!isTarget(target)) {
    throw new StridePluginError(`stride: ${specifier}: unknown target '${target}'; expected ?stride, ${Object.keys(targets).map((t) => `?stride=${t}`).join(' or ')}`, undefined, []);
  }
  return { path, target };
}

function isTarget(name: string): name is TargetName {
  return Object.prototype.hasOwnProperty.call(targets, name);
}

const networkExtensions = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '.tsx', '.jsx']);

export interface StrideModule {
  /** The bundle: one ES module whose only import, if any, is what `emitWeights` put in its URL expression. */
  code: string;
  /** Every file the network read, and its weights file: what to watch. */
  files: string[];
  /** The model's name in the IR. */
  model: string;
  /** The text of `<network>.stride.d.ts` (written beside the network unless `declarations: false`). */
  declarations: string;
}

export interface StrideModuleContext {
  /** Relative `weights` paths are resolved from here. */
  root: string;
  /** Registers the weights as an asset; returns a JavaScript expression for its URL at run time. */
  emitWeights(asset: { name: string; bytes: Uint8Array }): string;
}

/** Builds the bundle for one `?stride` import of `network` (an absolute path). */
export async function strideModule(network: string, target: TargetName, options: StridePluginOptions, context: StrideModuleContext): Promise<StrideModule> {
  let files = [network];
  const fail = (message: string, cause?: unknown, location?: SourceLocation): never => {
    throw new StridePluginError(message, location, files, { cause });
  };
  if (!networkExtensions.has(extname(network))) {
    fail(`stride: ${network} is not a network module: a ?stride import names a TypeScript or JavaScript file (${[...networkExtensions].join(', ')}) whose default export is model({ inputs, outputs })`);
  }
  const weights = weightsFor(network, options, context.root);
  if (weights !== undefined) files.push(weights);
  const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
  // Loaded before the weights are looked for: a shape error comes first, and the files to watch are known.
  const { graph } = await loadNetwork(network, { onBundled: (read) => { files = [...new Set([...read, ...files])]; } })
    .catch((error: unknown) => fail(`stride: ${message(error)}`, error, errorLocation(error, files)));
  if (weights === undefined && options.randomWeights === undefined) {
    const [beside, short] = besideCandidates(network);
    fail(`stride: no weights for network ${network}: expected ${beside}${short === beside ? '' : ` or ${short}`} beside it, ` +
      'or the plugin option `weights` (a safetensors path, or a function from the network path to one), or `randomWeights: <seed>` for seeded weights');
  }
  const compiled = await compileLoaded(graph, {
    weights, randomWeights: weights === undefined ? options.randomWeights : undefined,
    allowUnexpectedWeights: options.allowUnexpectedWeights, batch: options.batch, target,
  }).catch((error: unknown) => fail(`stride: cannot build ${network}: ${message(error)}`, error));
  const name = `${basename(network, extname(network))}.${target}.safetensors`;
  const bundle = await bundleProgram(compiled, graph.name, {
    f16: options.f16, inlineLimit: options.inlineLimit ?? 0,
    sidecarUrl: () => context.emitWeights({ name, bytes: sidecarFile(compiled, graph.name, options.f16 === true) }),
  });
  // The plain specifier's types are what both targets export; `?stride=wasm` adds createInWorker (the wasm bundles' alone).
  const declarations = networkDeclarations(network, {
    js: writeDeclarations(graph.name, compiled.inputs, compiled.outputs, 'js'),
    wasm: writeDeclarations(graph.name, compiled.inputs, compiled.outputs, 'wasm'),
  });
  if (options.declarations !== false) writeIfChanged(declarationsPath(network), declarations);
  return { code: new TextDecoder().decode(bundle.code), files, model: graph.name, declarations };
}

/** The weights file for a network, or `undefined` when there is none to use. Checks that it exists. */
function weightsFor(network: string, options: StridePluginOptions, root: string): string | undefined {
  const given = typeof options.weights === 'function' ? options.weights(network) : options.weights;
  if (given !== undefined) {
    const path = resolve(root, given);
    if (!existsSync(path)) {
      throw new StridePluginError(`stride: the weights file ${path} for network ${network} does not exist (plugin option \`weights\`: ${JSON.stringify(given)}, relative to ${root})`, undefined, [network]);
    }
    return path;
  }
  if (options.randomWeights !== undefined) return undefined;
  return besideCandidates(network).find((path) => existsSync(path));
}

/** `lenet5.net.ts` → `lenet5.net.safetensors`, `lenet5.safetensors`. */
function besideCandidates(network: string): [string, string] {
  const stem = basename(network, extname(network));
  return [join(dirname(network), `${stem}.safetensors`), join(dirname(network), `${stem.replace(/\.net$/, '')}.safetensors`)];
}

/**
 * Where in the network's own code a build error was raised: the first stack frame in a file the
 * network read that is not part of `@stride/dsl` (loadNetwork's source map names the original
 * files), or the first located esbuild error in its message.
 */
export function errorLocation(error: unknown, files: string[]): SourceLocation | undefined {
  const own = new Set(files.filter((file) => !inDsl(file)));
  const stack = error instanceof Error ? error.stack ?? '' : '';
  for (const line of stack.split('\n').slice(1)) {
    const frame = /\(?((?:file:\/\/)?[^\s()]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (!frame) continue;
    const file = frame[1].startsWith('file://') ? fileURLToPath(frame[1]) : frame[1];
    if (own.has(file)) return located(file, Number(frame[2]), Number(frame[3]) - 1);
  }
  // esbuild's own errors (syntax, unresolved imports), as loadNetwork formats them: `path:line:column: text`.
  const message = error instanceof Error ? error.message : '';
  const first = /^\s+(\S+?):(\d+):(\d+): /m.exec(message);
  if (first) return located(resolve(first[1]), Number(first[2]), Number(first[3]) - 1);
  return undefined;
}

function located(file: string, line: number, column: number): SourceLocation {
  let lineText = '';
  try {
    lineText = readFileSync(file, 'utf8').split(/\r?\n/)[line - 1] ?? '';
  } catch {
    // The location still says where; the line's text is a courtesy.
  }
  return { file, line, column, lineText };
}

const dslFolders = new Map<string, boolean>();

/** Whether a file belongs to the @stride/dsl package: its nearest package.json says so. */
function inDsl(file: string): boolean {
  let folder = dirname(file);
  const seen: string[] = [];
  for (;;) {
    const known = dslFolders.get(folder);
    if (known !== undefined) return remember(seen, known);
    seen.push(folder);
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest)) {
      let name: unknown;
      try {
        name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name;
      } catch {
        name = undefined;
      }
      return remember(seen, name === '@stride/dsl');
    }
    const parent = dirname(folder);
    if (parent === folder) return remember(seen, false);
    folder = parent;
  }
}

function remember(folders: string[], value: boolean): boolean {
  for (const folder of folders) dslFolders.set(folder, value);
  return value;
}

/** The declarations file for a network: `lenet5.net.ts` → `lenet5.net.stride.d.ts`, beside it. */
export function declarationsPath(network: string): string {
  return join(dirname(network), `${basename(network, extname(network))}.stride.d.ts`);
}

/**
 * The bundle's `index.d.ts`, declared as ambient modules for the specifiers that import the network
 * (the pattern `*` + `/lenet5.net.ts?stride`, and `=js`, `=wasm` after it): TypeScript matches them, so
 * `import { create } from './lenet5.net.ts?stride'` gets the network's own input and output types.
 * The file is a global script (no top-level import or export), picked up by a tsconfig that
 * includes it. Two networks with the same file name in one program would declare the same
 * patterns; give them different names.
 */
export function networkDeclarations(network: string, dts: Record<TargetName, string>): string {
  const file = basename(network);
  const plain = `*/${file}?stride`;
  const indent = (text: string) => {
    const body = text
      .split('\n')
      .filter((line) => !/^\/\*\* Generated by stride build/.test(line))
      .map((line) => line.replace(/^export declare /, 'export '))
      .map((line) => (line === '' ? line : `  ${line}`))
      .join('\n')
      .trimEnd();
    if (/\bdeclare\b/.test(body.replace(/\/\*\*[\s\S]*?\*\//g, ''))) throw new Error('stride: the generated index.d.ts has a declare the ambient module cannot take');
    return body;
  };
  const lines = [
    `// Generated by Stride's bundler plugin from ${file}: the types of its ?stride imports (the bundle's index.d.ts).`,
    '// Rewritten when the network changes; commit it so the type checker sees it before a build.',
    `declare module ${JSON.stringify(plain)} {`,
    indent(dts.js),
    '}',
    // A specifier naming its target gets that target's own types: the plain module's, and what the
    // target adds (the wasm bundle's createInWorker).
    ...(Object.keys(targets) as TargetName[]).map((target) => `declare module ${JSON.stringify(`${plain}=${target}`)} {\n${
      target === 'js' ? `  export * from ${JSON.stringify(plain)};` : additions(indent(dts.js), indent(dts[target]), plain)}\n}`),
    '',
  ];
  return lines.join('\n');
}

/** A declaration and the doc comment above it, as `index.d.ts` separates them: by blank lines. */
const declarationsOf = (body: string) => body.split(/\n\n+/);
/** The names a block of declarations exports. */
const exportedNames = (block: string) => [...block.replace(/\/\*\*[\s\S]*?\*\//g, '').matchAll(/^\s*export (?:interface|type|class|function|const) (\w+)/gm)].map((m) => m[1]);

/**
 * A target's ambient module body as the plain module's exports plus the declarations only this
 * target has, importing the plain module's names they use. When the target declares a name the
 * plain module declares otherwise, it gets its whole body instead.
 */
function additions(plainBody: string, targetBody: string, plain: string): string {
  const plainBlocks = declarationsOf(plainBody);
  const own = declarationsOf(targetBody).filter((block) => !plainBlocks.includes(block));
  const plainNames = plainBlocks.flatMap(exportedNames);
  if (own.some((block) => exportedNames(block).some((name) => plainNames.includes(name)))) return targetBody;
  const used = plainNames.filter((name) => own.some((block) => new RegExp(`\\b${name}\\b`).test(block))).sort();
  return [
    `  export * from ${JSON.stringify(plain)};`,
    ...(used.length ? [`  import type { ${used.join(', ')} } from ${JSON.stringify(plain)};`] : []),
    '',
    ...own.flatMap((block, i) => (i === 0 ? [block] : ['', block])),
  ].join('\n');
}

/** Leaves an unchanged file alone, so watchers and editors see no change. */
function writeIfChanged(path: string, text: string): void {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return;
  writeFileSync(path, text);
}

/** A short content hash for asset names in the Vite dev server. */
export function contentHash(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 10);
}

/** A path for messages: relative to `root` when inside it. */
export function displayPath(file: string, root: string): string {
  const rel = relative(root, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
