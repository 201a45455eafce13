/**
 * depthwiseKernel against the reference interpreter (a conv2d with groups = channels), 1e-5
 * relative: 3×3 stride 1 and 2, 5×5, dilation, uneven padding, odd channel counts, widths leaving a
 * tail tile, batches, bias or none, residual, activations, both loop orders.
 */
import { describe, expect, it } from 'vitest';
import { depthwiseKernel, packDepthwiseWeights, type DepthwiseParams } from '../../src/emit/wasm/kernels/depthwise.js';
import { packBias } from '../../src/emit/wasm/kernels/conv2d.js';
import type { Activation } from '../../src/emit/wasm/kernels/epilogue.js';
import { Memory, expectPartitionsAgree, instantiate, randomArray, reference, relativeError } from './harness.js';

interface Case {
  batch?: number;
  c: number;
  h: number;
  w: number;
  k: [number, number];
  stride?: [number, number];
  dilation?: [number, number];
  pad?: [number, number];
  bias?: boolean;
  residual?: boolean;
  activation?: Activation;
  pixels?: number;
  order?: 'channels' | 'pixels';
  epilogue?: 'inline' | 'pass';
}

const cases: Case[] = [
  { c: 32, h: 12, w: 12, k: [3, 3], pad: [1, 1], activation: { op: 'relu6' } },
  { c: 13, h: 9, w: 11, k: [3, 3], pad: [1, 1], order: 'pixels', pixels: 3 },
  { c: 24, h: 13, w: 13, k: [3, 3], stride: [2, 2], pad: [1, 1], activation: { op: 'relu6' } },
  { c: 6, h: 10, w: 9, k: [3, 3], stride: [2, 2], pad: [1, 1], order: 'pixels', pixels: 4, bias: false },
  { c: 20, h: 11, w: 14, k: [5, 5], pad: [2, 2], residual: true, activation: { op: 'hardswish' } },
  { c: 9, h: 12, w: 12, k: [3, 3], dilation: [2, 2], pad: [2, 2], pixels: 5 },
  { batch: 2, c: 7, h: 6, w: 7, k: [3, 5], pad: [0, 2], stride: [1, 2], residual: true, activation: { op: 'relu' } },
  { batch: 3, c: 4, h: 5, w: 5, k: [3, 3], pad: [1, 1], order: 'pixels', pixels: 2, residual: true },
  { c: 13, h: 9, w: 10, k: [3, 3], pad: [1, 1], activation: { op: 'silu' }, epilogue: 'pass' },
  { c: 13, h: 9, w: 10, k: [3, 3], stride: [2, 2], pad: [1, 1], residual: true, activation: { op: 'sigmoid' }, epilogue: 'inline' },
  { c: 8, h: 6, w: 7, k: [5, 5], pad: [2, 2], activation: { op: 'gelu' }, order: 'pixels', epilogue: 'pass' },
  { c: 8, h: 6, w: 7, k: [3, 3], pad: [1, 1], activation: { op: 'tanh' }, pixels: 3 },
];

describe('depthwiseKernel vs the interpreter', () => {
  it.each(cases.flatMap((c) => [[JSON.stringify(c), c, false], [`channel slices: ${JSON.stringify(c)}`, c, true]] as const))('%s', (_label, c, slices) => {
    const batch = c.batch ?? 1;
    const [ph, pw] = c.pad ?? [0, 0];
    const stride = c.stride ?? [1, 1];
    const dilation = c.dilation ?? [1, 1];
    const data = randomArray(batch * c.c * c.h * c.w, c.c * 17 + c.w);
    const oh = Math.floor((c.h + 2 * ph - dilation[0] * (c.k[0] - 1) - 1) / stride[0]) + 1;
    const ow = Math.floor((c.w + 2 * pw - dilation[1] * (c.k[1] - 1) - 1) / stride[1]) + 1;
    const residualData = c.residual ? randomArray(batch * c.c * oh * ow, 5) : undefined;
    const layer = (x: never) => (x as { conv2d(o: object): never }).conv2d({
      outChannels: c.c, kernelSize: c.k, stride, padding: [ph, pw], dilation, groups: c.c, bias: c.bias ?? true, name: 'dw',
    });
    const after = c.activation ? (y: never) => (y as Record<string, () => never>)[c.activation!.op]() : undefined;
    const { weights, expected } = reference([batch, c.c, c.h, c.w], layer as never, data, { residual: residualData, residualShape: [batch, c.c, oh, ow], after: after as never });

    const memory = new Memory({ slices });
    const input = memory.nhwc({ batch, height: c.h, width: c.w, channels: c.c }, { top: ph, bottom: ph + 1, left: pw, right: pw });
    const output = memory.nhwc({ batch, height: oh, width: ow, channels: c.c }, { top: 0, bottom: 1, left: 1, right: 0 });
    const residual = residualData ? memory.nhwc({ batch, height: oh, width: ow, channels: c.c }, { top: 1, bottom: 1, left: 1, right: 1 }) : undefined;
    memory.write(input, data);
    if (residual && residualData) memory.write(residual, residualData);
    const params: DepthwiseParams = {
      name: 'dw', input, output, kernel: c.k, stride, dilation, padding: { top: ph, left: pw }, weights: 0, residual,
      activation: c.activation, pixels: c.pixels, order: c.order, epilogue: c.epilogue,
    };
    params.weights = memory.put(packDepthwiseWeights(params, weights.get('dw.weight')!));
    if (c.bias ?? true) params.bias = memory.put(packBias(weights.get('dw.bias'), c.c));
    memory.fill(output, -777);
    const kernel = depthwiseKernel(params);
    const { dw } = instantiate(memory, kernel);
    dw();
    const whole = memory.read(output);
    expect(relativeError(whole, expected)).toBeLessThan(1e-5);
    memory.expectSlicesUntouched();
    expectPartitionsAgree(memory, dw, kernel.range!.units, output, whole, -777);
  });
});
