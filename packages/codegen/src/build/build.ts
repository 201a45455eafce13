/**
 * `build()`: a network definition and its weights → a dependency-free ES module bundle.
 *
 * Steps (progress on stderr): load the definition, bind and check the weights, compile (passes,
 * fusion, memory plan, kernels), write the entry that ties kernels to the runtime's executor, bundle
 * and minify with esbuild, then write `index.js`, `index.d.ts`, the weights (inline base64 below
 * `inlineLimit`, else `index.safetensors` beside the module), `report.json` / `report.md`, and a
 * `package.json` saying `"type": "module"`, so `index.js` loads as the ES module it is in a project
 * whose own package.json does not.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build as esbuild, transform } from 'esbuild';
import { bindWeights, float32ToFloat16, loadSafetensors, seededWeights, serializeSafetensors } from '@stride/runtime';
import { compileGraph, type CompiledProgram } from '../compile.js';
import type { Graph } from '@stride/dsl';
import type { TargetName } from '../target.js';
import { wasmTargetWith } from '../emit/wasm/target.js';
import type { SplitPolicy } from '../emit/wasm/threads.js';
import { writeDeclarations } from './dts.js';
import { executorPath } from './executor.js';
import { loadNetwork } from './loadNetwork.js';
import { formatReport, type BuildReport } from './report.js';

export interface BuildOptions {
  /** The network module (TypeScript or JavaScript) whose default export is the model. */
  network: string;
  /** A safetensors file with the model's weights under PyTorch names. */
  weights?: string;
  /** Use seeded random weights instead of a file (as PyTorch can reproduce; see @stride/runtime's seededWeights). */
  randomWeights?: number;
  /** Output folder. */
  out: string;
  /**
   * The size given to the network's symbolic dimensions (`input(['batch', 1, 32, 32])`). Refused for a
   * network without any: its sizes are the ones written in its inputs.
   * @default 1
   */
  batch?: number;
  /** Weights up to this many bytes are inlined into index.js; larger ones go to index.safetensors. @default 1 MiB */
  inlineLimit?: number;
  /** Store weights as float16 (half the bytes; widened to float32 at load). @default false */
  f16?: boolean;
  /** Accept weights the model does not use. @default false */
  allowUnexpectedWeights?: boolean;
  /** What to compile for: 'wasm' (WebAssembly SIMD) or 'js' (plain JavaScript, for engines and policies without wasm). @default 'wasm' */
  target?: TargetName;
  /** wasm target: which steps `create({ threads })` splits across threads (emit/wasm/threads.ts). @default 'measured' */
  split?: SplitPolicy;
  /** Write the bundle unminified, the kernels as the compiler wrote them. @default false */
  readable?: boolean;
  /** Progress lines; default writes to stderr. Pass `() => {}` to silence. */
  log?: (line: string) => void;
}

export interface BuildResult {
  outDir: string;
  files: string[];
  report: BuildReport;
  compiled: CompiledProgram;
}

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function weightBytes(weights: Float32Array, f16: boolean): Uint8Array {
  if (!f16) return new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength);
  const out = new Uint8Array(weights.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < weights.length; i++) view.setUint16(2 * i, float32ToFloat16(weights[i]), true);
  return out;
}

export interface BundleOptions {
  /** Weights up to this many bytes are inlined; larger ones are left for a sidecar. @default 1 MiB */
  inlineLimit?: number;
  /** Store weights as float16. @default false */
  f16?: boolean;
  /** Leave the bundle unminified, the kernels exactly as the compiler wrote them (comments included). @default false */
  readable?: boolean;
  /**
   * For weights left for a sidecar: returns a JavaScript expression for its URL, put in place of
   * {@link sidecarUrlForm}; called only then. The bundler plugins point the bundle at the asset they
   * emit this way.
   */
  sidecarUrl?: () => string;
}

/**
 * How a bundle finds `index.safetensors` beside itself: the one form webpack 5, Vite, Rollup's
 * import-meta-assets plugin and Stride's esbuild plugin recognise and rewrite when they bundle it
 * again (a string literal, relative, and `import.meta.url` as the base), as esbuild prints it.
 */
export const sidecarUrlForm = 'new URL("./index.safetensors", import.meta.url)';

