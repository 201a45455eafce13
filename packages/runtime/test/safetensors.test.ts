import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { float16ToFloat32, float32ToFloat16, loadSafetensors, parseSafetensors, serializeSafetensors, StrideError } from '../src';
import { fuzz } from '../scripts/fuzz-core';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', 'weights', name);

/** A file with a hand-written header and data, for malformed cases. */
function file(header: unknown, data = new Uint8Array(0), headerText = JSON.stringify(header)): Uint8Array {
  const text = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setUint32(0, text.length, true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

describe('reading what PyTorch wrote', () => {
  it.each(['f32', 'f16', 'bf16', 'f64'])('decodes %s exactly as PyTorch converts it to float32 (subnormals, ±inf, NaN, unaligned data)', async (dtype) => {
    const weights = await loadSafetensors(fixture(`${dtype}.safetensors`));
    for (const name of ['weight', 'odd']) {
      const tensor = weights.tensors.get(name)!;
      expect(tensor.dtype).toBe(dtype.toUpperCase());
      expect(Array.from(tensor.data!)).toEqual(Array.from(weights.tensors.get(`${name}.expected`)!.data!));
    }
    expect(weights.metadata.format).toBe('pt');
  });
  it('loads paths, file URLs and bytes alike', async () => {
    const bytes = readFileSync(fixture('f16.safetensors'));
    const fromBytes = await loadSafetensors(new Uint8Array(bytes));
    const fromUrl = await loadSafetensors(new URL(`file://${fixture('f16.safetensors')}`));
    expect(fromUrl.tensors.get('weight')!.data).toEqual(fromBytes.tensors.get('weight')!.data);
    await expect(loadSafetensors(fixture('missing.safetensors'))).rejects.toThrow(/safetensors: cannot read .*missing\.safetensors/);
  });
});

describe('writing', () => {
  it('round-trips every dtype, float16 rounding to nearest even', () => {
    const data = Float32Array.from([0, -0, 1.5, -65504, 1e-7, 70000, Infinity, NaN, 0.1]);
    for (const dtype of ['F32', 'F16', 'BF16', 'F64'] as const) {
      const back = parseSafetensors(serializeSafetensors({ x: { dtype, shape: [9], data } })).tensors.get('x')!.data!;
      if (dtype === 'F32' || dtype === 'F64') expect(Array.from(back)).toEqual(Array.from(data));
      else expect(Math.abs(back[2] - 1.5)).toBe(0);
    }
    expect(float16ToFloat32(float32ToFloat16(70000))).toBe(Infinity);
    expect(float16ToFloat32(float32ToFloat16(1 + 2 ** -11))).toBe(1); // a tie rounds to even
    expect(float16ToFloat32(float32ToFloat16(2 ** -24))).toBe(2 ** -24); // the smallest subnormal
  });
});

describe('malformed files are StrideErrors that say what is wrong', () => {
  const cases: [string, Uint8Array, string][] = [
    ['too short', new Uint8Array(5), 'file is 5 bytes, shorter than the 8-byte header length'],
    ['header past the end', (() => { const f = file({}); new DataView(f.buffer).setUint32(0, 1000, true); return f; })(), 'header length 1000 runs past the end of the 10-byte file'],
    ['huge header length', (() => { const f = file({}); new DataView(f.buffer).setUint32(4, 7, true); return f; })(), 'is above the limit of 104857600 bytes'],
    ['not JSON', file(null, undefined, '{"a": '), 'header is not JSON'],
    ['not UTF-8', file(null, undefined, '{}').map((b, i) => (i === 8 ? 0xff : b)), 'header is not valid UTF-8'],
    ['an array header', file([1, 2]), 'header must be a JSON object'],
    ['unknown dtype', file({ w: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, new Uint8Array(16)), 'tensor "w" has unknown dtype "F128"'],
    ['negative shape', file({ w: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, new Uint8Array(4)), 'tensor "w" has an invalid shape [-1]'],
    ['offsets past the data', file({ w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8)), 'data_offsets [0, 16] past the 8 bytes of data'],
    ['reversed offsets', file({ w: { dtype: 'F32', shape: [0], data_offsets: [8, 0] } }, new Uint8Array(8)), 'end before they begin'],
    ['size mismatch', file({ w: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)), 'has shape [3] × F32 = 12 bytes but data_offsets span 8'],
    ['a lying huge shape', file({ w: { dtype: 'F32', shape: [1e15, 1e15], data_offsets: [0, 8] } }, new Uint8Array(8)), 'data_offsets span 8'],
    ['overlap', file({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8)), 'overlaps the tensor before it'],
    ['a hole', file({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8)), 'bytes 0…4 of the data belong to no tensor'],
    ['bad metadata', file({ __metadata__: { a: 1 } }), '__metadata__ entry "a" must be a string'],
  ];
  it.each(cases)('%s', (_label, bytes, message) => {
    let error: unknown;
    try {
      parseSafetensors(bytes);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StrideError);
    expect((error as StrideError).code).toBe('weights-format');
    expect((error as Error).message).toContain(message);
  });

  it('treats __proto__ and constructor as plain tensor names', () => {
    const header = file({ ['__proto__']: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, constructor: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, new Uint8Array(8), '{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"constructor":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}');
    const weights = parseSafetensors(header);
    expect([...weights.tensors.keys()].sort()).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).dtype).toBeUndefined();
  });

  it('keeps integer tensors (num_batches_tracked) as undecoded entries', () => {
    const weights = parseSafetensors(file({ 'bn.num_batches_tracked': { dtype: 'I64', shape: [], data_offsets: [0, 8] } }, new Uint8Array(8)));
    expect(weights.tensors.get('bn.num_batches_tracked')).toMatchObject({ dtype: 'I64', shape: [], data: undefined });
  });
});

describe('fuzzing', () => {
  it('10,000 mutated files: every outcome a clean parse or a StrideError, decoded bytes bounded by the file', () => {
    const summary = fuzz(10_000, 20261125);
    console.log(`fuzz: ${summary.cases} cases, ${summary.parsed} parsed, ${summary.refused} refused, ${summary.crashes.length} crashes, worst decoded/file ${summary.worstDecodedRatio.toFixed(2)}`);
    expect(summary.crashes).toEqual([]);
    expect(summary.parsed + summary.refused).toBe(10_000);
    expect(summary.refused).toBeGreaterThan(5000);
    expect(summary.parsed).toBeGreaterThan(100);
    expect(summary.worstDecodedRatio).toBeLessThanOrEqual(2);
  });
});
