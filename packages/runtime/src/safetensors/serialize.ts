import { elementCount } from '@stride/dsl';
/** Writing safetensors: what tests, `stride build`'s sidecar weights and the converters use. */
import { StrideError } from '../errors.js';
import { float32ToFloat16, type Dtype } from './dtypes.js';

export interface TensorToWrite {
  /** Storage dtype. @default 'F32' */
  dtype?: Dtype;
  shape: number[];
  data: ArrayLike<number>;
}

const littleEndian = new Uint8Array(new Float32Array([1]).buffer)[3] === 0x3f;

/**
 * Serializes tensors in the given order, 8-byte aligned header (padded with spaces, as the reference
 * writer does), little-endian data.
 */
export function serializeSafetensors(tensors: Record<string, TensorToWrite> | Map<string, TensorToWrite>, metadata?: Record<string, string>): Uint8Array {
  const list = tensors instanceof Map ? [...tensors] : Object.entries(tensors);
  const header: Record<string, unknown> = Object.create(null);
  if (metadata) header.__metadata__ = { ...metadata };
  let offset = 0;
  const sizes = { F32: 4, F16: 2, BF16: 2, F64: 8 } as const;
  for (const [name, tensor] of list) {
    const dtype = tensor.dtype ?? 'F32';
    const count = elementCount(tensor.shape);
    if (count !== tensor.data.length) {
      throw new StrideError('weights-format', `safetensors: tensor ${JSON.stringify(name)} has shape ${JSON.stringify(tensor.shape)} (${count} values) but ${tensor.data.length} values`);
    }
    const size = count * sizes[dtype];
    header[name] = { dtype, shape: tensor.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - ((new TextEncoder().encode(text).length) % 8)) % 8);
  const headerBytes = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes.length, true);
  out.set(headerBytes, 8);
  let position = 8 + headerBytes.length;
  for (const [, tensor] of list) {
    const dtype = tensor.dtype ?? 'F32';
    if (dtype === 'F32' && littleEndian) {
      // This host's floats are the file's: a byte copy, or a converting set where the bytes are aligned.
      const data = tensor.data;
      if (data instanceof Float32Array) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), position);
      else if (position % 4 === 0) new Float32Array(out.buffer, position, data.length).set(data);
      else for (let i = 0; i < data.length; i++) view.setFloat32(position + 4 * i, data[i], true);
      position += 4 * data.length;
      continue;
    }
    for (let i = 0; i < tensor.data.length; i++) {
      const value = tensor.data[i];
      if (dtype === 'F32') { view.setFloat32(position, value, true); position += 4; }
      else if (dtype === 'F64') { view.setFloat64(position, value, true); position += 8; }
      else if (dtype === 'F16') { view.setUint16(position, float32ToFloat16(value), true); position += 2; }
      else {
        // bfloat16: round the float32 to nearest even on the upper 16 bits.
        const f = new Float32Array([value]);
        const bits = new Uint32Array(f.buffer)[0];
        const rounded = Number.isNaN(value) ? 0x7fc0 : ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16) & 0xffff;
        view.setUint16(position, rounded, true);
        position += 2;
      }
    }
  }
  return out;
}