export interface Bundle {
  /** The ES module: minified, or readable. */
  code: Uint8Array;
  /** Whether the weights are inside `code`; if not, they go in `index.safetensors` beside it. */
  inline: boolean;
  /** Stored weight bytes (float32 or float16). */
  weightBytes: number;
  /** Code without inline weights, as written (minified unless readable) and gzipped. */
  codeBytes: number;
  codeBytesGzip: number;
}

/** The line esbuild prints for the entry's import of the kernels module, left external. */
const kernelsImport = /^import \{ ([\w, ]+) \} from "stride:kernels";\n/m;

/**
 * A compiled program → the bundle's one ES module: the target's entry and executor (bundled and
 * tree-shaken by esbuild), the kernels module, and the weights inline or the code that finds the
 * sidecar. The kernels go in as the compiler wrote them, in a scope of their own so their names
 * cannot meet the executor's; unless `readable`, esbuild then minifies the whole module. In memory
 * and deterministic: the same program and options give the same bytes. `build()` writes it; tests
 * import it.
 */
export async function bundleProgram(compiled: CompiledProgram, model: string, options: BundleOptions = {}): Promise<Bundle> {
  const f16 = options.f16 === true;
  // Only inline weights are encoded here (a sidecar is written from the weights themselves).
  const storedBytes = compiled.weights.length * (f16 ? 2 : 4);
  const inline = storedBytes <= (options.inlineLimit ?? 1024 * 1024);
  const { artifact } = compiled;
  const base64 = inline ? toBase64(weightBytes(compiled.weights, f16)) : '';
  const spec = { model, weightFloats: compiled.weights.length, weightsDtype: f16 ? 'F16' : 'F32' };
  const entry = artifact.entry(inline ? { inline: base64 } : { sidecar: true }, spec);
  const executor = executorPath(artifact.executor);
  const bundled = await esbuild({
    stdin: { contents: entry, loader: 'js', resolveDir: dirname(executor), sourcefile: 'entry.js' },
    absWorkingDir: dirname(executor), bundle: true, minify: false, format: 'esm', platform: 'neutral', target: 'es2022',
    write: false, logLevel: 'silent', external: ['node:*', 'stride:kernels'], legalComments: 'none', charset: 'utf8',
    plugins: [{
      name: 'stride-executor',
      setup(plugin) {
        plugin.onResolve({ filter: new RegExp(`^${artifact.executor.replace(/[/@]/g, '\\$&')}$`) }, () => ({ path: executor }));
      },
    }],
  });
  const glue = bundled.outputFiles[0].text;
  if (!kernelsImport.test(glue)) throw new Error('codegen: the bundle entry does not import the kernels module as expected');
  const names = artifact.kernelsExports.join(', ');
  if (kernelsImport.exec(glue)![1] !== names) throw new Error(`codegen: the bundle entry imports ${kernelsImport.exec(glue)![1]} from the kernels module, which exports ${names}`);
  const kernels = `const { ${names} } = (() => {\n${artifact.source.replace(/^export /gm, '')}return { ${names} };\n})();\n`;
  let code = glue.replace(kernelsImport, () => kernels);
  if (!inline && code.split(sidecarUrlForm).length !== 2) throw new Error(`codegen: the bundle entry does not locate its sidecar as ${sidecarUrlForm}`);
  if (!inline && options.sidecarUrl !== undefined) {
    const url = options.sidecarUrl();
    code = code.replace(sidecarUrlForm, () => url);
  }
  if (!options.readable) code = (await transform(code, { minify: true, format: 'esm', target: 'es2022', legalComments: 'none', charset: 'utf8' })).code;
  const bytes = new TextEncoder().encode(code);
  // Code bytes exclude the inline weights.
  const codeOnly = inline ? code.replace(base64, '') : code;
  return { code: bytes, inline, weightBytes: storedBytes, codeBytes: Buffer.byteLength(codeOnly), codeBytesGzip: gzipSync(codeOnly).byteLength };
}

/** The sidecar `index.safetensors` of a compiled program: its weights as one tensor `weights`, as stored. */
export function sidecarFile(compiled: CompiledProgram, model: string, f16 = false): Uint8Array {
  return serializeSafetensors({ weights: { dtype: f16 ? 'F16' : 'F32', shape: [compiled.weights.length], data: compiled.weights } }, { model });
}

