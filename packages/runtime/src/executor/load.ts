/**
 * Loading a wasm bundle's weights straight into the memory its kernels read.
 *
 * The stored weights are laid out for this (emit/wasm/target.ts): floats [0, image) are the memory
 * from `base` exactly as the kernels read it, so they are read from the file (or copied from the
 * inline bytes) into place in one pass; what follows is expanded at load (Winograd filters ship as
 * 3×3), each part through a staging area. Every large buffer a process touches for the first time
 * costs its page faults — on the machine this was measured on, 46 MB of fresh memory took 160–230
 * ms to fill however it was filled — so the path touches each weight byte's final home once, and
 * nothing else of that size: no Buffer of the whole file, no Float32Array of the stored weights.
 * (ResNet-18: reading the sidecar into a Buffer, decoding it into a Float32Array and copying that
 * into memory took 750–930 ms of create(); reading into place, 160–210.)
 */
import { StrideError } from '../errors.js';
import { float16ToFloat32 } from '../safetensors/dtypes.js';
import { decodeBase64 } from './base64.js';
import { nodeFs } from './nodeFs.js';
import { sidecarHeaderBytes, sidecarTensor } from './sidecar.js';

/** Where a bundle's weights come from: the inline base64 it carries, a sidecar file's path or URL, or its bytes. */
export type WeightSource = { base64: string } | string | URL | ArrayBuffer | Uint8Array;

/** The stored weights' layout, as the kernels module exports it (`weights`). */
export interface WeightLayout {
  /** Memory floats where the image goes. */
  base: number;
  /** Stored floats [0, image) are memory floats [base, base + image). */
  image: number;
  /** Each expansion: [from, length, …] — its stored floats; the rest is the kernels module's. */
  expand: number[][];
}

/** Random access to the bytes of the stored tensor. */
interface Reader {
  bytes: number;
  /** Fills `target` with the bytes from `position` on. */
  read(position: number, target: Uint8Array): void;
  close(): void;
}

const inMemory = (bytes: Uint8Array): Reader => ({
  bytes: bytes.byteLength,
  read: (position, target) => target.set(bytes.subarray(position, position + target.byteLength)),
  close() {},
});

/** The stored tensor's bytes from any source: a file in Node read in place; anything else in memory. */
async function open(source: WeightSource): Promise<Reader> {
  if (typeof source === 'object' && source !== null && !(source instanceof URL) && !(source instanceof Uint8Array) && !(source instanceof ArrayBuffer) && typeof (source as { base64?: unknown }).base64 === 'string') {
    return inMemory(decodeBase64((source as { base64: string }).base64));
  }
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    const file = source instanceof Uint8Array ? source : new Uint8Array(source);
    const { begin, end } = sidecarTensor(file, file.byteLength);
    return inMemory(file.subarray(begin, end));
  }
  if (typeof source !== 'string' && !(source instanceof URL)) {
    throw new StrideError('io', `cannot load weights from ${Object.prototype.toString.call(source).slice(8, -1)}: pass a path, a URL, an ArrayBuffer or a Uint8Array`);
  }
  let url: URL | undefined;
  try {
    url = typeof source === 'string' && !/^[a-z][a-z0-9+.-]*:/i.test(source) ? undefined : new URL(source);
    if (!url || url.protocol === 'file:') {
      const fs = nodeFs();
      const fd = fs.openSync(url ?? (source as string), 'r');
      try {
        const size = fs.fstatSync(fd).size;
        const readAt = (position: number, target: Uint8Array) => {
          for (let done = 0; done < target.byteLength;) {
            const got = fs.readSync(fd, target, done, target.byteLength - done, position + done);
            if (got === 0) throw new Error('the file ended early');
            done += got;
          }
        };
        const first = new Uint8Array(Math.min(size, 8));
        readAt(0, first);
        const head = new Uint8Array(sidecarHeaderBytes(first, size));
        readAt(0, head);
        const { begin, end } = sidecarTensor(head, size);
        return { bytes: end - begin, read: (position, target) => readAt(begin + position, target), close: () => fs.closeSync(fd) };
      } catch (error) {
        fs.closeSync(fd);
        throw error;
      }
    }
    const response = await fetch(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const file = new Uint8Array(await response.arrayBuffer());
    const { begin, end } = sidecarTensor(file, file.byteLength);
    return inMemory(file.subarray(begin, end));
  } catch (error) {
    if (error instanceof StrideError) throw error;
    throw new StrideError('io', `cannot load weights from ${String(source)}: ${(error as Error).message}`, { cause: error });
  }
}

/** Widens float16 bytes read in chunks into `target`'s floats (little-endian, as stored). */
function readHalves(reader: Reader, position: number, target: Float32Array): void {
  const chunk = new Uint8Array(Math.min(1 << 20, 2 * target.length));
  const view = new DataView(chunk.buffer);
  for (let done = 0; done < target.length;) {
    const count = Math.min(chunk.byteLength / 2, target.length - done);
    reader.read(position + 2 * done, chunk.subarray(0, 2 * count));
    for (let i = 0; i < count; i++) target[done + i] = float16ToFloat32(view.getUint16(2 * i, true));
    done += count;
  }
}

/** Whether this host stores floats little-endian, as bundles do. */
const littleEndian = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

/**
 * Reads the stored weights into `memory`: the image into place, then each expansion's stored floats
 * into a staging area — the memory below `base`, where the values live and nothing is yet, when it
 * is large enough (zeroed after) — and `expand` from there.
 */
export async function loadWeights(
  spec: { model: string; weightFloats: number; weightsDtype: 'F32' | 'F16' },
  layout: WeightLayout,
  expand: (stored: Float32Array, memory: Float32Array, entry: number[]) => void,
  source: WeightSource,
  memory: ArrayBuffer | SharedArrayBuffer,
): Promise<void> {
  const reader = await open(source);
  try {
    const size = spec.weightsDtype === 'F16' ? 2 : 4;
    if (reader.bytes !== spec.weightFloats * size) {
      throw new StrideError('weights-format', `weights for model ${JSON.stringify(spec.model)} are ${reader.bytes} bytes; this bundle needs ${spec.weightFloats * size} (${spec.weightFloats} ${spec.weightsDtype} values) — was it built with other weights?`);
    }
    const floats = new Float32Array(memory);
    const direct = size === 4 && littleEndian;
    const place = (from: number, target: Float32Array) => {
      if (direct) reader.read(4 * from, new Uint8Array(target.buffer, target.byteOffset, target.byteLength));
      else if (size === 2) readHalves(reader, 2 * from, target);
      else {
        const bytes = new Uint8Array(4 * target.length);
        reader.read(4 * from, bytes);
        const view = new DataView(bytes.buffer);
        for (let i = 0; i < target.length; i++) target[i] = view.getFloat32(4 * i, true);
      }
    };
    place(0, floats.subarray(layout.base, layout.base + layout.image));
    if (layout.expand.length === 0) return;
    const largest = Math.max(...layout.expand.map((entry) => entry[1]));
    const staging = largest <= layout.base ? floats.subarray(0, largest) : new Float32Array(largest);
    for (const entry of layout.expand) {
      const stored = staging.subarray(0, entry[1]);
      place(entry[0], stored);
      expand(stored, floats, entry);
    }
    // The values' memory holds zeros before the first run, as it did before staging.
    if (staging.buffer === memory) staging.fill(0);
  } finally {
    reader.close();
  }
}
