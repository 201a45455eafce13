/**
 * The exact output shape of every layer and option, at the type level (checked by tsc in `pnpm test`)
 * and at run time (the same values from the runtime twins).
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { add, concat, input, mul } from '../src';

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
    expect([a.shape, b.shape, c.shape, d.shape, e.shape, f.shape]).toEqual([[2, 8, 7, 5], [2, 8, 5, 5], [2, 4, 9, 7], [2, 4, 5, 3], [2, 6, 18, 14], [2, 2, 27, 17]]);
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
    expect([a.shape, b.shape, c.shape, d.shape, e.shape, f.shape]).toEqual([[2, 4, 4, 3], [2, 4, 5, 4], [2, 4, 5, 3], [2, 4, 4, 3], [2, 4, 3, 5], [2, 4, 1, 1]]);
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
    for (const t of [x.dropout(0.2), x.softmax(), x.softmax(1), x.relu(), x.relu6(), x.leakyRelu(0.2), x.sigmoid(), x.tanh(), x.gelu(), x.silu(), x.hardswish(), x.hardsigmoid()]) {
      expectTypeOf(t.shape).toEqualTypeOf<[2, 4, 9, 7]>();
      expect(t.shape).toEqual([2, 4, 9, 7]);
    }
    expect(x.flatten(-2).shape).toEqual([2, 4, 63]);
    expect(x.reshape([2, -1, 7]).shape).toEqual([2, 36, 7]);
  });
  it('broadcasting and concatenation', () => {
    expectTypeOf(add(x, input([4, 1, 1])).shape).toEqualTypeOf<[2, 4, 9, 7]>();
    expectTypeOf(mul(input([9, 1]), x).shape).toEqualTypeOf<[2, 4, 9, 7]>();
    expectTypeOf(add(input([1, 4, 1, 7]), input([3, 1, 5, 1])).shape).toEqualTypeOf<[3, 4, 5, 7]>();
    expectTypeOf(concat([x, input([2, 3, 9, 7])]).shape).toEqualTypeOf<[2, 7, 9, 7]>();
    expectTypeOf(concat([x, x, x], -1).shape).toEqualTypeOf<[2, 4, 9, 21]>();
    expect(add(input([1, 4, 1, 7]), input([3, 1, 5, 1])).shape).toEqual([3, 4, 5, 7]);
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
    expect(n.shape).toEqual([1, 2, 24, 24]);
    expect(s.flatten().shape).toEqual(['batch', 4096]);
  });
  it('flattens element counts past 10^7 exactly', () => {
    const big = input([1, 512, 300, 300]);
    expectTypeOf(big.flatten().shape).toEqualTypeOf<[1, 46080000]>();
    expectTypeOf(input([8, 2048, 300, 300]).flatten(0).shape).toEqualTypeOf<[1474560000]>();
  });
});
