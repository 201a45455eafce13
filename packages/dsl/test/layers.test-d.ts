/**
 * The exact output shape of every layer and option at the type level: type tests, run by Vitest's
 * typecheck mode with TypeScript 7's tsc (and under the TypeScript 6 API by both-compilers.test.ts).
 * layers.test.ts holds the same calls' shapes from the runtime twins.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { add, concat, div, input, mul, sub, type Dim } from '../src/index.js';

const x = input([2, 4, 9, 7]);

describe('every layer’s shape, types and twins alike', () => {
  it('conv2d and convTranspose2d', () => {
    const a = x.conv2d({ outChannels: 8, kernelSize: 3 });
    expectTypeOf(a.shape).toEqualTypeOf<[2, 8, 7, 5]>();
    const b = x.conv2d({ outChannels: 8, kernelSize: [3, 2], stride: [2, 1], padding: [1, 0], dilation: [1, 2], groups: 2, bias: false, paddingMode: 'circular' });
    expectTypeOf(b.shape).toEqualTypeOf<[2, 8, 5, 5]>();
    const c = x.conv2d({ outChannels: 4, kernelSize: 4, padding: 'same', paddingMode: 'reflect' });
    expectTypeOf(c.shape).toEqualTypeOf<[2, 4, 9, 7]>();
    const d = x.conv2d({ outChannels: 4, kernelSize: 5, padding: 'valid', groups: 4 });
    expectTypeOf(d.shape).toEqualTypeOf<[2, 4, 5, 3]>();
    const e = x.convTranspose2d({ outChannels: 6, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1 });
    expectTypeOf(e.shape).toEqualTypeOf<[2, 6, 18, 14]>();
    const f = x.convTranspose2d({ outChannels: 2, kernelSize: [2, 3], stride: [3, 2], dilation: 2, groups: 2 });
    expectTypeOf(f.shape).toEqualTypeOf<[2, 2, 27, 17]>();
    // The largest padding each mode allows on the 9×7 input, as PyTorch: circular wraps around once,
    // reflect stays one pixel short of the input, replicate pads any amount.
    const g = x.conv2d({ outChannels: 2, kernelSize: 3, padding: [9, 7], paddingMode: 'circular' });
    expectTypeOf(g.shape).toEqualTypeOf<[2, 2, 25, 19]>();
    const h = x.conv2d({ outChannels: 2, kernelSize: 3, padding: [8, 6], paddingMode: 'reflect' });
    expectTypeOf(h.shape).toEqualTypeOf<[2, 2, 23, 17]>();
    const i = x.conv2d({ outChannels: 2, kernelSize: 3, padding: 20, paddingMode: 'replicate' });
    expectTypeOf(i.shape).toEqualTypeOf<[2, 2, 47, 45]>();
  });
  it('pooling, with ceil mode, padding, dilation', () => {
    const a = x.maxPool2d({ kernelSize: 2 });
    expectTypeOf(a.shape).toEqualTypeOf<[2, 4, 4, 3]>();
    const b = x.maxPool2d({ kernelSize: 2, ceilMode: true });
    expectTypeOf(b.shape).toEqualTypeOf<[2, 4, 5, 4]>();
    const c = x.maxPool2d({ kernelSize: 3, stride: 2, padding: 1, dilation: [1, 2] });
    expectTypeOf(c.shape).toEqualTypeOf<[2, 4, 5, 3]>();
    const d = x.avgPool2d({ kernelSize: [3, 2], stride: 3, padding: [1, 1], ceilMode: true, countIncludePad: false });
    expectTypeOf(d.shape).toEqualTypeOf<[2, 4, 4, 3]>();
    const e = x.adaptiveAvgPool2d([3, 5]);
    expectTypeOf(e.shape).toEqualTypeOf<[2, 4, 3, 5]>();
    const f = x.adaptiveAvgPool2d(1);
    expectTypeOf(f.shape).toEqualTypeOf<[2, 4, 1, 1]>();
    // Ceil mode lets a window overhang the input by up to stride − 1, as PyTorch does (9 + 3 ≥ 11).
    const g = x.maxPool2d({ kernelSize: [11, 3], stride: [4, 3], ceilMode: true });
    expectTypeOf(g.shape).toEqualTypeOf<[2, 4, 1, 3]>();
  });
  it('normalization, linear, flatten, reshape, upsample and the shape-preserving layers', () => {
    expectTypeOf(x.batchNorm2d({ eps: 1e-3 }).shape).toEqualTypeOf<[2, 4, 9, 7]>();
    expectTypeOf(x.linear({ outFeatures: 3 }).shape).toEqualTypeOf<[2, 4, 9, 3]>();
    expectTypeOf(x.flatten().shape).toEqualTypeOf<[2, 252]>();
    expectTypeOf(x.flatten(0).shape).toEqualTypeOf<[504]>();
    expectTypeOf(x.flatten(1, 2).shape).toEqualTypeOf<[2, 36, 7]>();
    expectTypeOf(x.flatten(-2).shape).toEqualTypeOf<[2, 4, 63]>();
    expectTypeOf(x.reshape([2, -1, 7]).shape).toEqualTypeOf<[2, 36, 7]>();
    expectTypeOf(x.reshape([504]).shape).toEqualTypeOf<[504]>();
    expectTypeOf(x.upsample({ scaleFactor: [2, 3] }).shape).toEqualTypeOf<[2, 4, 18, 21]>();
    expectTypeOf(x.upsample({ scaleFactor: 2, mode: 'nearest' }).shape).toEqualTypeOf<[2, 4, 18, 14]>();
    expectTypeOf(x.upsample({ scaleFactor: 2, mode: 'bilinear', alignCorners: true }).shape).toEqualTypeOf<[2, 4, 18, 14]>();
    expectTypeOf(x.upsample({ size: [5, 11], mode: 'bilinear' }).shape).toEqualTypeOf<[2, 4, 5, 11]>();
    expectTypeOf(x.upsample({ size: 3 }).shape).toEqualTypeOf<[2, 4, 3, 3]>();
    // Fractional factors: ⌊9 · 1.5⌋ = 13, ⌊7 · 0.5⌋ = 3, ⌊9 · 2.5⌋ = 22, ⌊7 · 0.3⌋ = 2 (2.1 is no integer: exact).
    expectTypeOf(x.upsample({ scaleFactor: [1.5, 0.5], mode: 'bilinear' }).shape).toEqualTypeOf<[2, 4, 13, 3]>();
    expectTypeOf(x.upsample({ scaleFactor: 2.5 }).shape).toEqualTypeOf<[2, 4, 22, 17]>();
    expectTypeOf(x.upsample({ scaleFactor: [1, 0.3], mode: 'bilinear' }).shape).toEqualTypeOf<[2, 4, 9, 2]>();
    // ⌊10 · 0.3⌋: only float64 arithmetic decides (see ScaledSize), so the size is checked when built.
    expectTypeOf(input([1, 2, 10, 10]).upsample({ scaleFactor: 0.3 }).shape).toEqualTypeOf<[1, 2, number, number]>();
    expectTypeOf(x.groupNorm(2).shape).toEqualTypeOf<[2, 4, 9, 7]>();
    expectTypeOf(x.groupNorm(4, { eps: 1e-6, affine: false }).shape).toEqualTypeOf<[2, 4, 9, 7]>();
    expectTypeOf(x.instanceNorm2d().shape).toEqualTypeOf<[2, 4, 9, 7]>();
    expectTypeOf(x.instanceNorm2d({ affine: true }).shape).toEqualTypeOf<[2, 4, 9, 7]>();
    expectTypeOf(x.layerNorm(7).shape).toEqualTypeOf<[2, 4, 9, 7]>();
    expectTypeOf(x.layerNorm([4, 9, 7], { elementwiseAffine: false }).shape).toEqualTypeOf<[2, 4, 9, 7]>();
    expectTypeOf(input([3, 10, 16]).layerNorm(16).shape).toEqualTypeOf<[3, 10, 16]>();
    expectTypeOf(x.adaptiveMaxPool2d([3, 5]).shape).toEqualTypeOf<[2, 4, 3, 5]>();
    expectTypeOf(x.adaptiveMaxPool2d(1).shape).toEqualTypeOf<[2, 4, 1, 1]>();
    expectTypeOf(x.mean([2, 3]).shape).toEqualTypeOf<[2, 4]>();
    expectTypeOf(x.mean([2, 3], true).shape).toEqualTypeOf<[2, 4, 1, 1]>();
    expectTypeOf(x.mean(-1).shape).toEqualTypeOf<[2, 4, 9]>();
    expectTypeOf(x.mean([0, -2]).shape).toEqualTypeOf<[4, 7]>();
    expectTypeOf(x.mean([3, 0, 1, 2], true).shape).toEqualTypeOf<[1, 1, 1, 1]>();
    expectTypeOf(input([3, 'n', 5]).mean(1).shape).toEqualTypeOf<[3, 5]>();
    for (const t of [x.dropout(0.2), x.softmax(), x.softmax(1), x.relu(), x.relu6(), x.leakyRelu(0.2), x.sigmoid(), x.tanh(), x.gelu(), x.silu(), x.hardswish(), x.hardsigmoid(),
      x.elu(), x.elu(-0.5), x.logSoftmax(), x.logSoftmax(1), x.clamp({ min: 0 }), x.clamp({ max: 1.5 }), x.clamp({ min: -1, max: 1 }), x.hardtanh(), x.hardtanh({ minVal: -2.5, maxVal: 2 })]) {
      expectTypeOf(t.shape).toEqualTypeOf<[2, 4, 9, 7]>();
    }
  });
  it('broadcasting and concatenation', () => {
    expectTypeOf(add(x, input([4, 1, 1])).shape).toEqualTypeOf<[2, 4, 9, 7]>();
    expectTypeOf(mul(input([9, 1]), x).shape).toEqualTypeOf<[2, 4, 9, 7]>();
    expectTypeOf(add(input([1, 4, 1, 7]), input([3, 1, 5, 1])).shape).toEqualTypeOf<[3, 4, 5, 7]>();
    expectTypeOf(sub(x, input([4, 1, 1])).shape).toEqualTypeOf<[2, 4, 9, 7]>();
    expectTypeOf(div(input([9, 1]), x).shape).toEqualTypeOf<[2, 4, 9, 7]>();
    expectTypeOf(div(input([1, 4, 1, 7]), input([3, 1, 5, 1])).shape).toEqualTypeOf<[3, 4, 5, 7]>();
    expectTypeOf(concat([x, input([2, 3, 9, 7])]).shape).toEqualTypeOf<[2, 7, 9, 7]>();
    expectTypeOf(concat([x, x, x], -1).shape).toEqualTypeOf<[2, 4, 9, 21]>();
  });
  it('symbolic and number dimensions', () => {
    const s = input(['batch', 16, 16, 16]);
    expectTypeOf(s.conv2d({ outChannels: 4, kernelSize: 3, padding: 1 }).flatten().shape).toEqualTypeOf<['batch', 1024]>();
    expectTypeOf(s.maxPool2d({ kernelSize: 2 }).shape).toEqualTypeOf<['batch', 16, 8, 8]>();
    expectTypeOf(add(s, input([16, 1, 1])).shape).toEqualTypeOf<['batch', 16, 16, 16]>();
    expectTypeOf(s.reshape(['batch', 16, 256]).shape).toEqualTypeOf<['batch', 16, 256]>();
    const height = Number('28');
    const n = input([1, 3, height, 28]).conv2d({ outChannels: 2, kernelSize: 5 });
    expectTypeOf(n.shape).toEqualTypeOf<[1, 2, number, 24]>();
  });
  it('options that do not change the shape are accepted with every value', () => {
    for (const paddingMode of ['zeros', 'reflect', 'replicate', 'circular'] as const) {
      const t = x.conv2d({ outChannels: 2, kernelSize: 3, padding: 1, paddingMode, bias: false, name: `conv_${paddingMode}` });
      expectTypeOf(t.shape).toEqualTypeOf<[2, 2, 9, 7]>();
    }
    const a = x.convTranspose2d({ outChannels: 3, kernelSize: [3, 2], stride: [2, 1], padding: [1, 0], outputPadding: [1, 0], bias: false, name: 'up' });
    expectTypeOf(a.shape).toEqualTypeOf<[2, 3, 18, 8]>();
    const b = x.flatten().linear({ outFeatures: 5, bias: false, name: 'fc' });
    expectTypeOf(b.shape).toEqualTypeOf<[2, 5]>();
    const c = x.maxPool2d({ kernelSize: [2, 3], stride: [1, 2], ceilMode: false });
    expectTypeOf(c.shape).toEqualTypeOf<[2, 4, 8, 3]>();
    const d = x.batchNorm2d().batchNorm2d({ name: 'bn' }).softmax(-1).softmax(-4);
    expectTypeOf(d.shape).toEqualTypeOf<[2, 4, 9, 7]>();
  });
  it('`number` dimensions and option values degrade to `number`, never to a false error or a wrong literal', () => {
    const n = Number('3');
    const one = Number('1');
    const h = Number('32');
    const d = input([1, 8, h, h]);
    expectTypeOf(d.conv2d({ outChannels: 16, kernelSize: 3, groups: 4 }).shape).toEqualTypeOf<[1, 16, number, number]>();
    expectTypeOf(x.conv2d({ outChannels: n, kernelSize: n, stride: n, padding: n, dilation: n, groups: one }).shape).toEqualTypeOf<[2, number, number, number]>();
    expectTypeOf(x.conv2d({ outChannels: 4, kernelSize: 3, padding: 'same', stride: one }).shape).toEqualTypeOf<[2, 4, number, number]>();
    expectTypeOf(x.conv2d({ outChannels: 4, kernelSize: [n, 3], padding: 'same' }).shape).toEqualTypeOf<[2, 4, number, 7]>();
    expectTypeOf(x.convTranspose2d({ outChannels: 4, kernelSize: n, stride: 2, outputPadding: one }).shape).toEqualTypeOf<[2, 4, number, number]>();
    expectTypeOf(x.maxPool2d({ kernelSize: 2, ceilMode: h > 10 }).shape).toEqualTypeOf<[2, 4, number, number]>();
    expectTypeOf(x.avgPool2d({ kernelSize: [n, 2], padding: [0, 1] }).shape).toEqualTypeOf<[2, 4, number, 4]>();
    expectTypeOf(x.adaptiveAvgPool2d([n, 2]).shape).toEqualTypeOf<[2, 4, number, 2]>();
    expectTypeOf(x.upsample({ scaleFactor: [2, n] }).shape).toEqualTypeOf<[2, 4, 18, number]>();
    expectTypeOf(x.linear({ outFeatures: n }).shape).toEqualTypeOf<[2, 4, 9, number]>();
    expectTypeOf(d.flatten().shape).toEqualTypeOf<[1, number]>();
    expectTypeOf(x.flatten(n).shape).toEqualTypeOf<Dim[]>();
    expectTypeOf(x.flatten(1, n).shape).toEqualTypeOf<Dim[]>();
    expectTypeOf(x.softmax(n).shape).toEqualTypeOf<[2, 4, 9, 7]>();
    expectTypeOf(x.logSoftmax(n).shape).toEqualTypeOf<[2, 4, 9, 7]>();
    // A dim or keepDim known at run time only: the rank is not known here.
    expectTypeOf(x.mean(n).shape).toEqualTypeOf<Dim[]>();
    expectTypeOf(x.mean([1], n > 1).shape).toEqualTypeOf<Dim[]>();
    expectTypeOf(x.clamp({ min: n }).shape).toEqualTypeOf<[2, 4, 9, 7]>();
    expectTypeOf(d.reshape([1, -1]).shape).toEqualTypeOf<[1, number]>();
    expectTypeOf(x.reshape([2, n, -1]).shape).toEqualTypeOf<[2, number, number]>();
    expectTypeOf(add(d, input([1, 8, 32, 32])).shape).toEqualTypeOf<[1, 8, 32, 32]>();
    expectTypeOf(add(input(['batch', 8]), input([one, 8])).shape).toEqualTypeOf<['batch', 8]>();
    expectTypeOf(concat([d, input([1, 3, 32, 32])]).shape).toEqualTypeOf<[1, 11, 32, 32]>();
    expectTypeOf(concat([x, x], n).shape).toEqualTypeOf<[number, number, number, number]>();
    expectTypeOf(concat([input(['batch', 8]), input(['batch', 8])], one).shape).toEqualTypeOf<['batch', number]>();
    // The run-time twins compute the real shapes (every call above ran, with values that fit).
  });
  it('computes dimensions up to 10^7 exactly', () => {
    const wide = input([1, 1, 3, 10_000_000]);
    expectTypeOf(wide.conv2d({ outChannels: 1, kernelSize: 3, stride: [1, 3] }).shape).toEqualTypeOf<[1, 1, 1, 3333333]>();
    expectTypeOf(wide.maxPool2d({ kernelSize: [1, 7], stride: [1, 3], ceilMode: true }).shape).toEqualTypeOf<[1, 1, 3, 3333332]>();
    expectTypeOf(wide.convTranspose2d({ outChannels: 1, kernelSize: [1, 4], stride: [1, 2], padding: [0, 1] }).shape).toEqualTypeOf<[1, 1, 3, 20000000]>();
    expectTypeOf(wide.upsample({ scaleFactor: [1, 3] }).flatten().shape).toEqualTypeOf<[1, 90000000]>();
  });
  it('flattens element counts past 10^7 exactly', () => {
    const big = input([1, 512, 300, 300]);
    expectTypeOf(big.flatten().shape).toEqualTypeOf<[1, 46080000]>();
    expectTypeOf(input([8, 2048, 300, 300]).flatten(0).shape).toEqualTypeOf<[1474560000]>();
  });
});
