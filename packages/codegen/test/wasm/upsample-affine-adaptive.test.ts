/**
 * Three small kernels against the reference interpreter (1e-5 relative), dense and on channel
 * slices: nearest upsampling by integer factors per axis, the per-channel affine map of an unfolded
 * batchNorm2d (with activations, NaN and ±∞ inputs), adaptive average pooling to sizes that divide
 * the input and sizes that do not (PyTorch's overlapping bins).
 */
import { describe, expect, it } from 'vitest';
import { affineKernel, packBatchNorm2d } from '../../src/emit/wasm/kernels/affine.js';
import type { Activation } from '../../src/emit/wasm/kernels/epilogue.js';
import { adaptiveAvgPool2dKernel } from '../../src/emit/wasm/kernels/pool2d.js';
import { packResampleTable, resampleKernel, upsampleKernel } from '../../src/emit/wasm/kernels/upsample.js';
import { stridesOf } from '../../src/emit/wasm/kernels/buffer.js';
import { upsampleTaps } from '@stride/runtime';
import { Memory, instantiate, randomArray, reference, relativeError } from './harness.js';

type Loose = Record<string, (...args: unknown[]) => never>;
const both = <T,>(cases: T[]) => cases.flatMap((c) => [[JSON.stringify(c), c, false], [`channel slices: ${JSON.stringify(c)}`, c, true]] as const);

describe('upsampleKernel vs the interpreter', () => {
  it.each(both([
    { shape: [1, 8, 4, 5], scale: [2, 2] as [number, number] },
    { shape: [2, 5, 3, 4], scale: [2, 3] as [number, number] },
    { shape: [1, 3, 2, 3], scale: [3, 1] as [number, number] },
    { shape: [1, 12, 3, 3], scale: [1, 4] as [number, number] },
  ]))('%s', (_label, c, slices) => {
    const [batch, channels, height, width] = c.shape;
    const data = randomArray(batch * channels * height * width, channels);
    const { expected } = reference(c.shape, (x) => (x as unknown as Loose).upsample({ scaleFactor: c.scale }), data);
    const memory = new Memory({ slices });
    const input = memory.nhwc({ batch, channels, height, width }, { top: 1, bottom: 1, left: 1, right: 1 });
    const output = memory.nhwc({ batch, channels, height: height * c.scale[0], width: width * c.scale[1] }, { top: 0, bottom: 1, left: 2, right: 0 });
    memory.write(input, data, 1e9);
    instantiate(memory, upsampleKernel({ name: 'up', input, output, scale: c.scale })).up();
    expect(relativeError(memory.read(output), expected)).toBeLessThan(1e-5);
    memory.expectSlicesUntouched();
  });
});

describe('resampleKernel (tables) vs the interpreter', () => {
  it.each(both<{ shape: number[]; options: Record<string, unknown>; specials?: boolean }>([
    { shape: [1, 8, 4, 5], options: { scaleFactor: 2, mode: 'bilinear' } },
    { shape: [2, 5, 3, 4], options: { scaleFactor: [1.5, 2.5], mode: 'bilinear', alignCorners: true } },
    { shape: [1, 3, 7, 9], options: { scaleFactor: [0.5, 0.3], mode: 'bilinear' } },
    { shape: [1, 6, 5, 6], options: { size: [9, 4], mode: 'bilinear' } },
    { shape: [1, 6, 5, 6], options: { size: [1, 1], mode: 'bilinear', alignCorners: true } },
    { shape: [1, 9, 5, 7], options: { scaleFactor: [1.5, 0.75] } },
    { shape: [2, 4, 6, 6], options: { size: [4, 9] } },
    { shape: [1, 5, 4, 4], options: { scaleFactor: 1.5, mode: 'bilinear' }, specials: true },
  ]))('%s', (_label, c, slices) => {
    const [batch, channels, height, width] = c.shape;
    const data = randomArray(batch * channels * height * width, channels + 7);
    if (c.specials) [data[3], data[17], data[40]] = [NaN, Infinity, -Infinity];
    const { expected, graph } = reference(c.shape, (x) => (x as unknown as Loose).upsample(c.options), data);
    const outShape = graph.nodes[1].shape as number[];
    const memory = new Memory({ slices });
    const input = memory.nhwc({ batch, channels, height, width }, { top: 1, bottom: 0, left: 0, right: 2 });
    const output = memory.nhwc({ batch, channels, height: outShape[2], width: outShape[3] }, { top: 0, bottom: 1, left: 2, right: 0 });
    memory.write(input, data, 1e9);
    const mode = (c.options.mode ?? 'nearest') as 'nearest' | 'bilinear';
    const factor = (axis: 0 | 1) => (c.options.scaleFactor === undefined ? null : ([c.options.scaleFactor].flat() as number[])[[c.options.scaleFactor].flat().length === 1 ? 0 : axis]);
    const taps = (axis: 0 | 1) => upsampleTaps(mode, c.options.alignCorners === true, c.shape[2 + axis], outShape[2 + axis], factor(axis));
    const place = (bytes: Uint8Array) => {
      const at = memory.alloc(bytes.length);
      new Uint8Array(memory.memory.buffer).set(bytes, at);
      return at;
    };
    const rows = place(packResampleTable(taps(0), stridesOf(input).row));
    const columns = place(packResampleTable(taps(1), stridesOf(input).pixel));
    instantiate(memory, resampleKernel({ name: 'up', mode, input, output, rows, columns })).up();
    expect(relativeError(memory.read(output), expected)).toBeLessThan(1e-5);
    memory.expectSlicesUntouched();
  });
});

