/**
 * padBorderKernel through a convolution: the interpreter's conv2d with paddingMode reflect,
 * replicate or circular (its `padIndex` is the definition) against the border filled by
 * padBorderKernel and read by conv2dKernel or depthwiseKernel as if it were zero padding. Uneven
 * padding ('same' with an even kernel), padding as deep as PyTorch allows (circular: the image's size,
 * reflect: one less), a stored border deeper than the padding (only the padding is filled),
 * batches, NaN and ±∞ in the image (copied into the border like any value), channel slices.
 */
import { describe, expect, it } from 'vitest';
import type { Padding2d } from '@stride/dsl';
import { conv2dKernel, packBias, packConv2dWeights, type Conv2dParams } from '../../src/emit/wasm/kernels/conv2d.js';
import { depthwiseKernel, packDepthwiseWeights } from '../../src/emit/wasm/kernels/depthwise.js';
import { padBorderKernel, type PaddingMode } from '../../src/emit/wasm/kernels/padBorder.js';
import { Memory, instantiate, randomArray, reference, relativeError } from './harness.js';

interface Case {
  mode: PaddingMode;
  batch?: number;
  c: number;
  o: number;
  h: number;
  w: number;
  k: [number, number];
  padding: [number, number] | 'same';
  stride?: [number, number];
  depthwise?: boolean;
  /** Extra stored border beyond the padding, left unfilled. */
  extra?: number;
  specials?: boolean;
  slices?: boolean;
}

const cases: Case[] = [
  { mode: 'reflect', c: 5, o: 6, h: 7, w: 8, k: [3, 3], padding: [1, 1] },
  { mode: 'replicate', c: 4, o: 8, h: 6, w: 5, k: [5, 3], padding: [2, 1], extra: 1 },
  { mode: 'circular', c: 3, o: 5, h: 5, w: 6, k: [3, 5], padding: [1, 2], stride: [2, 1] },
  { mode: 'reflect', c: 6, o: 4, h: 6, w: 6, k: [4, 4], padding: 'same' },
  { mode: 'circular', c: 2, o: 3, h: 3, w: 2, k: [5, 5], padding: [3, 2] },
  { mode: 'reflect', c: 3, o: 3, h: 3, w: 4, k: [5, 5], padding: [2, 3] },
  { mode: 'replicate', batch: 2, c: 9, o: 9, h: 5, w: 7, k: [3, 3], padding: [1, 1], depthwise: true, slices: true },
  { mode: 'reflect', batch: 2, c: 8, o: 8, h: 6, w: 6, k: [3, 3], padding: [1, 1], depthwise: true, specials: true },
  { mode: 'circular', c: 7, o: 5, h: 6, w: 7, k: [3, 3], padding: [1, 1], slices: true, specials: true },
  { mode: 'replicate', c: 1, o: 2, h: 1, w: 1, k: [3, 3], padding: [1, 1] },
];

describe('padBorderKernel + a zero-padding convolution vs the interpreter\'s padding modes', () => {
  it.each(cases.map((c) => [JSON.stringify(c), c] as const))('%s', (_label, c) => {
    const batch = c.batch ?? 1;
    const stride = c.stride ?? [1, 1];
    const data = randomArray(batch * c.c * c.h * c.w, c.c * 5 + c.h);
    if (c.specials) [NaN, Infinity, -Infinity].forEach((v, i) => (data[(i * 13 + 1) % data.length] = v));
    const layer = (x: never) => (x as { conv2d(o: object): never }).conv2d({
      outChannels: c.o, kernelSize: c.k, stride, padding: c.padding, paddingMode: c.mode, groups: c.depthwise ? c.c : 1, name: 'conv',
    });
    const { graph, weights, expected } = reference([batch, c.c, c.h, c.w], layer as never, data);
    const conv = graph.nodes.find((node) => node.op === 'conv2d')!;
    const padding = (conv.attrs as { padding: Padding2d }).padding;
    const [, , oh, ow] = conv.shape as number[];
    const extra = c.extra ?? 0;
    const memory = new Memory({ slices: c.slices });
    const input = memory.nhwc({ batch, height: c.h, width: c.w, channels: c.c },
      { top: padding.top + extra, bottom: padding.bottom + extra, left: padding.left + extra, right: padding.right + extra });
    const output = memory.nhwc({ batch, height: oh, width: ow, channels: c.o });
    memory.write(input, data, 1e9); // unfilled border stays 1e9: a read of it would show
    const pad = padBorderKernel({ name: 'pad', buffer: input, mode: c.mode, depth: padding });
    let kernel;
    if (c.depthwise) {
      const p = { name: 'conv', input, output, kernel: c.k, stride, dilation: [1, 1] as [number, number], padding: { top: padding.top, left: padding.left }, weights: 0 };
      p.weights = memory.put(packDepthwiseWeights(p, weights.get('conv.weight')!));
      kernel = depthwiseKernel({ ...p, bias: memory.put(packBias(weights.get('conv.bias'), c.o)) });
    } else {
      const p: Conv2dParams = { name: 'conv', input, output, kernel: c.k, stride, dilation: [1, 1], padding: { top: padding.top, left: padding.left }, groups: 1, weights: 0 };
      p.weights = memory.put(packConv2dWeights(p, weights.get('conv.weight')!));
      p.bias = memory.put(packBias(weights.get('conv.bias'), c.o));
      kernel = conv2dKernel(p);
    }
    const k = instantiate(memory, pad, kernel);
    k.pad();
    k.conv();
    expect(relativeError(memory.read(output), expected)).toBeLessThan(1e-5);
    memory.expectSlicesUntouched();
  });

  it('refuses padding deeper than the stored border', () => {
    const memory = new Memory();
    const buffer = memory.nhwc({ batch: 1, height: 4, width: 4, channels: 4 }, { top: 1, bottom: 1, left: 1, right: 1 });
    expect(() => padBorderKernel({ name: 'pad', buffer, mode: 'reflect', depth: { top: 2, bottom: 1, left: 1, right: 1 } })).toThrow(/deeper than the stored border/);
  });
});