/**
 * A loaded network's weights bound (from a file, or seeded) and the program compiled: what `build()`
 * and the bundler plugins share between loading a network and bundling it.
 */
export async function compileLoaded(
  graph: Graph,
  options: Pick<BuildOptions, 'weights' | 'randomWeights' | 'allowUnexpectedWeights' | 'batch' | 'target' | 'split'>,
  step: (text: string) => void = () => {},
): Promise<CompiledProgram> {
  let params: Map<string, Float32Array>;
  if (options.weights) {
    step(`binding weights from ${options.weights}`);
    params = bindWeights(graph, await loadSafetensors(resolve(options.weights)), {
      allowUnexpected: options.allowUnexpectedWeights, allowUnexpectedHint: '--allow-unexpected-weights (option allowUnexpectedWeights)',
    });
  } else if (options.randomWeights !== undefined) {
    step(`seeded random weights (seed ${options.randomWeights})`);
    params = seededWeights(graph, options.randomWeights);
  } else {
    throw new Error('no weights given: pass --weights <file.safetensors> (option `weights`), or --random-weights <seed> (option `randomWeights`) to build with seeded weights');
  }

  if (options.batch !== undefined && !graph.nodes.some((node) => node.shape.some((d) => typeof d === 'string'))) {
    const inputs = graph.nodes.filter((node) => node.op === 'input').map((node) => `${node.name} [${node.shape.join(', ')}]`).join(', ');
    throw new Error(`--batch ${options.batch} (option batch): model '${graph.name}' has no symbolic dimension to size, its inputs are ${inputs}; ` +
      "declare the batch as a name, e.g. input(['batch', 1, 32, 32]), to choose its size at build time, or write the size into the input's shape");
  }
  step('compiling');
  const target = options.split && (options.target ?? 'wasm') === 'wasm' ? wasmTargetWith({ split: options.split }) : options.target;
  return compileGraph(graph, params, { batch: options.batch ?? 1, target });
}

export async function build(options: BuildOptions): Promise<BuildResult> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const started = performance.now();
  const step = (text: string) => log(`stride: ${text} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const outDir = resolve(options.out);

  step(`loading ${options.network}`);
  const { graph } = await loadNetwork(options.network);
  const compiled = await compileLoaded(graph, options, step);
  step('bundling with esbuild');
  const bundle = await bundleProgram(compiled, graph.name, { f16: options.f16, inlineLimit: options.inlineLimit, readable: options.readable });
  const f16 = options.f16 === true;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'index.js'), bundle.code);
  writeFileSync(join(outDir, 'index.d.ts'), writeDeclarations(graph.name, compiled.inputs, compiled.outputs, compiled.target));
  writeFileSync(join(outDir, 'package.json'), `${JSON.stringify({ type: 'module' }, null, 2)}\n`);
  const files = ['index.js', 'index.d.ts', 'package.json'];
  if (options.readable && compiled.artifact.text !== undefined) {
    writeFileSync(join(outDir, 'index.wat'), compiled.artifact.text);
    files.push('index.wat');
  }
  if (!bundle.inline) {
    writeFileSync(join(outDir, 'index.safetensors'), sidecarFile(compiled, graph.name, f16));
    files.push('index.safetensors');
  }

  const report: BuildReport = {
    model: graph.name,
    target: compiled.target,
    layers: compiled.report.layers,
    macs: compiled.report.macs,
    arenaBytes: compiled.report.arenaBytes,
    weightBytes: bundle.weightBytes,
    runtimeWeightBytes: compiled.report.runtimeWeightBytes,
    weightsDtype: f16 ? 'F16' : 'F32',
    weightsInline: bundle.inline,
    codeBytes: bundle.codeBytes,
    codeBytesGzip: bundle.codeBytesGzip,
    bundleBytes: bundle.code.byteLength,
    passes: compiled.report.passes,
  };
  writeFileSync(join(outDir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(outDir, 'report.md'), formatReport(report));
  files.push('report.json', 'report.md');
  step(`wrote ${files.join(', ')} to ${outDir}`);
  return { outDir, files, report, compiled };
}