describe('affineKernel (unfolded batchNorm2d) vs the interpreter', () => {
  it.each(both<{ shape: number[]; activation?: Activation; specials?: boolean; inPlace?: boolean }>([
    { shape: [1, 16, 5, 6] },
    { shape: [2, 7, 4, 3], activation: { op: 'relu' } },
    { shape: [1, 9, 3, 5], activation: { op: 'silu' }, specials: true },
    { shape: [2, 4, 3, 3], inPlace: true },
  ]))('%s', (_label, c, slices) => {
    const [batch, channels, height, width] = c.shape;
    const data = randomArray(batch * channels * height * width, channels + 1, 4);
    if (c.specials) [NaN, Infinity, -Infinity].forEach((v, i) => (data[i * 11 + 2] = v));
    const after = c.activation ? (y: never) => (y as Loose)[c.activation!.op]() : undefined;
    const { graph, weights, expected } = reference(c.shape, (x) => (x as unknown as Loose).batchNorm2d({ name: 'bn' }), data, { after: after as never });
    const eps = (graph.nodes.find((node) => node.op === 'batchNorm2d')!.attrs as { eps: number }).eps;
    const memory = new Memory({ slices });
    const input = memory.nhwc({ batch, channels, height, width }, { top: 1, bottom: 0, left: 0, right: 1 });
    const output = c.inPlace ? input : memory.nhwc({ batch, channels, height, width });
    memory.write(input, data);
    const params = memory.put(packBatchNorm2d({
      weight: weights.get('bn.weight')!, bias: weights.get('bn.bias')!, running_mean: weights.get('bn.running_mean')!, running_var: weights.get('bn.running_var')!,
    }, eps, channels));
    instantiate(memory, affineKernel({ name: 'bn', input, output, params, activation: c.activation })).bn();
    expect(relativeError(memory.read(output), expected)).toBeLessThan(1e-5);
    memory.expectSlicesUntouched();
  });
});

describe('adaptiveAvgPool2dKernel vs the interpreter', () => {
  it.each(both<{ shape: number[]; size: [number, number]; activation?: Activation; specials?: boolean }>([
    { shape: [1, 8, 14, 14], size: [7, 7] },
    { shape: [2, 5, 9, 7], size: [4, 5], specials: true },
    { shape: [1, 6, 5, 5], size: [3, 2], activation: { op: 'relu' } },
    { shape: [1, 4, 3, 4], size: [5, 6] },
    { shape: [2, 13, 7, 6], size: [1, 1] },
  ]))('%s', (_label, c, slices) => {
    const [batch, channels, height, width] = c.shape;
    const data = randomArray(batch * channels * height * width, height * 3 + width);
    if (c.specials) [NaN, Infinity, -Infinity].forEach((v, i) => (data[i * 29 + 3] = v));
    const after = c.activation ? (y: never) => (y as Loose)[c.activation!.op]() : undefined;
    const { expected } = reference(c.shape, (x) => (x as unknown as Loose).adaptiveAvgPool2d(c.size), data, { after: after as never });
    const memory = new Memory({ slices });
    const input = memory.nhwc({ batch, channels, height, width }, { top: 1, bottom: 1, left: 1, right: 1 });
    const output = memory.nhwc({ batch, channels, height: c.size[0], width: c.size[1] }, { top: 0, bottom: 0, left: 1, right: 0 });
    memory.write(input, data, 1e6); // a read of the border would show
    instantiate(memory, adaptiveAvgPool2dKernel({ name: 'pool', input, output, activation: c.activation })).pool();
    expect(relativeError(memory.read(output), expected)).toBeLessThan(1e-5);
    memory.expectSlicesUntouched();
  });
});
