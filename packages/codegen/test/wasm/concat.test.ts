/**
 * concat in NHWC, against the reference interpreter:
 * - as placement: two convolutions write their channel slices (`channelSlice`) of one concat buffer
 *   directly, and a max pooling reads the whole — the concat itself costs nothing;
 * - with copyKernel where placement cannot serve: channel offsets that are not a multiple of 4
 *   (whole vectors, unaligned, then single floats, never touching a neighbour's channels), concat
 *   along N, H and W, and a same-shape copy (a graph output owning its values), whose rows go by
 *   memory.copy. The destination's padding lanes end up zero.
 * And channelSlice's rules: a slice starts on a vector and only the last may end mid-vector.
 */
import { describe, expect, it } from 'vitest';
import { concat, input, model } from '@stride/dsl';
import { interpret, seededWeights } from '@stride/runtime';
import { channelSlice, lanes, stridesOf, type NhwcBuffer } from '../../src/emit/wasm/kernels/buffer.js';
import { conv2dKernel, packBias, packConv2dWeights, type Conv2dParams } from '../../src/emit/wasm/kernels/conv2d.js';
import { copyKernel } from '../../src/emit/wasm/kernels/copy.js';
import { pool2dKernel } from '../../src/emit/wasm/kernels/pool2d.js';
import { Memory, instantiate, randomArray, relativeError } from './harness.js';

type Loose = Record<string, (...args: unknown[]) => Loose>;

describe('channelSlice', () => {
  it('places a slice on a vector boundary, with the enclosing pixel as its pixel', () => {
    const memory = new Memory();
    const whole = memory.nhwc({ batch: 1, height: 3, width: 4, channels: 13 }, { top: 1, bottom: 1, left: 1, right: 1 });
    const slice = channelSlice(whole, 8, 5);
    expect(slice.offset).toBe(whole.offset + 32);
    expect(stridesOf(slice)).toEqual(stridesOf(whole));
    expect(() => channelSlice(whole, 6, 4)).toThrow(/multiple of 4/);
    expect(() => channelSlice(whole, 0, 6)).toThrow(/padding lanes into channel 6/);
    expect(() => channelSlice(whole, 8, 6)).toThrow(/not inside/);
    expect(() => stridesOf({ ...whole, pixelLanes: 8 })).toThrow(/cannot hold 13 channels/);
  });
});

describe('concat as placement', () => {
  it('two convolutions write their slices of one buffer; a max pooling reads the concat', () => {
    const x = input([2, 6, 7, 8], { name: 'x' }) as unknown as Loose;
    const a = x.conv2d({ outChannels: 8, kernelSize: 3, padding: 1, name: 'a' }).relu();
    const b = x.conv2d({ outChannels: 5, kernelSize: 1, name: 'b' });
    const joined = concat([a, b] as never) as unknown as Loose;
    const pooled = joined.maxPool2d({ kernelSize: 2, stride: 2 });
    const graph = model({ name: 'placement', inputs: { x: x as never }, outputs: { joined: joined as never, pooled: pooled as never } }).toIR();
    const weights = seededWeights(graph, 5);
    const data = randomArray(2 * 6 * 7 * 8, 9);
    const expected = interpret(graph, weights, { x: data });

    const memory = new Memory();
    const image = memory.nhwc({ batch: 2, height: 7, width: 8, channels: 6 }, { top: 1, bottom: 1, left: 1, right: 1 });
    const whole = memory.nhwc({ batch: 2, height: 7, width: 8, channels: 13 });
    const out = memory.nhwc({ batch: 2, height: 3, width: 4, channels: 13 });
    memory.write(image, data);
    memory.fill(whole, NaN); // every lane must be written by a producer
    const conv = (name: string, slice: NhwcBuffer, k: number, relu: boolean): Conv2dParams => {
      const p: Conv2dParams = {
        name, input: image, output: slice, kernel: [k, k], stride: [1, 1], dilation: [1, 1], padding: { top: (k - 1) / 2, left: (k - 1) / 2 }, groups: 1, weights: 0,
        activation: relu ? { op: 'relu' } : undefined,
      };
      p.weights = memory.put(packConv2dWeights(p, weights.get(`${name}.weight`)!));
      p.bias = memory.put(packBias(weights.get(`${name}.bias`), slice.channels));
      return p;
    };
    const k = instantiate(memory,
      conv2dKernel(conv('a', channelSlice(whole, 0, 8), 3, true)),
      conv2dKernel(conv('b', channelSlice(whole, 8, 5), 1, false)),
      pool2dKernel({ name: 'pool', kind: 'max', input: whole, output: out, kernel: [2, 2], stride: [2, 2], padding: { top: 0, left: 0 } }));
    k.a();
    k.b();
    k.pool();
    expect(relativeError(memory.read(whole), expected.joined)).toBeLessThan(1e-5);
    expect(relativeError(memory.read(out), expected.pooled)).toBeLessThan(1e-5);
    // The last slice's producer wrote the padding lanes (13 → 16), finite.
    const { pixel } = stridesOf(whole);
    for (let lane = 13; lane < 16; lane++) expect(memory.floats[(whole.offset + 5 * pixel) / 4 + lane]).toBe(0);
  });
});

