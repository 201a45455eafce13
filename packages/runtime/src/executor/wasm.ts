/**
 * The executor of wasm bundles: one WebAssembly module per network over one linear memory that
 * holds everything — the arena, the inputs and outputs in NCHW as the caller has them, and the
 * weights. The memory is made at its final size and never grows, so the output views made once at
 * `create()` stay valid for the network's life, and `run()` allocates nothing.
 *
 * `create()` in the order that makes the first result come soonest: compile and instantiate the
 * module; call its `warm()`, which queues every kernel for V8's optimizing tier (emit/wasm/warm.ts)
 * so that it compiles in the background while the weights load; then read the weights straight
 * into memory (load.ts). ResNet-18, a fresh Node process to its first result: 2.0–2.3 s before
 * (the first inference alone 340–430 ms of CPU in the baseline tier), see docs/wasm.md.
 */
import { StrideError } from '../errors.js';
import { decodeByteString } from './byteString.js';
import { loadWeights, type WeightLayout, type WeightSource } from './load.js';
import { networkOver, type Network, type TensorSpec } from './network.js';
import { startThreads, threadsUnavailable, withSharedMemory, type ThreadSchedule, type Threaded } from './threads.js';
import { workerSource } from './worker.js';

export type { WeightLayout, WeightSource } from './load.js';

/** What `stride build --target wasm` bakes into a bundle next to its kernels module. */
export interface WasmBundleSpec {
  model: string;
  /** Bytes of linear memory: arena, staging and weights. */
  memoryBytes: number;
  weightFloats: number;
  weightsDtype: 'F32' | 'F16';
  /** Offsets in floats from the start of memory: where `run` writes inputs and reads outputs (NCHW). */
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /** What `create({ threads })` runs: the schedule and the split steps (absent in bundles built before threads). */
  threads?: ThreadSchedule;
}

/** `create()`'s options the executor reads. */
export interface WasmCreateOptions {
  /**
   * Threads to run on: this one and `threads − 1` workers sharing the network's memory. Default 1:
   * a worker costs a thread and its start-up in `create()`, spins for a moment after each split
   * layer, and in a page needs cross-origin isolation; small networks gain nothing (docs/threads.md).
   */
  threads?: number;
  /**
   * Called once when `threads` > 1 cannot be honored (no SharedArrayBuffer: a page without
   * cross-origin isolation), with a sentence saying why; the network then runs on one thread and
   * `net.threads` is 1. Without it, the same sentence goes to `console.warn`, once per process.
   */
  onFallback?: (message: string) => void;
}

let warned = false;

/**
 * A generated wasm kernels module: the WebAssembly binary (one character per byte:
 * `decodeByteString`); the stored weights' layout (`weights`); `expand`, which lays out one part
 * of them expanded at load (Winograd filters); and `prepare`, all of them from stored weights
 * already in memory.
 */
export interface WasmKernels {
  wasm: string;
  weights: WeightLayout;
  expand(stored: Float32Array, memory: Float32Array, entry: number[]): void;
  prepare(stored: Float32Array, memory: Float32Array): void;
}

const page = 65536;

export async function createWasmExecutor<Outputs extends string>(spec: WasmBundleSpec, kernels: WasmKernels, weights: WeightSource, options: WasmCreateOptions = {}): Promise<Network<Outputs>> {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    throw new StrideError('graph', `model ${JSON.stringify(spec.model)} was built for the wasm target, and this engine has no WebAssembly; build it with --target js`);
  }
  const cannotCompile = (error: unknown) => new StrideError('graph', `model ${JSON.stringify(spec.model)}: this engine cannot compile its WebAssembly module (${(error as Error).message}); WebAssembly with SIMD is needed, and in a browser a Content-Security-Policy allowing 'wasm-unsafe-eval' — or build it with --target js`, { cause: error });
  const threads = threadCount(spec, options);
  const plan = spec.threads!;
  const { scratchBase, pages } = memoryFor(spec, threads);
  // Compiling starts first: V8 compiles on background threads while this one makes the memory.
  const bytes = decodeByteString(kernels.wasm, spec.model);
  const compiling = WebAssembly.compile(threads > 1 ? withSharedMemory(bytes, pages) : bytes);
  compiling.catch(() => {});
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages, ...(threads > 1 ? { shared: true } : {}) });
  } catch (error) {
    throw new StrideError('graph', `model ${JSON.stringify(spec.model)} needs ${pages * page} bytes of WebAssembly memory, more than this engine can allocate`, { cause: error });
  }
  let module: WebAssembly.Module;
  let instance: WebAssembly.Instance;
  try {
    // A browser page whose Content-Security-Policy lacks 'wasm-unsafe-eval' ends here, as does an
    // engine without SIMD: say which, and what runs instead.
    module = await compiling;
    instance = await WebAssembly.instantiate(module, { env: { memory } });
  } catch (error) {
    throw cannotCompile(error);
  }
  // Every kernel queued for V8's optimizing tier now: it compiles while the weights load (the
  // workers' instances share the module's code, so its tier too).
  (instance.exports.warm as () => void)();
  const starting = threads > 1 ? startThreads(spec.model, module, instance, memory, threads, plan, scratchBase, workerSource) : undefined;
  starting?.catch(() => {});
  try {
    await loadWeights(spec, kernels.weights, kernels.expand, weights, memory.buffer);
  } catch (error) {
    (await starting?.catch(() => undefined))?.dispose();
    throw error;
  }
  const threaded: Threaded | undefined = await starting;
  if (!threaded) return networkOver(spec, new Float32Array(memory.buffer), spec.memoryBytes, instance.exports.forward as () => void);
  return networkOver(spec, new Float32Array(memory.buffer), memory.buffer.byteLength, threaded.forward, { count: threads, dispose: threaded.dispose });
}

/**
 * The memory a network on `threads` threads needs, in pages: the compiler's layout, then past it
 * (from `scratchBase`, 64-byte aligned) each worker's own scratch (Winograd's).
 */
export function memoryFor(spec: WasmBundleSpec, threads: number): { scratchBase: number; pages: number } {
  const scratchBase = Math.ceil(spec.memoryBytes / 64) * 64;
  return { scratchBase, pages: Math.ceil((threads > 1 ? scratchBase + (threads - 1) * spec.threads!.scratchBytes : spec.memoryBytes) / page) };
}

/** How many threads `create()` and `createInWorker()` use: what was asked, unless the engine cannot (said once) or the network has nothing to split. */
export function threadCount(spec: WasmBundleSpec, options: WasmCreateOptions, caller: 'create' | 'createInWorker' = 'create'): number {
  const asked = options.threads ?? 1;
  if (!Number.isInteger(asked) || asked < 1) throw new StrideError('graph', `${caller}({ threads }): expected a positive integer, got ${String(asked)}`);
  if (asked === 1) return 1;
  // Nothing is split (a small network, or a bundle built before threads): workers would only wait.
  if (!spec.threads || spec.threads.splits.length === 0) return 1;
  const unavailable = threadsUnavailable();
  if (unavailable === undefined) return asked;
  const message = `model ${JSON.stringify(spec.model)}: running on 1 thread instead of ${asked}: ${unavailable}`;
  if (options.onFallback) options.onFallback(message);
  else if (!warned) {
    warned = true;
    console.warn(`stride: ${message}`);
  }
  return 1;
}
