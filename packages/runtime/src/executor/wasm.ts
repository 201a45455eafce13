/**
 * The executor of wasm bundles: one WebAssembly module per network over one linear memory that
 * holds everything — the arena, the inputs and outputs in NCHW as the caller has them, and the
 * weights. The memory is made at its final size and never grows, so the output views made once at
 * `create()` stay valid for the network's life, and `run()` allocates nothing.
 */
import { StrideError } from '../errors.js';
import { decodeBase64 } from './base64.js';
import { networkOver, type Network, type TensorSpec } from './network.js';

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
 * A generated wasm kernels module: the WebAssembly binary (base64), and `prepare`, which lays the
 * stored weights out in memory as the kernels read them (copies, and Winograd filters expanded).
 */
export interface WasmKernels {
  wasm: string;
  prepare(stored: Float32Array, memory: Float32Array): void;
}

const page = 65536;

export async function createWasmExecutor<Outputs extends string>(spec: WasmBundleSpec, kernels: WasmKernels, stored: Float32Array): Promise<Network<Outputs>> {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.instantiate !== 'function') {
    throw new StrideError('graph', `model ${JSON.stringify(spec.model)} was built for the wasm target, and this engine has no WebAssembly; build it with --target js`);
  }
  if (stored.length !== spec.weightFloats) {
    throw new StrideError('weights-format', `model ${JSON.stringify(spec.model)} needs ${spec.weightFloats} weights, got ${stored.length}`);
  }
  const pages = Math.ceil(spec.memoryBytes / page);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  } catch (error) {
    throw new StrideError('graph', `model ${JSON.stringify(spec.model)} needs ${pages * page} bytes of WebAssembly memory, more than this engine can allocate`, { cause: error });
  }
  let instance: WebAssembly.Instance;
  try {
    ({ instance } = await WebAssembly.instantiate(decodeBase64(kernels.wasm) as Uint8Array<ArrayBuffer>, { env: { memory } }));
  } catch (error) {
    // A browser page whose Content-Security-Policy lacks 'wasm-unsafe-eval' ends here, as does an
    // engine without SIMD: say which, and what runs instead.
    throw new StrideError('graph', `model ${JSON.stringify(spec.model)}: this engine cannot compile its WebAssembly module (${(error as Error).message}); WebAssembly with SIMD is needed, and in a browser a Content-Security-Policy allowing 'wasm-unsafe-eval' — or build it with --target js`, { cause: error });
  }
  const arena = new Float32Array(memory.buffer);
  kernels.prepare(stored, arena);
  const forward = instance.exports.forward as () => void;
  return networkOver(spec, arena, spec.memoryBytes, forward);
}
