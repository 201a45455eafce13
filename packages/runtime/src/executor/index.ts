/**
 * The executor: everything a generated bundle needs around its kernels — one arena, the weights
 * (inline base64 or a sidecar safetensors file, optionally stored as float16), input checks and output
 * views. esbuild tree-shakes it into each bundle; it never imports the interpreter or the DSL.
 *
 * `run()` allocates nothing: inputs are copied into the arena, `forward` runs over it, and the result
 * object holds views into the arena created once. The views are overwritten by the next `run()`; copy
 * (`.slice()`) what you keep.
 */
import { StrideError } from '../errors.js';
import { float16ToFloat32 } from '../safetensors/dtypes.js';
import { networkOver, type Network, type TensorSpec } from './network.js';
import { nodeFs } from './nodeFs.js';
import { sidecarTensor } from './sidecar.js';

export { networkOver, type Network, type TensorSpec } from './network.js';
export { createWasmExecutor, type WasmBundleSpec, type WasmCreateOptions, type WasmKernels } from './wasm.js';
export { createWasmInWorker, type WorkerNetwork } from './inWorker.js';
export { withSharedMemory, threadsUnavailable, type ThreadSchedule } from './threads.js';
export { decodeBase64 } from './base64.js';
export { decodeByteString } from './byteString.js';
export { sidecarHeaderBytes, sidecarTensor } from './sidecar.js';

/** Bundles re-export it: what they throw for bad weights and inputs, with a stable `code`. */
export { StrideError };

/** What `stride build` bakes into a bundle next to its kernels. */
export interface BundleSpec {
  model: string;
  arenaFloats: number;
  weightFloats: number;
  /** How the weights are stored: float32, or float16 widened at load. */
  weightsDtype: 'F32' | 'F16';
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

/**
 * A generated kernels module: `prepare` turns stored weights into runtime weights once — `w` (float32
 * values, as a Float32Array or a plain array of doubles) and `u` (doubles, a plain array or past 4 Mi a Float64Array, for
 * kernels whose transforms need double precision) — `scratch` makes one instance's float64 scratch, and `forward`
 * runs over the arena and the scratch.
 */
export interface Kernels {
  forward(arena: Float32Array, weights: ArrayLike<number>, scratch: number[], weights64: ArrayLike<number>): void;
  prepare(stored: Float32Array): { w: ArrayLike<number>; u: ArrayLike<number> };
  scratch(): number[];
}


/** Whether this host stores floats little-endian, as safetensors files and bundles do (every engine Stride meets does). */
const littleEndian = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

/**
 * Widens stored weight bytes (little-endian) to the float32 array the kernels read. Bytes the
 * bundle read itself (`owned`: a file, a fetch, its inline base64) that are float32 on a 4-byte
 * boundary become a view, not a copy: ResNet-18's 46.8 MB are then in memory once while it loads,
 * not twice. A caller's own bytes (`create({ weights: bytes })`) are copied, so that changing them
 * later cannot change the network.
 */
export function decodeWeights(spec: BundleSpec, bytes: Uint8Array, owned = false): Float32Array {
  const expected = spec.weightFloats * (spec.weightsDtype === 'F16' ? 2 : 4);
  if (bytes.byteLength !== expected) {
    throw new StrideError('weights-format', `weights for model ${JSON.stringify(spec.model)} are ${bytes.byteLength} bytes; this bundle needs ${expected} (${spec.weightFloats} ${spec.weightsDtype} values) — was it built with other weights?`);
  }
  if (owned && spec.weightsDtype === 'F32' && littleEndian && bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, spec.weightFloats);
  const out = new Float32Array(spec.weightFloats);
  if (spec.weightsDtype === 'F32' && littleEndian) {
    // The file's little-endian floats are this host's: copy the bytes (a memcpy), not value by value.
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (spec.weightsDtype === 'F16') for (let i = 0; i < out.length; i++) out[i] = float16ToFloat32(view.getUint16(2 * i, true));
  else for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

/** Reads a sidecar weights file: a path or file: URL from disk in Node, anything else with fetch. */
export async function fetchWeights(source: string | URL | ArrayBuffer | Uint8Array): Promise<Uint8Array> {
  if (source instanceof Uint8Array) return source;
  if (source instanceof ArrayBuffer) return new Uint8Array(source);
  if (typeof source !== 'string' && !(source instanceof URL)) {
    throw new StrideError('io', `cannot load weights from ${Object.prototype.toString.call(source).slice(8, -1)}: pass a path, a URL, an ArrayBuffer or a Uint8Array`);
  }
  let url: URL | undefined;
  try {
    url = typeof source === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(source) ? undefined : new URL(source);
    if (!url || url.protocol === 'file:') {
      // A view of the Buffer readFile made, not a copy of it (44 MB for ResNet-18).
      const file = await nodeFs().promises.readFile(url ?? (source as string));
      return new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
    }
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  } catch (error) {
    throw new StrideError('io', `cannot load weights from ${String(source)}: ${(error as Error).message}`, { cause: error });
  }
}

/** The stored weights from a sidecar file wherever `source` says (`fetchWeights`), decoded; a view of the bytes read when they are the bundle's own. */
export async function sidecarWeights(spec: BundleSpec, source: string | URL | ArrayBuffer | Uint8Array): Promise<Float32Array> {
  const owned = !(source instanceof Uint8Array || source instanceof ArrayBuffer);
  return decodeWeights(spec, sidecarTensorBytes(await fetchWeights(source)), owned);
}

/**
 * The raw tensor bytes of a sidecar written by `stride build`: a safetensors file whose tensor
 * `weights` is F32 or F16 with shape [n]. The file may come from anywhere (`create({ weights })`), so
 * every header field is checked before its bytes are trusted (`sidecarTensor`); a bad file is a
 * StrideError, never a TypeError or bytes read from the wrong place.
 */
export function sidecarTensorBytes(file: Uint8Array): Uint8Array {
  if (!(file instanceof Uint8Array)) throw new StrideError('weights-format', 'sidecar weights: expected the bytes of a safetensors file');
  const { begin, end } = sidecarTensor(file, file.byteLength);
  return file.subarray(begin, end);
}

/** Wires kernels, weights (as stored) and arena into a network. */
export function createExecutor<Outputs extends string>(spec: BundleSpec, kernels: Kernels, stored: Float32Array): Network<Outputs> {
  if (stored.length !== spec.weightFloats) {
    throw new StrideError('weights-format', `model ${JSON.stringify(spec.model)} needs ${spec.weightFloats} weights, got ${stored.length}`);
  }
  const { forward } = kernels;
  const { w: weights, u: weights64 } = kernels.prepare(stored);
  // One buffer for every intermediate value, and the float64 scratch some kernels keep.
  const scratch = kernels.scratch();
  let buffer: ArrayBuffer;
  try {
    buffer = new ArrayBuffer(spec.arenaFloats * 4);
  } catch (error) {
    throw new StrideError('graph', `model ${JSON.stringify(spec.model)} needs an arena of ${spec.arenaFloats * 4} bytes, more than this engine can allocate`, { cause: error });
  }
  const arena = new Float32Array(buffer);
  return networkOver(spec, arena, spec.arenaFloats * 4 + scratch.length * 8, () => forward(arena, weights, scratch, weights64));
}

