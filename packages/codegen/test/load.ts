/** Test support: loads generated source as a real ES module (a temp .mjs file, never eval) and runs it. */
import { elementCount } from '@stride/dsl';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bundleProgram, type CompiledProgram } from '../src/index.js';
import { executorPath } from '../src/build/executor.js';

import { decodeByteString, type Kernels, type WasmKernels } from '@stride/runtime/executor';

const folder = join(import.meta.dirname, '..', 'node_modules', '.generated');
let counter = 0;

export async function loadKernels(compiled: CompiledProgram): Promise<Kernels> {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `program-${process.pid}-${counter++}.mjs`);
  writeFileSync(file, compiled.source);
  return (await import(pathToFileURL(file).href)) as Kernels;
}

export async function runCompiled(compiled: CompiledProgram, inputs: Record<string, Float32Array>): Promise<Record<string, Float32Array>> {
  if (compiled.target === 'wasm') return runWasm(compiled, inputs);
  const kernels = await loadKernels(compiled);
  const { forward, prepare } = kernels;
  const arena = new Float32Array(compiled.memory.pools.arena / 4);
  for (const input of compiled.inputs) arena.set(inputs[input.name], input.offset);
  const { w, u } = prepare(compiled.weights);
  forward(arena, w, kernels.scratch(), u);
  return Object.fromEntries(compiled.outputs.map((o) => [o.name, arena.slice(o.offset, o.offset + elementCount(o.shape))]));
}

/** A wasm program's kernels module instantiated over a memory of its size, run once; the outputs copied out. */
async function runWasm(compiled: CompiledProgram, inputs: Record<string, Float32Array>): Promise<Record<string, Float32Array>> {
  const kernels = (await loadKernels(compiled)) as unknown as WasmKernels;
  const pages = compiled.artifact.memoryBytes / 65536;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const { instance } = await WebAssembly.instantiate(decodeByteString(kernels.wasm, 'test'), { env: { memory } });
  const arena = new Float32Array(memory.buffer);
  kernels.prepare(compiled.weights, arena);
  for (const input of compiled.inputs) arena.set(inputs[input.name], input.offset);
  (instance.exports.forward as () => void)();
  return Object.fromEntries(compiled.outputs.map((o) => [o.name, arena.slice(o.offset, o.offset + elementCount(o.shape))]));
}

/**
 * Runs a program as users do: bundled by `bundleProgram` (kernels, executor, inline weights, minified
 * by esbuild), imported from a real file, `create()`d and `run()`; the outputs are copied out.
 */
export async function runBundle(compiled: CompiledProgram, inputs: Record<string, Float32Array>, model = 'test'): Promise<Record<string, Float32Array>> {
  const { create } = await importBundle(compiled, model);
  const outputs = (await create()).run(inputs);
  return Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, value.slice()]));
}

/** A network as a bundle's `create()` returns it. */
export interface BundledNetwork {
  readonly threads: number;
  run(inputs: Record<string, Float32Array>): Record<string, Float32Array>;
  dispose(): void;
}

/** A program bundled as `stride build` does (inline weights), imported from a real file. */
export async function importBundle(compiled: CompiledProgram, model = 'test'): Promise<{ create(options?: { threads?: number; onFallback?: (message: string) => void }): Promise<BundledNetwork>; spec: { threads?: { splits: unknown[] } } }> {
  mkdirSync(folder, { recursive: true });
  const { code } = await bundleProgram(compiled, model, { inlineLimit: Infinity });
  const file = join(folder, `bundle-${process.pid}-${counter++}.mjs`);
  writeFileSync(file, code);
  return import(pathToFileURL(file).href);
}

/**
 * Many programs in one ES module, for suites that run hundreds of small programs: each program's own
 * entry (`artifact.entry`, weights inline, the spec `bundleProgram` gives it) and its kernels module as
 * the compiler wrote it, bundled together with the target's executor by esbuild and minified, in one
 * build instead of one per program (the executor's ~50 source files parsed once, not per program).
 * Each entry imports `stride:kernels`, resolved to its own program's kernels. Returns each program's
 * module namespace (`create()`, `spec`), in order. `bundleProgram` itself, its text surgery and its
 * minification of one program, is exercised per program by `runBundle` / `importBundle`.
 */
export async function importBundles(programs: readonly { compiled: CompiledProgram; model: string }[]): Promise<{ create(): Promise<BundledNetwork> }[]> {
  if (programs.length === 0) return [];
  const executors = new Set(programs.map((p) => p.compiled.artifact.executor));
  const entries = programs.map(({ compiled, model }) => compiled.artifact.entry(
    { inline: Buffer.from(compiled.weights.buffer, compiled.weights.byteOffset, compiled.weights.byteLength).toString('base64') },
    { model, weightFloats: compiled.weights.length, weightsDtype: 'F32' },
  ));
  const root = programs.map((_, i) => `export * as p${i} from 'stride-entry:${i}';`).join('\n');
  const { outputFiles } = await build({
    stdin: { contents: root, loader: 'js', resolveDir: folder, sourcefile: 'programs.js' },
    bundle: true, minify: true, format: 'esm', platform: 'neutral', target: 'es2022', write: false, logLevel: 'silent',
    external: ['node:*'], legalComments: 'none', charset: 'utf8',
    plugins: [{
      name: 'stride-programs',
      setup(plugin) {
        plugin.onResolve({ filter: /^stride-entry:\d+$/ }, (args) => ({ path: args.path.slice('stride-entry:'.length), namespace: 'stride-entry' }));
        plugin.onResolve({ filter: /^stride:kernels$/ }, (args) => ({ path: args.importer, namespace: 'stride-kernels' }));
        for (const executor of executors) {
          plugin.onResolve({ filter: new RegExp(`^${executor.replace(/[/@.]/g, '\\$&')}$`) }, () => ({ path: executorPath(executor) }));
        }
        plugin.onLoad({ filter: /.*/, namespace: 'stride-entry' }, (args) => ({ contents: entries[Number(args.path)], loader: 'js', resolveDir: folder }));
        plugin.onLoad({ filter: /.*/, namespace: 'stride-kernels' }, (args) => ({ contents: programs[Number(args.path)].compiled.artifact.source, loader: 'js', resolveDir: folder }));
      },
    }],
  });
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `programs-${process.pid}-${counter++}.mjs`);
  writeFileSync(file, outputFiles[0].contents);
  const module = (await import(pathToFileURL(file).href)) as Record<string, { create(): Promise<BundledNetwork> }>;
  return programs.map((_, i) => module[`p${i}`]);
}