interface CopyCase {
  shapes: number[][];
  dim: number;
  slices?: boolean;
}

const copyCases: CopyCase[] = [
  { shapes: [[1, 6, 4, 5], [1, 5, 4, 5]], dim: 1 },
  { shapes: [[2, 3, 3, 4], [2, 2, 3, 4], [2, 7, 3, 4]], dim: 1, slices: true },
  { shapes: [[1, 4, 9, 7], [1, 2, 9, 7]], dim: 1 },
  { shapes: [[1, 8, 3, 5], [1, 8, 2, 5]], dim: 2 },
  { shapes: [[2, 5, 3, 4], [2, 5, 3, 2], [2, 5, 3, 1]], dim: 3, slices: true },
  { shapes: [[1, 6, 2, 3], [2, 6, 2, 3]], dim: 0 },
  { shapes: [[2, 9, 4, 4]], dim: 1 },
];

describe('copyKernel (concat where placement cannot serve) vs the interpreter', () => {
  it.each(copyCases.map((c) => [JSON.stringify(c), c] as const))('%s', (_label, c) => {
    const inputs = c.shapes.map((shape, i) => input(shape as never, { name: `x${i}` }));
    const joined = c.shapes.length > 1 ? concat(inputs as never, c.dim as never) : inputs[0];
    const graph = model({ name: 'concat', inputs: Object.fromEntries(inputs.map((t, i) => [`x${i}`, t])) as never, outputs: { y: joined as never } }).toIR();
    const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
    const data = c.shapes.map((shape, i) => randomArray(size(shape), 3 + i));
    const expected = interpret(graph, new Map(), Object.fromEntries(data.map((d, i) => [`x${i}`, d]))).y;
    const outShape = c.shapes[0].map((d, axis) => (axis === c.dim ? c.shapes.reduce((sum, s) => sum + s[axis], 0) : d));

    const memory = new Memory({ slices: c.slices });
    const nhwc = ([batch, channels, height, width]: number[], border = 0) => memory.nhwc({ batch, channels, height, width }, { top: border, bottom: border, left: border, right: border });
    const sources = c.shapes.map((shape) => nhwc(shape, 1));
    sources.forEach((buffer, i) => memory.write(buffer, data[i]));
    const destination = nhwc(outShape, c.dim === 2 ? 0 : 1);
    memory.fill(destination, NaN); // every lane must be written, padding lanes included
    let offset = 0;
    const kernels = sources.map((source, i) => {
      const at = { batch: 0, channel: 0, y: 0, x: 0 };
      at[(['batch', 'channel', 'y', 'x'] as const)[c.dim]] = offset;
      offset += c.shapes[i][c.dim];
      return copyKernel({ name: `copy${i}`, source, destination, at });
    });
    const k = instantiate(memory, ...kernels);
    kernels.forEach((kernel) => k[kernel.name]());
    expect(relativeError(memory.read(destination), expected)).toBeLessThan(1e-5);
    memory.expectSlicesUntouched();
    const { pixel, row } = stridesOf(destination);
    for (let lane = outShape[1]; lane < lanes(outShape[1]); lane++) expect(memory.floats[(destination.offset + row + pixel) / 4 + lane]).toBe(0);
  });

  it('copies rows with memory.copy when both sides are dense with the same channels', () => {
    const memory = new Memory();
    const source = memory.nhwc({ batch: 1, height: 2, width: 3, channels: 8 });
    const destination = memory.nhwc({ batch: 1, height: 4, width: 3, channels: 8 }, { top: 1, bottom: 1, left: 1, right: 1 });
    expect(copyKernel({ name: 'copy', source, destination, at: { y: 2 } }).toText(true)).toContain('memory.copy');
  });
});
