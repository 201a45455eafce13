/**
 * Constant tensors at import time: initializers, `Constant` nodes, and the shape subgraphs exporters
 * emit (`Shape` → `Gather` → `Unsqueeze` → `Concat` → `Reshape`…), evaluated here so every shape the
 * DSL sees is static. Values are kept as plain numbers (int64 fits: shapes and indices are small);
 * float tensors as Float32Array, so weights are never copied element by element.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataType, type TensorMessage } from '../schema.js';

export type ElementKind = 'float' | 'int' | 'bool';

export interface Constant {
  dims: number[];
  kind: ElementKind;
  data: ArrayLike<number>;
}

export const count = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/** External-data files read once per import, however many tensors they hold (cleared by `forgetExternalFiles`). */
const externalFiles = new Map<string, Uint8Array>();
export function forgetExternalFiles(): void {
  externalFiles.clear();
}

/** Why a tensor cannot be read, or the tensor. */
export function readTensor(tensor: TensorMessage, dir: string | undefined): Constant | string {
  const dims = (tensor.dims ?? []).map(Number);
  const n = count(dims);
  const kind = kindOf(tensor.dataType);
  if (kind === undefined) return `data type ${tensor.dataType} is not supported (float, double, int32, int64, int8, uint8, bool are)`;
  let raw = tensor.rawData && tensor.rawData.byteLength > 0 ? tensor.rawData : undefined;
  if (tensor.dataLocation === 1) {
    const entry = (key: string) => tensor.externalData?.find((e) => e.key === key)?.value;
    const location = entry('location');
    if (location === undefined) return 'external data without a location';
    if (dir === undefined) return `external data '${location}' needs the model's folder (import from a file path)`;
    const path = join(dir, location);
    let bytes = externalFiles.get(path);
    if (!bytes) {
      if (!existsSync(path)) return `its external data file '${location}' is not in ${dir}`;
      externalFiles.set(path, (bytes = readFileSync(path)));
    }
    const offset = Number(entry('offset') ?? 0);
    const length = entry('length') !== undefined ? Number(entry('length')) : bytes.byteLength - offset;
    if (offset + length > bytes.byteLength) return `external data '${location}' is ${bytes.byteLength} bytes, shorter than offset ${offset} + length ${length}`;
    raw = bytes.subarray(offset, offset + length);
  }
  if (raw) return fromRaw(raw, tensor.dataType, dims, kind, n);
  const listed = tensor.floatData?.length ? tensor.floatData : tensor.int32Data?.length ? tensor.int32Data
    : tensor.int64Data?.length ? tensor.int64Data : tensor.doubleData?.length ? tensor.doubleData : [];
  if (listed.length !== n) return `holds ${listed.length} values for dims [${dims.join(', ')}]`;
  return { dims, kind, data: kind === 'float' ? Float32Array.from(listed.map(Number)) : listed.map(Number) };
}

function kindOf(dataType: number): ElementKind | undefined {
  switch (dataType) {
    case DataType.FLOAT: case DataType.DOUBLE: return 'float';
    case DataType.INT64: case DataType.INT32: case DataType.INT8: case DataType.UINT8: return 'int';
    case DataType.BOOL: return 'bool';
    default: return undefined;
  }
}

function fromRaw(raw: Uint8Array, dataType: number, dims: number[], kind: ElementKind, n: number): Constant | string {
  const width = { [DataType.FLOAT]: 4, [DataType.DOUBLE]: 8, [DataType.INT64]: 8, [DataType.INT32]: 4, [DataType.INT8]: 1, [DataType.UINT8]: 1, [DataType.BOOL]: 1 }[dataType]!;
  if (raw.byteLength !== n * width) return `holds ${raw.byteLength} bytes for dims [${dims.join(', ')}] (${n * width} expected)`;
  // Float32 data at an aligned offset (external files, where the weights are) is viewed in place;
  // otherwise copied into an aligned buffer: protobuf fields give arbitrary offsets.
  if (dataType === DataType.FLOAT && raw.byteOffset % 4 === 0) return { dims, kind, data: new Float32Array(raw.buffer, raw.byteOffset, n) };
  const bytes = new Uint8Array(raw);
  switch (dataType) {
    case DataType.FLOAT: return { dims, kind, data: new Float32Array(bytes.buffer, 0, n) };
    case DataType.DOUBLE: return { dims, kind, data: Float32Array.from(new Float64Array(bytes.buffer, 0, n)) };
    case DataType.INT64: return { dims, kind, data: Array.from(new BigInt64Array(bytes.buffer, 0, n), Number) };
    case DataType.INT32: return { dims, kind, data: Array.from(new Int32Array(bytes.buffer, 0, n)) };
    case DataType.INT8: return { dims, kind, data: Array.from(new Int8Array(bytes.buffer, 0, n)) };
    default: return { dims, kind, data: Array.from(bytes) };
  }
}

export const scalarOf = (c: Constant): number => c.data[0];
export const listOf = (c: Constant): number[] => Array.from(c.data);
