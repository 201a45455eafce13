import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { float16ToFloat32, float32ToFloat16, loadSafetensors, parseSafetensors, serializeSafetensors, StrideError } from '../src/index.js';
import { fuzz, fuzzSidecar } from '../scripts/fuzz-core.js';
import { decodeWeights, fetchWeights, sidecarTensorBytes, sidecarWeights, type BundleSpec } from '../src/executor/index.js';

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
    await expect(loadSafetensors(42 as never)).rejects.toMatchObject({ name: 'StrideError', code: 'io', message: 'safetensors: cannot load from Number; pass an ArrayBuffer, a Uint8Array, a path or a URL' });
    await expect(loadSafetensors('http://[bad')).rejects.toMatchObject({ name: 'StrideError', code: 'io', message: 'safetensors: "http://[bad" is neither a path nor a valid URL' });
    await expect(fetchWeights({} as never)).rejects.toMatchObject({ name: 'StrideError', code: 'io', message: 'cannot load weights from Object: pass a path, a URL, an ArrayBuffer or a Uint8Array' });
    await expect(fetchWeights('http://[bad')).rejects.toMatchObject({ name: 'StrideError', code: 'io' });
  });
  it('fetches http URLs (a real local server), refusing an HTTP error or a malformed body as StrideErrors', async () => {
    const bytes = readFileSync(fixture('bf16.safetensors'));
    const server = createServer((request, response) => {
      if (request.url === '/bf16.safetensors') response.end(bytes);
      else if (request.url === '/html') response.end('<!doctype html>');
      else { response.statusCode = 404; response.end(); }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const expected = parseSafetensors(new Uint8Array(bytes)).tensors.get('weight')!.data;
      expect((await loadSafetensors(`${base}/bf16.safetensors`)).tensors.get('weight')!.data).toEqual(expected);
      expect((await loadSafetensors(new URL(`${base}/bf16.safetensors`))).tensors.get('weight')!.data).toEqual(expected);
      await expect(loadSafetensors(`${base}/missing`)).rejects.toMatchObject({ name: 'StrideError', code: 'io', message: `safetensors: fetching ${base}/missing gave HTTP 404` });
      await expect(loadSafetensors(`${base}/html`)).rejects.toMatchObject({ name: 'StrideError', code: 'weights-format' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    await expect(loadSafetensors(`${base}/bf16.safetensors`)).rejects.toMatchObject({ name: 'StrideError', code: 'io', message: expect.stringContaining(`safetensors: cannot fetch ${base}/bf16.safetensors`) });
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
    ['a lying huge shape', file({ w: { dtype: 'F32', shape: [1e15, 1e15], data_offsets: [0, 8] } }, new Uint8Array(8)), 'has shape [1000000000000000,1000000000000000] × F32 = more than 8 bytes but data_offsets span 8'],
    ['an empty tensor whose other dims overflow', file({ w: { dtype: 'F32', shape: [2 ** 52, 2 ** 52, 0], data_offsets: [0, 4] } }, new Uint8Array(4)), '× F32 = 0 bytes but data_offsets span 4'],
    ['a non-integer dimension', file({ w: { dtype: 'F32', shape: [1.5], data_offsets: [0, 4] } }, new Uint8Array(4)), 'tensor "w" has an invalid shape [1.5]'],
    ['offsets that are not numbers', file({ w: { dtype: 'F32', shape: [1], data_offsets: ['0', '4'] } }, new Uint8Array(4)), 'tensor "w" has invalid data_offsets ["0","4"]'],
    ['an entry that is not an object', file({ w: [1, 2] }), 'tensor "w" must be an object with dtype, shape and data_offsets'],
    ['trailing bytes', file({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(12)), 'the last 8 bytes of the data belong to no tensor'],
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

  it('accepts an empty tensor however large its other dimensions, as the reference reader does', () => {
    const weights = parseSafetensors(file({ w: { dtype: 'F32', shape: [2 ** 40, 0], data_offsets: [0, 0] }, v: { dtype: 'F16', shape: [1], data_offsets: [0, 2] } }, new Uint8Array(2)));
    expect(weights.tensors.get('w')).toMatchObject({ shape: [2 ** 40, 0], data: new Float32Array(0) });
  });

  it('keeps __proto__ and constructor in the metadata and inside entries harmless', () => {
    const text = '{"__metadata__":{"__proto__":"x","constructor":"y"},"w":{"__proto__":{"dtype":"F64"},"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
    const weights = parseSafetensors(file(null, new Uint8Array(4), text));
    expect(Object.getPrototypeOf(weights.metadata)).toBeNull();
    expect(Object.entries(weights.metadata)).toEqual([['__proto__', 'x'], ['constructor', 'y']]);
    expect(weights.tensors.get('w')!.dtype).toBe('F32');
    // An entry whose fields exist only on a (would-be) prototype is not read through it.
    expect(() => parseSafetensors(file(null, new Uint8Array(4), '{"w":{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}}'))).toThrow('tensor "w" has unknown dtype undefined');
    expect(({} as Record<string, unknown>).dtype).toBeUndefined();
  });

  it('keeps integer tensors (num_batches_tracked) as undecoded entries', () => {
    const weights = parseSafetensors(file({ 'bn.num_batches_tracked': { dtype: 'I64', shape: [], data_offsets: [0, 8] } }, new Uint8Array(8)));
    expect(weights.tensors.get('bn.num_batches_tracked')).toMatchObject({ dtype: 'I64', shape: [], data: undefined });
  });
});

describe('fuzzing', () => {
  it('10,000 mutated files: every outcome a clean parse or a StrideError, memory measured within twice the file', () => {
    const summary = fuzz(10_000, 20261125);
    console.log(`fuzz: ${summary.cases} cases, ${summary.parsed} parsed, ${summary.refused} refused, ${summary.crashes.length} crashes, ` +
      `worst measured/file ${summary.worstMeasuredRatio.toFixed(2)}, decoded/file ${summary.worstDecodedRatio.toFixed(2)}, ${summary.reasons.size} kinds of refusal`);
    expect(summary.crashes).toEqual([]);
    expect(summary.parsed + summary.refused).toBe(10_000);
    expect(summary.refused).toBeGreaterThan(5000);
    expect(summary.parsed).toBeGreaterThan(100);
    expect(summary.bound).toBeGreaterThan(20);
    expect(summary.worstDecodedRatio).toBeLessThanOrEqual(2);
    expect(summary.worstMeasuredRatio).toBeLessThanOrEqual(2);
    // The half-precision seed parses cleanly, so the bound is reached, not just respected.
    expect(summary.worstDecodedRatio).toBeGreaterThan(1.5);
    // Refusals come from every layer of the checks, not one early exit.
    for (const reason of ['header length', 'header is not', 'has unknown dtype', 'has an invalid', 'has data_offsets', 'has shape', 'overlaps the tensor', 'bytes N…N of', 'the last N', 'file is']) {
      expect([...summary.reasons.keys()].some((r) => r.startsWith(reason)), reason).toBe(true);
    }
  });

  it('10,000 mutated bundle sidecars: weights of the right size or a StrideError, never bytes from outside the data', () => {
    const summary = fuzzSidecar(10_000, 20261125);
    console.log(`fuzz sidecar: ${summary.parsed} loaded, ${summary.refused} refused, ${summary.crashes.length} crashes, worst measured/file ${summary.worstMeasuredRatio.toFixed(2)}`);
    expect(summary.crashes).toEqual([]);
    expect(summary.parsed + summary.refused).toBe(10_000);
    expect(summary.refused).toBeGreaterThan(5000);
    expect(summary.worstMeasuredRatio).toBeLessThanOrEqual(2);
  });

  it('sidecar reader: a null header, offsets into the header and a foreign dtype are refused by name', () => {
    const cases: [string, string][] = [
      ['null', "sidecar weights: no valid 'weights' tensor in the file"],
      ['{"weights":{"dtype":"F32","shape":[4],"data_offsets":[-8,8]}}', "sidecar weights: no valid 'weights' tensor in the file (data_offsets missing or outside the data)"],
      ['{"weights":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}', 'sidecar weights: tensor \'weights\' has dtype "F64"; a bundle reads F32 or F16'],
      ['{"weights":{"dtype":"F32","shape":[3],"data_offsets":[0,16]}}', "sidecar weights: tensor 'weights' has shape [3], which does not match its 16 bytes of F32"],
      ['{"__proto__":{"weights":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}}', "sidecar weights: no valid 'weights' tensor in the file"],
    ];
    for (const [header, message] of cases) {
      expect(() => sidecarTensorBytes(file(null, new Uint8Array(16), header)), header).toThrow(message);
    }
    expect(sidecarTensorBytes(file(null, Uint8Array.from({ length: 16 }, (_, i) => i), '{"weights":{"dtype":"F16","shape":[8],"data_offsets":[0,16]}}'))[15]).toBe(15);
  });

  it('measures what a lying header would allocate: a 2^28-value shape over 8 bytes costs nothing', () => {
    // The measurement the fuzzer relies on counts typed-array storage, so it cannot miss a large one.
    // (Absolute, not a difference: a collection during the allocation may free other buffers.)
    const big = new Float32Array(2 ** 22);
    expect(process.memoryUsage().arrayBuffers).toBeGreaterThanOrEqual(big.byteLength);
    const lying = file({ w: { dtype: 'F32', shape: [2 ** 28], data_offsets: [0, 8] } }, new Uint8Array(8));
    const start = process.memoryUsage().arrayBuffers;
    expect(() => parseSafetensors(lying)).toThrow('has shape [268435456] × F32 = 1073741824 bytes but data_offsets span 8');
    expect(process.memoryUsage().arrayBuffers - start).toBeLessThanOrEqual(2 * lying.byteLength);
  });
});

describe('decodeWeights: a view of bytes the bundle read itself, a copy of anyone else\'s', () => {
  const spec = (dtype: 'F32' | 'F16'): BundleSpec => ({ model: 'm', arenaFloats: 0, weightFloats: 4, weightsDtype: dtype, inputs: [], outputs: [] });
  const floats = Float32Array.from([1.5, -2, 3.25, 0]);
  it('float32 bytes the bundle owns, on a 4-byte boundary, are used in place', () => {
    const bytes = new Uint8Array(20);
    bytes.set(new Uint8Array(floats.buffer), 4);
    const decoded = decodeWeights(spec('F32'), bytes.subarray(4), true);
    expect(Array.from(decoded)).toEqual(Array.from(floats));
    expect(decoded.buffer).toBe(bytes.buffer);
  });
  it('a caller\'s bytes, bytes off a 4-byte boundary and float16 bytes are copied', () => {
    const caller = new Uint8Array(floats.buffer.slice(0));
    expect(decodeWeights(spec('F32'), caller).buffer).not.toBe(caller.buffer);
    const odd = new Uint8Array(18);
    odd.set(new Uint8Array(floats.buffer), 2);
    const decoded = decodeWeights(spec('F32'), odd.subarray(2), true);
    expect(decoded.buffer).not.toBe(odd.buffer);
    expect(Array.from(decoded)).toEqual(Array.from(floats));
    const half = new Uint8Array(Uint16Array.from(floats, (v) => float32ToFloat16(v)).buffer);
    expect(Array.from(decodeWeights(spec('F16'), half, true))).toEqual(Array.from(floats));
  });
  it('sidecarWeights copies a sidecar handed over as bytes (create({ weights: bytes })), so changing them later changes nothing', async () => {
    // A header padded to 8 bytes, as stride build writes it: the floats start on a 4-byte boundary.
    const sidecar = file(null, new Uint8Array(floats.buffer), JSON.stringify({ weights: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }).padEnd(64, ' '));
    for (const given of [sidecar, sidecar.buffer as ArrayBuffer]) {
      const decoded = await sidecarWeights(spec('F32'), given);
      expect(Array.from(decoded)).toEqual(Array.from(floats));
      expect(decoded.buffer).not.toBe(sidecar.buffer);
    }
  });
});
