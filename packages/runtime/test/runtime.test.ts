/**
 * Weight binding, input checks, the interpreter's own contract (symbolic batch, NaN), erf's accuracy
 * and the tensor helpers. Kernels' agreement with PyTorch is test/golden.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { add, input, model } from '@stride/dsl';
import { createExecutor } from '../src/executor/index.js';
import { argmax, bindWeights, erf, imageToTensor, interpret, parseSafetensors, seededWeights, serializeSafetensors, softmax, StrideError, topK } from '../src/index.js';

const net = (() => {
  const image = input(['batch', 2, 5, 5], { name: 'image' });
  const logits = image.conv2d({ outChannels: 3, kernelSize: 3, name: 'conv' }).batchNorm2d({ name: 'bn' }).relu()
    .adaptiveAvgPool2d(1).flatten().linear({ outFeatures: 4, name: 'fc' });
  return model({ name: 'small', inputs: { image }, outputs: { logits } });
})();
const graph = net.toIR();
const weights = seededWeights(graph, 3);
const thrown = (f: () => unknown): StrideError => {
  try {
    f();
  } catch (error) {
    if (error instanceof StrideError) return error;
    throw error;
  }
  throw new Error('expected a StrideError');
};

describe('bindWeights', () => {
  it('names arrays by length when weights come as plain Float32Arrays', () => {
    const arrays = Object.fromEntries(weights);
    arrays['fc.bias'] = new Float32Array(5);
    expect(() => bindWeights(graph, arrays)).toThrow('tensor fc.bias has 5 values, expected 4 for shape [4]');
    arrays['fc.bias'] = [0, 0, 0, 0] as unknown as Float32Array;
    expect(() => bindWeights(graph, arrays)).toThrow('tensor fc.bias must be a Float32Array, got Array');
    expect(() => bindWeights(graph, null as never)).toThrow('weights: expected a safetensors file');
  });
  it('binds by PyTorch name and lists every problem at once', () => {
    expect(bindWeights(graph, weights).size).toBe(8);
    const file = serializeSafetensors({
      'conv.weight': { shape: [3, 2, 3, 4], data: new Float32Array(72) },
      'bn.weight': { shape: [3], data: new Float32Array(3) },
      'bn.num_batches_tracked': { shape: [1], data: [0] },
      'head.weight': { shape: [4, 3], data: new Float32Array(12) },
    });
    const error = thrown(() => bindWeights(graph, parseSafetensors(file)));
    expect(error.code).toBe('weights-binding');
    expect(error.message).toContain("weights do not fit model 'small'");
    expect(error.message).toContain('tensor conv.weight has shape [3, 2, 3, 4], expected [3, 2, 3, 3]');
    expect(error.message).toContain('missing tensor conv.bias (expected shape [3])');
    expect(error.message).toContain('missing tensor fc.weight (expected shape [4, 3])');
    expect(error.message).toContain('unexpected tensors not used by the model: head.weight (pass { allowUnexpected: true } to ignore them)');
    expect(error.message).not.toContain('num_batches_tracked');
  });
  it('accepts extras when asked, and refuses integer tensors for float parameters', () => {
    const extra = new Map(weights);
    extra.set('unused', new Float32Array(1));
    expect(() => bindWeights(graph, extra)).toThrow('unexpected tensors not used by the model: unused');
    expect(bindWeights(graph, extra, { allowUnexpected: true }).size).toBe(8);
    const withInt = parseSafetensors(serializeSafetensors(Object.fromEntries([...weights].map(([k, v]) => [k, { shape: graph.nodes.flatMap((n) => Object.values(n.params as Record<string, { name: string; shape: number[] }>)).find((p) => p.name === k)!.shape, data: v }]))));
    withInt.tensors.set('fc.bias', { name: 'fc.bias', dtype: 'I64', shape: [4], data: undefined });
    expect(() => bindWeights(graph, withInt)).toThrow('tensor fc.bias has dtype I64; expected a float dtype');
  });
});

describe('interpret', () => {
  const one = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i));
  const two = Float32Array.from({ length: 100 }, (_, i) => Math.sin(i % 50) * (i < 50 ? 1 : -1));
  it('takes a symbolic batch from the input length; each image as if alone', () => {
    const single = interpret(graph, weights, { image: one }).logits;
    const batch = interpret(graph, weights, { image: two }).logits;
    expect(batch).toHaveLength(8);
    expect(Array.from(batch.subarray(0, 4))).toEqual(Array.from(single));
  });
  it('refuses bad inputs, naming the input, the shape and what came', () => {
    const cases: [unknown, string][] = [
      [{}, "missing input 'image' (Float32Array, shape ['batch', 2, 5, 5], a multiple of 50 values); got no inputs"],
      [{ imag: one }, "missing input 'image' (Float32Array, shape ['batch', 2, 5, 5], a multiple of 50 values); got 'imag' — did you mean 'image'?"],
      [{ image: new Float32Array(49) }, "input 'image' has 49 values, not a positive multiple of 50 as shape ['batch', 2, 5, 5] needs"],
      [{ image: new Float64Array(50) }, "input 'image' must be a Float32Array of shape ['batch', 2, 5, 5] (a multiple of 50 values); got a Float64Array of 50 values"],
      [{ image: Array.from(one) }, "input 'image' must be a Float32Array of shape ['batch', 2, 5, 5] (a multiple of 50 values); got a plain Array of 50 values"],
      [{ image: one, label: one }, "unexpected input 'label'; the model's inputs are 'image'"],
      ['image', "inputs: expected an object of Float32Arrays keyed by input name ('image'), got the string 'image'"],
      [undefined, "inputs: expected an object of Float32Arrays keyed by input name ('image'), got undefined"],
      [3, "inputs: expected an object of Float32Arrays keyed by input name ('image'), got the number 3"],
      [{ image: "it's" }, "input 'image' must be a Float32Array of shape ['batch', 2, 5, 5] (a multiple of 50 values); got the string 'it\\'s'"],
    ];
    for (const [inputs, message] of cases) {
      const error = thrown(() => interpret(graph, weights, inputs as Record<string, Float32Array>));
      expect(error.code).toBe('input');
      expect(error.message).toBe(message);
    }
  });
  it('refuses bad inputs to a fixed-shape model: wrong length, detached buffer, null', () => {
    const x = input([1, 2, 3, 4], { name: 'pixels' });
    const fixed = model({ name: 'fixed', inputs: { pixels: x }, outputs: { y: x.relu() } }).toIR();
    const detached = new Float32Array(24);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    const cases: [unknown, string][] = [
      [{ pixels: new Float32Array(23) }, "input 'pixels' has 23 values; expected 24 for shape [1, 2, 3, 4]"],
      [{ pixels: detached }, "input 'pixels' is a Float32Array whose buffer is detached (transferred or resized away); expected shape [1, 2, 3, 4]"],
      [{ pixels: new Uint8Array(24) }, "input 'pixels' must be a Float32Array of shape [1, 2, 3, 4] (24 values); got a Uint8Array of 24 values"],
      [{ pixels: null }, "input 'pixels' must be a Float32Array of shape [1, 2, 3, 4] (24 values); got null"],
      [{ Pixels: new Float32Array(24) }, "missing input 'pixels' (Float32Array, shape [1, 2, 3, 4], 24 values); got 'Pixels' — did you mean 'pixels'?"],
      [{ image: new Float32Array(24) }, "missing input 'pixels' (Float32Array, shape [1, 2, 3, 4], 24 values); got 'image'"],
      [null, "inputs: expected an object of Float32Arrays keyed by input name ('pixels'), got null"],
      [new Float32Array(24), "inputs: expected an object of Float32Arrays keyed by input name ('pixels'), got a Float32Array of 24 values"],
    ];
    for (const [inputs, message] of cases) {
      const error = thrown(() => interpret(fixed, {}, inputs as Record<string, Float32Array>));
      expect(error.code).toBe('input');
      expect(error.message).toBe(message);
    }
    expect(Array.from(interpret(fixed, {}, { pixels: Float32Array.from({ length: 24 }, (_, i) => i - 12) }).y).slice(10, 14)).toEqual([0, 0, 0, 1]);
  });
  it('accepts extra tensors only when asked, and F16/BF16/F64 files bind like F32', () => {
    const params = graph.nodes.flatMap((n) => Object.values(n.params as Record<string, { name: string; shape: number[] }>));
    const fileOf = (dtype: 'F32' | 'F64' | 'F16' | 'BF16', extra = false) => parseSafetensors(serializeSafetensors({
      ...Object.fromEntries(params.map((p) => [p.name, { dtype, shape: p.shape, data: weights.get(p.name)! }])),
      ...(extra ? { 'head.weight': { shape: [1], data: [0] } } : {}),
    }));
    expect(() => interpret(graph, fileOf('F32', true), { image: one })).toThrow("unexpected tensors not used by the model: head.weight");
    const reference = interpret(graph, fileOf('F32', true), { image: one }, { allowUnexpectedWeights: true }).logits;
    expect(Array.from(interpret(graph, weights, { image: one }).logits)).toEqual(Array.from(reference));
    expect(Array.from(interpret(graph, fileOf('F64'), { image: one }).logits)).toEqual(Array.from(reference));
    for (const dtype of ['F16', 'BF16'] as const) {
      const out = interpret(graph, fileOf(dtype), { image: one }).logits;
      const scale = Math.max(1, ...Array.from(reference, Math.abs));
      expect(Math.max(...Array.from(out, (v, i) => Math.abs(v - reference[i]))) / scale, dtype).toBeLessThan(dtype === 'F16' ? 1e-2 : 5e-2);
    }
  });
  it('refuses a malformed graph with the runtime’s own error', () => {
    const broken = structuredClone(graph);
    broken.nodes[1].inputs = ['nowhere'];
    const error = thrown(() => interpret(broken, weights, { image: one }));
    expect(error.code).toBe('graph');
    expect(error.message).toContain("input 'nowhere' is not an earlier node");
  });
  it('refuses a legal graph whose tensors are too big to allocate with its own error, naming the node', () => {
    const x = input([1, 1, 4, 4], { name: 'x' });
    const huge = model({ inputs: { x }, outputs: { y: x.upsample({ scaleFactor: 100_000 }) } }).toIR();
    const error = thrown(() => interpret(huge, {}, { x: new Float32Array(16) }));
    expect(error.code).toBe('graph');
    expect(error.message).toMatch(/^node n1 \(upsample '.*'\): its output of shape \[1, 1, 400000, 400000\] needs 160000000000 values, more than this engine can allocate/);
  });
  it('a bundle whose arena is too big to allocate fails create() with its own error', () => {
    const spec = { model: 'huge', arenaFloats: 2 ** 45, weightFloats: 0, weightsDtype: 'F32' as const, inputs: [], outputs: [] };
    const kernels = { forward: () => {}, prepare: () => ({ w: new Float32Array(0), u: [] }), scratch: () => [] };
    const error = thrown(() => createExecutor(spec, kernels, new Float32Array(0)));
    expect(error.code).toBe('graph');
    expect(error.message).toBe(`model "huge" needs an arena of ${2 ** 47} bytes, more than this engine can allocate`);
  });
  it('propagates NaN as PyTorch does', () => {
    const x = input([1, 4], { name: 'x' });
    const y = add(x.relu(), x.sigmoid());
    const out = interpret(model({ inputs: { x }, outputs: { y } }).toIR(), {}, { x: Float32Array.from([NaN, -1, Infinity, 0]) }).y;
    expect(Number.isNaN(out[0])).toBe(true);
    expect(out[2]).toBe(Infinity);
  });
});

describe('erf', () => {
  it('is accurate to well below float32 precision', () => {
    // Reference values from Abramowitz & Stegun table 7.1 / high-precision evaluation.
    const table: [number, number][] = [[0, 0], [0.1, 0.1124629160182849], [0.5, 0.5204998778130465], [1, 0.8427007929497149],
      [1.5, 0.9661051464753108], [2, 0.9953222650189527], [2.5, 0.9995930479825550], [3, 0.9999779095030014], [4, 0.9999999845827421], [-0.7, -0.6778011938374184]];
    for (const [x, expected] of table) expect(Math.abs(erf(x) - expected)).toBeLessThan(1e-12);
  });
});

describe('tensor helpers', () => {
  it('turns RGB bytes (HWC) into NCHW floats with per-channel mean and std', () => {
    // 2×3 image: pixel (y, x) = [10y + x, 100 + 10y + x, 200 + 10y + x].
    const rgb = new Uint8ClampedArray(2 * 3 * 3);
    for (let y = 0; y < 2; y++) for (let x = 0; x < 3; x++) rgb.set([10 * y + x, 100 + 10 * y + x, 200 + 10 * y + x], (y * 3 + x) * 3);
    const mean = [0.485, 0.456, 0.406] as const;
    const std = [0.229, 0.224, 0.225] as const;
    const out = imageToTensor(rgb, { width: 3, height: 2, channels: 3, mean, std });
    const expected: number[] = [];
    for (let c = 0; c < 3; c++) for (let y = 0; y < 2; y++) for (let x = 0; x < 3; x++) expected.push(Math.fround((((100 * c + 10 * y + x) / 255) - mean[c]) / std[c]));
    expect(Array.from(out)).toEqual(expected);
    const target = new Float32Array(18);
    expect(imageToTensor(rgb, { width: 3, height: 2, channels: 3, scale: 1, out: target })).toBe(target);
    expect(target[6 + 4]).toBe(111);
    expect(() => imageToTensor(rgb, { width: 3, height: 2 })).toThrow('3×2 pixels with 4 channels need 24 bytes, got 18');
    expect(() => imageToTensor(rgb, { width: 3, height: 2, channels: 3, out: new Float32Array(17) })).toThrow('out must hold 18 values, got 17');
    expect(() => imageToTensor(Array.from(rgb) as never, { width: 3, height: 2, channels: 3 })).toThrow('expected Uint8Array or Uint8ClampedArray pixels, got Array');
    expect(() => imageToTensor(rgb, { width: 3, height: 2, channels: 3, std: [1, 0, 1] })).toThrow('std must not contain 0');
  });
  it('turns RGBA bytes into normalized NCHW floats', () => {
    const rgba = Uint8Array.from([255, 0, 51, 255, 0, 255, 102, 0]);
    const out = imageToTensor(rgba, { width: 2, height: 1, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    expect(Array.from(out)).toEqual([1, -1, -1, 1, (51 / 255 - 0.5) / 0.5, (102 / 255 - 0.5) / 0.5].map(Math.fround));
    expect(() => imageToTensor(rgba, { width: 3, height: 1 })).toThrow('3×1 pixels with 4 channels need 12 bytes, got 8');
  });
  it('ranks results', () => {
    expect(argmax([0.1, 3, 3, NaN, -1])).toBe(1);
    expect(argmax([NaN, -Infinity, -5])).toBe(2);
    expect(argmax([])).toBe(-1);
    expect(argmax(Float32Array.from([0, 2, 7, 7]))).toBe(2);
    expect(topK(Float32Array.from([0.5, NaN, 0.5, 0.9]), 10, ['a', 'b', 'c', 'd']).map((r) => r.label)).toEqual(['d', 'a', 'c']);
    expect(topK([1, 2], 0)).toEqual([]);
    expect(() => topK([1, 2], 1, ['only one'])).toThrow('topK: 1 labels for 2 values');
    expect(() => topK([1, 2], -1)).toThrow('topK: k must be a non-negative integer, got -1');
    expect(topK([0.1, 0.7, 0.2], 2, ['cat', 'dog', 'fox'])).toEqual([{ index: 1, value: 0.7, label: 'dog' }, { index: 2, value: 0.2, label: 'fox' }]);
    const p = softmax([1000, 1000]);
    expect(Array.from(p)).toEqual([0.5, 0.5]);
  });
});
