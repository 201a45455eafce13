/**
 * The output shape of every layer and option from the runtime twins: the values layers.test-d.ts
 * asserts at the type level for the same calls.
 */
import { describe, expect, it } from 'vitest';
import { add, concat, div, input, mul, sub, type Dim } from '../src/index.js';

const x = input([2, 4, 9, 7]);

describe('every layer’s shape, types and twins alike', () => {
  it('conv2d and convTranspose2d', () => {
    const a = x.conv2d({ outChannels: 8, kernelSize: 3 });
    const b = x.conv2d({ outChannels: 8, kernelSize: [3, 2], stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2, bias: false, paddingMode: 'circular' });
    const c = x.conv2d({ outChannels: 4, kernelSize: 4, padding: 'same', paddingMode: 'reflect' });
    const d = x.conv2d({ outChannels: 4, kernelSize: 5, padding: 'valid', groups: 4 });
    const e = x.convTranspose2d({ outChannels: 6, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1 });
    const f = x.convTranspose2d({ outChannels: 2, kernelSize: [2, 3], stride: [3, 2], dilation: 2, groups: 2 });
    expect([a.shape, b.shape, c.shape, d.shape, e.shape, f.shape]).toEqual([[2, 8, 7, 5], [2, 8, 5, 5], [2, 4, 9, 7], [2, 4, 5, 3], [2, 6, 18, 14], [2, 2, 27, 17]]);
    // The largest padding each mode allows on the 9×7 input, as PyTorch: circular wraps around once,
    // reflect stays one pixel short of the input, replicate pads any amount.
    const g = x.conv2d({ outChannels: 2, kernelSize: 3, padding: [9, 7], paddingMode: 'circular' });
    const h = x.conv2d({ outChannels: 2, kernelSize: 3, padding: [8, 6], paddingMode: 'reflect' });
    const i = x.conv2d({ outChannels: 2, kernelSize: 3, padding: 20, paddingMode: 'replicate' });
    expect([g.shape, h.shape, i.shape]).toEqual([[2, 2, 25, 19], [2, 2, 23, 17], [2, 2, 47, 45]]);
  });
  it('pooling, with ceil mode, padding, dilation', () => {
    const a = x.maxPool2d({ kernelSize: 2 });
    const b = x.maxPool2d({ kernelSize: 2, ceilMode: true });
    const c = x.maxPool2d({ kernelSize: 3, stride: 2, padding: 1, dilation: [1, 2] });
    const d = x.avgPool2d({ kernelSize: [3, 2], stride: 3, padding: [1, 1], ceilMode: true, countIncludePad: false });
    const e = x.adaptiveAvgPool2d([3, 5]);
    const f = x.adaptiveAvgPool2d(1);
    expect([a.shape, b.shape, c.shape, d.shape, e.shape, f.shape]).toEqual([[2, 4, 4, 3], [2, 4, 5, 4], [2, 4, 5, 3], [2, 4, 4, 3], [2, 4, 3, 5], [2, 4, 1, 1]]);
    // Ceil mode lets a window overhang the input by up to stride − 1, as PyTorch does (9 + 3 ≥ 11).
    const g = x.maxPool2d({ kernelSize: [11, 3], stride: [4, 3], ceilMode: true });
    expect(g.shape).toEqual([2, 4, 1, 3]);
  });
  it('normalization, linear, flatten, reshape, upsample and the shape-preserving layers', () => {
    for (const t of [x.dropout(0.2), x.softmax(), x.softmax(1), x.relu(), x.relu6(), x.leakyRelu(0.2), x.sigmoid(), x.tanh(), x.gelu(), x.silu(), x.hardswish(), x.hardsigmoid()]) {
      expect(t.shape).toEqual([2, 4, 9, 7]);
    }
    expect(x.flatten(-2).shape).toEqual([2, 4, 63]);
    expect(x.reshape([2, -1, 7]).shape).toEqual([2, 36, 7]);
  });
  it('upsample: size, or ⌊in × factor⌋ in float64 as PyTorch computes it, and the factor kept for the source index', () => {
    const up = (options: object, shape = [1, 2, 10, 10]) => {
      const t = (input(shape) as unknown as { upsample(o: object): { shape: number[]; node: { attrs: unknown } } }).upsample(options);
      return { shape: t.shape, attrs: t.node.attrs };
    };
    expect(up({ scaleFactor: 0.3 }).shape).toEqual([1, 2, 3, 3]);
    expect(up({ scaleFactor: 0.29 }, [1, 1, 100, 100]).shape).toEqual([1, 1, 28, 28]); // 0.29 · 100 = 28.999999999999996 in float64, in PyTorch too
    expect(up({ scaleFactor: [1.5, 2], mode: 'bilinear' }).attrs).toEqual({ mode: 'bilinear', alignCorners: false, size: [15, 20], scaleFactor: [1.5, 2] });
    expect(up({ size: [4, 6], mode: 'bilinear', alignCorners: true }).attrs).toEqual({ mode: 'bilinear', alignCorners: true, size: [4, 6], scaleFactor: null });
    expect(up({ scaleFactor: 2 }).attrs).toEqual({ mode: 'nearest', alignCorners: false, size: [20, 20], scaleFactor: [2, 2] });
  });
  it('broadcasting and concatenation', () => {
    expect(add(input([1, 4, 1, 7]), input([3, 1, 5, 1])).shape).toEqual([3, 4, 5, 7]);
    expect(sub(x, input([4, 1, 1])).shape).toEqual([2, 4, 9, 7]);
    expect(div(input([9, 1]), x).shape).toEqual([2, 4, 9, 7]);
  });
  it('mean, logSoftmax, elu, clamp and hardtanh: their shapes and the attributes they record', () => {
    expect(x.mean([2, 3]).shape).toEqual([2, 4]);
    expect(x.mean([-1, 2], true).node.attrs).toEqual({ dims: [2, 3], keepDim: true });
    expect(x.mean([3, 0, 1, 2], true).shape).toEqual([1, 1, 1, 1]);
    expect(input([3, 'n', 5]).mean(1).shape).toEqual([3, 5]);
    for (const t of [x.elu(), x.elu(-0.5), x.logSoftmax(), x.logSoftmax(1), x.clamp({ min: 0 }), x.hardtanh()]) expect(t.shape).toEqual([2, 4, 9, 7]);
    expect(x.logSoftmax(-3).node.attrs).toEqual({ dim: 1 });
    expect(x.elu().node.attrs).toEqual({ alpha: 1 });
    // one IR op for clamp-like layers: hardtanh is clamp with PyTorch's bounds
    expect([x.clamp({ max: 2 }).node.op, x.clamp({ max: 2 }).node.attrs]).toEqual(['clamp', { min: null, max: 2 }]);
    expect([x.hardtanh().node.op, x.hardtanh().node.attrs]).toEqual(['clamp', { min: -1, max: 1 }]);
    expect(x.hardtanh({ minVal: 0, maxVal: 6 }).node.attrs).toEqual({ min: 0, max: 6 });
    // decimal bounds are ordered at run time only (the type level compares integers), with PyTorch's rule: max above min
    expect(() => x.hardtanh({ minVal: 0.5, maxVal: 0.25 })).toThrow('hardtanh: maxVal must be greater than minVal, got minVal 0.5 and maxVal 0.25');
    expect(() => x.clamp({ min: Number.NaN })).toThrow('clamp: min must be a finite number, got NaN');
    expect(() => x.elu(Infinity)).toThrow('elu: alpha must be a finite number, got Infinity');
    expect(() => (x as unknown as { mean(dims: unknown, keepDim: unknown): unknown }).mean([1], 'yes')).toThrow("mean: keepDim must be true or false, got 'yes'");
  });
  it('symbolic and number dimensions', () => {
    const s = input(['batch', 16, 16, 16]);
    const height = Number('28');
    const n = input([1, 3, height, 28]).conv2d({ outChannels: 2, kernelSize: 5 });
    expect(n.shape).toEqual([1, 2, 24, 24]);
    expect(s.flatten().shape).toEqual(['batch', 4096]);
  });
  it('options that do not change the shape are accepted with every value', () => {
    for (const paddingMode of ['zeros', 'reflect', 'replicate', 'circular'] as const) {
      const t = x.conv2d({ outChannels: 2, kernelSize: 3, padding: 1, paddingMode, bias: false, name: `conv_${paddingMode}` });
    }
    const a = x.convTranspose2d({ outChannels: 3, kernelSize: [3, 2], stride: [2, 1], padding: [1, 0], outputPadding: [1, 0], bias: false, name: 'up' });
    const b = x.flatten().linear({ outFeatures: 5, bias: false, name: 'fc' });
    const c = x.maxPool2d({ kernelSize: [2, 3], stride: [1, 2], ceilMode: false });
    const d = x.batchNorm2d().batchNorm2d({ name: 'bn' }).softmax(-1).softmax(-4);
    expect([a.shape, b.shape, c.shape, d.shape]).toEqual([[2, 3, 18, 8], [2, 5], [2, 4, 8, 3], [2, 4, 9, 7]]);
  });
  it('`number` dimensions and option values degrade to `number`, never to a false error or a wrong literal', () => {
    const n = Number('3');
    const one = Number('1');
    const h = Number('32');
    const d = input([1, 8, h, h]);
    // The run-time twins compute the real shapes (every call above ran, with values that fit).
    expect(d.reshape([1, -1]).shape).toEqual([1, 8192]);
    expect(x.flatten(n).shape).toEqual([2, 4, 9, 7]);
    expect(concat([x, x], n).shape).toEqual([2, 4, 9, 14]);
    expect(x.maxPool2d({ kernelSize: 2, ceilMode: h > 10 }).shape).toEqual([2, 4, 5, 4]);
  });
  it('computes dimensions up to 10^7 exactly', () => {
    const wide = input([1, 1, 3, 10_000_000]);
    expect(wide.maxPool2d({ kernelSize: [1, 7], stride: [1, 3], ceilMode: true }).shape).toEqual([1, 1, 3, 3333332]);
  });
});
