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
import { decodeBase64 } from './base64.js';
import { loadWeights, type WeightLayout, type WeightSource } from './load.js';
import { networkOver, type Network, type TensorSpec } from './network.js';

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
}

/**
 * A generated wasm kernels module: the WebAssembly binary (base64); the stored weights' layout
 * (`weights`); `expand`, which lays out one part of them expanded at load (Winograd filters); and
 * `prepare`, all of them from stored weights already in memory.
 */
export interface WasmKernels {
  wasm: string;
  weights: WeightLayout;
  expand(stored: Float32Array, memory: Float32Array, entry: number[]): void;
  prepare(stored: Float32Array, memory: Float32Array): void;
}

const page = 65536;

export async function createWasmExecutor<Outputs extends string>(spec: WasmBundleSpec, kernels: WasmKernels, weights: WeightSource): Promise<Network<Outputs>> {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    throw new StrideError('graph', `model ${JSON.stringify(spec.model)} was built for the wasm target, and this engine has no WebAssembly; build it with --target js`);
  }
  const cannotCompile = (error: unknown) => new StrideError('graph', `model ${JSON.stringify(spec.model)}: this engine cannot compile its WebAssembly module (${(error as Error).message}); WebAssembly with SIMD is needed, and in a browser a Content-Security-Policy allowing 'wasm-unsafe-eval' — or build it with --target js`, { cause: error });
  // Compiling starts first: V8 compiles on background threads while this one makes the memory.
  const compiling = WebAssembly.compile(decodeBase64(kernels.wasm) as Uint8Array<ArrayBuffer>);
  compiling.catch(() => {});
  const pages = Math.ceil(spec.memoryBytes / page);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  } catch (error) {
    throw new StrideError('graph', `model ${JSON.stringify(spec.model)} needs ${pages * page} bytes of WebAssembly memory, more than this engine can allocate`, { cause: error });
  }
  let instance: WebAssembly.Instance;
  try {
    // A browser page whose Content-Security-Policy lacks 'wasm-unsafe-eval' ends here, as does an
    // engine without SIMD: say which, and what runs instead.
    instance = await WebAssembly.instantiate(await compiling, { env: { memory } });
  } catch (error) {
    throw cannotCompile(error);
  }
  // Every kernel queued for V8's optimizing tier now: it compiles while the weights load.
  (instance.exports.warm as () => void)();
  await loadWeights(spec, kernels.weights, kernels.expand, weights, memory.buffer);
  const forward = instance.exports.forward as () => void;
  return networkOver(spec, new Float32Array(memory.buffer), spec.memoryBytes, forward);
}
