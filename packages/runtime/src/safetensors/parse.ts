/**
 * Reading safetensors — the format PyTorch and Hugging Face save state_dicts in: an 8-byte
 * little-endian header length, a JSON header `{ name: { dtype, shape, data_offsets }, __metadata__ }`,
 * then the tensors' bytes, offsets relative to the end of the header.
 *
 * A file is untrusted input. Every number in the header is checked against the bytes actually present
 * before anything is allocated, so a lying header can never cause an allocation larger than the file
 * (decoded float32 data is at most twice the file's bytes, for F16/BF16). Names are kept in a `Map`, so
 * `__proto__` or `constructor` are just names.
 */
import { StrideError } from '../errors.js';
import { bfloat16ToFloat32, dtypeSizes, float16ToFloat32, isFloatDtype, type Dtype } from './dtypes.js';

export interface WeightTensor {
  name: string;
  /** The dtype in the file. Non-float dtypes (I64 such as `num_batches_tracked`, U8, …) have no `data`. */
  dtype: string;
  shape: number[];
  /** The values as float32 (F16/BF16 widened exactly, F64 rounded); undefined for non-float dtypes. */
  data: Float32Array | undefined;
}

export interface Weights {
  tensors: Map<string, WeightTensor>;
  /** The header's `__metadata__` (string to string). */
  metadata: Record<string, string>;
  /** Bytes allocated for decoded data, for tests and budgets: never more than twice the file. */
  decodedBytes: number;
}

export interface ParseOptions {
  /** Largest JSON header accepted, in bytes. @default 100 MiB */
  maxHeaderBytes?: number;
}

const fail = (message: string): never => {
  throw new StrideError('weights-format', `safetensors: ${message}`);
};

function isNonNegativeSafeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Parses a safetensors file already in memory. Throws `StrideError` ('weights-format') for a malformed file. */
export function parseSafetensors(source: Uint8Array | ArrayBuffer, options: ParseOptions = {}): Weights {
  const bytes = source instanceof Uint8Array ? source : source instanceof ArrayBuffer ? new Uint8Array(source) : fail('expected an ArrayBuffer or Uint8Array');
  const maxHeaderBytes = options.maxHeaderBytes ?? 100 * 1024 * 1024;
  if (bytes.byteLength < 8) fail(`file is ${bytes.byteLength} bytes, shorter than the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const low = view.getUint32(0, true);
  const high = view.getUint32(4, true);
  const headerLength = high * 2 ** 32 + low;
  if (headerLength > maxHeaderBytes) fail(`header length ${headerLength} is above the limit of ${maxHeaderBytes} bytes`);
  if (8 + headerLength > bytes.byteLength) fail(`header length ${headerLength} runs past the end of the ${bytes.byteLength}-byte file`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    return fail('header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    return fail(`header is not JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('header must be a JSON object');
  const dataStart = 8 + headerLength;
  const dataSize = bytes.byteLength - dataStart;
  const metadata: Record<string, string> = Object.create(null);
  const entries: { name: string; dtype: string; shape: number[]; begin: number; end: number }[] = [];
  for (const name of Object.keys(header as object)) {
    const entry = (header as Record<string, unknown>)[name];
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail('__metadata__ must be an object of strings');
      for (const key of Object.keys(entry as object)) {
        const value = (entry as Record<string, unknown>)[key];
        if (typeof value !== 'string') fail(`__metadata__ entry ${JSON.stringify(key)} must be a string`);
        metadata[key] = value as string;
      }
      continue;
    }
    const label = `tensor ${JSON.stringify(name)}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) fail(`${label} must be an object with dtype, shape and data_offsets`);
    const { dtype, shape, data_offsets: offsets } = entry as Record<string, unknown>;
    if (typeof dtype !== 'string' || !(dtype in dtypeSizes)) fail(`${label} has unknown dtype ${JSON.stringify(dtype)} (known: ${Object.keys(dtypeSizes).join(', ')})`);
    if (!Array.isArray(shape) || !shape.every(isNonNegativeSafeInteger)) fail(`${label} has an invalid shape ${JSON.stringify(shape)}`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isNonNegativeSafeInteger)) {
      fail(`${label} has invalid data_offsets ${JSON.stringify(offsets)}`);
    }
    const [begin, end] = offsets as number[];
    if (begin > end) fail(`${label} has data_offsets [${begin}, ${end}] that end before they begin`);
    if (end > dataSize) fail(`${label} has data_offsets [${begin}, ${end}] past the ${dataSize} bytes of data`);
    // Compare shape × size with the byte span without overflowing: a zero dimension makes the tensor
    // empty whatever the others say; otherwise stop multiplying as soon as the product passes the span.
    let expected = (shape as number[]).includes(0) ? 0 : dtypeSizes[dtype as string];
    let exact = true;
    for (const d of shape as number[]) {
      if (expected > end - begin) { exact = false; break; }
      expected *= d;
    }
    if (expected !== end - begin) {
      const bytes = exact && Number.isSafeInteger(expected) ? String(expected) : `more than ${end - begin}`;
      fail(`${label} has shape ${JSON.stringify(shape)} × ${dtype} = ${bytes} bytes but data_offsets span ${end - begin}`);
    }
    entries.push({ name, dtype: dtype as string, shape: shape as number[], begin, end });
  }
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let position = 0;
  for (const entry of sorted) {
    if (entry.begin < position) fail(`tensor ${JSON.stringify(entry.name)} overlaps the tensor before it (starts at ${entry.begin}, previous ends at ${position})`);
    if (entry.begin > position) fail(`bytes ${position}…${entry.begin} of the data belong to no tensor (the format allows no holes)`);
    position = entry.end;
  }
  if (position !== dataSize) fail(`the last ${dataSize - position} bytes of the data belong to no tensor (the format allows no holes)`);

  const tensors = new Map<string, WeightTensor>();
  let decodedBytes = 0;
  for (const entry of entries) {
    const data = isFloatDtype(entry.dtype) ? decode(view, dataStart + entry.begin, entry.end - entry.begin, entry.dtype) : undefined;
    decodedBytes += data?.byteLength ?? 0;
    tensors.set(entry.name, { name: entry.name, dtype: entry.dtype, shape: entry.shape, data });
  }
  return { tensors, metadata, decodedBytes };
}

const littleEndian = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

/** Little-endian decode through a DataView: offsets in a file need not be aligned. */
function decode(view: DataView, offset: number, byteLength: number, dtype: Dtype): Float32Array {
  switch (dtype) {
    case 'F32': {
      const out = new Float32Array(byteLength / 4);
      // The file's little-endian floats are this host's: a byte copy (bits as stored, NaN payloads too).
      if (littleEndian) new Uint8Array(out.buffer).set(new Uint8Array(view.buffer, view.byteOffset + offset, byteLength));
      else for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(offset + 4 * i, true);
      return out;
    }
    case 'F64': {
      const out = new Float32Array(byteLength / 8);
      for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(offset + 8 * i, true);
      return out;
    }
    case 'F16': {
      const out = new Float32Array(byteLength / 2);
      for (let i = 0; i < out.length; i++) out[i] = float16ToFloat32(view.getUint16(offset + 2 * i, true));
      return out;
    }
    case 'BF16': {
      const out = new Float32Array(byteLength / 2);
      for (let i = 0; i < out.length; i++) out[i] = bfloat16ToFloat32(view.getUint16(offset + 2 * i, true));
      return out;
    }
  }
}
