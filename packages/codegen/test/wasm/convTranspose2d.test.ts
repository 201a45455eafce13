/**
 * convTranspose2dKernels against the reference interpreter's scatter (1e-5 relative): the U-Net 2×2
 * stride 2 (one tap per phase), 3×3 stride 2 with padding and output padding (two and one taps),
 * 4×4 stride 2 (DCGAN), stride 3, kernels smaller than the stride (bias-only phases), dilation with
 * a stride sharing a factor, groups (separate and dense-with-zeros), batches, residual and
 * activations, NaN and ±∞ inputs, channel slices; and 24 seeded random configurations drawn as the
 * golden fixtures draw them (test/fixtures/generate.py). The gather kernel, for layers with
 * non-finite weights, against the interpreter with ±∞ and NaN among the weights.
 */
import { describe, expect, it } from 'vitest';
import { interpret, mulberry32 } from '@stride/runtime';
import { packBias } from '../../src/emit/wasm/kernels/conv2d.js';
import { convTranspose2dGatherKernel, convTranspose2dKernels, convTranspose2dReach, packConvTranspose2dWeights, type ConvTranspose2dParams } from '../../src/emit/wasm/kernels/convTranspose2d.js';
import type { Activation } from '../../src/emit/wasm/kernels/epilogue.js';
import { Memory, instantiate, randomArray, reference, relativeError } from './harness.js';

interface Case {
  batch?: number;
  c: number;
  o: number;
  h: number;
  w: number;
  k: [number, number];
  stride: [number, number];
  pad?: [number, number];
  outputPadding?: [number, number];
  dilation?: [number, number];
  groups?: number;
  bias?: boolean;
  residual?: boolean;
  activation?: Activation;
  specials?: boolean;
  slices?: boolean;
}

const cases: Case[] = [
  { c: 16, o: 8, h: 5, w: 6, k: [2, 2], stride: [2, 2] },
  { c: 7, o: 5, h: 6, w: 5, k: [3, 3], stride: [2, 2], pad: [1, 1], outputPadding: [1, 1], activation: { op: 'relu' } },
  { c: 8, o: 12, h: 4, w: 4, k: [4, 4], stride: [2, 2], pad: [1, 1], residual: true, activation: { op: 'silu' } },
  { c: 5, o: 6, h: 4, w: 3, k: [3, 5], stride: [3, 2], pad: [2, 1], outputPadding: [2, 0] },
  { c: 4, o: 4, h: 3, w: 4, k: [1, 2], stride: [3, 3], bias: true },
  { c: 6, o: 3, h: 5, w: 5, k: [3, 3], stride: [2, 2], dilation: [2, 2], pad: [1, 2] },
  { c: 6, o: 9, h: 4, w: 5, k: [3, 3], stride: [2, 4], dilation: [2, 2], outputPadding: [1, 1] },
  { c: 8, o: 16, h: 5, w: 4, k: [3, 3], stride: [2, 2], pad: [1, 1], groups: 2, activation: { op: 'tanh' } },
  { c: 6, o: 6, h: 5, w: 4, k: [2, 3], stride: [2, 1], pad: [0, 1], groups: 3, bias: false },
  { batch: 2, c: 10, o: 20, h: 3, w: 5, k: [3, 3], stride: [2, 2], pad: [1, 1], outputPadding: [1, 0], residual: true },
  { c: 4, o: 3, h: 9, w: 7, k: [3, 3], stride: [2, 2], pad: [1, 1], specials: true },
  { batch: 2, c: 5, o: 7, h: 4, w: 4, k: [3, 2], stride: [2, 2], pad: [1, 0], slices: true, residual: true, activation: { op: 'relu6' } },
  { c: 12, o: 8, h: 6, w: 6, k: [2, 2], stride: [2, 2], slices: true },
];

function runCase(c: Case): void {
  const batch = c.batch ?? 1;
  const pad = c.pad ?? [0, 0];
  const outputPadding = c.outputPadding ?? [0, 0];
  const dilation = c.dilation ?? [1, 1];
  const groups = c.groups ?? 1;
  const data = randomArray(batch * c.c * c.h * c.w, c.c * 13 + c.w);
  if (c.specials) [NaN, Infinity, -Infinity].forEach((value, i) => (data[(i * 37 + 5) % data.length] = value));
  const oh = (c.h - 1) * c.stride[0] - 2 * pad[0] + dilation[0] * (c.k[0] - 1) + outputPadding[0] + 1;
  const ow = (c.w - 1) * c.stride[1] - 2 * pad[1] + dilation[1] * (c.k[1] - 1) + outputPadding[1] + 1;
  const residualData = c.residual ? randomArray(batch * c.o * oh * ow, 17) : undefined;
  const layer = (x: never) => (x as { convTranspose2d(o: object): never }).convTranspose2d({
    outChannels: c.o, kernelSize: c.k, stride: c.stride, padding: pad, outputPadding, dilation, groups, bias: c.bias ?? true, name: 'up',
  });
  const after = c.activation ? (y: never) => (y as Record<string, () => never>)[c.activation!.op]() : undefined;
  const { weights, expected } = reference([batch, c.c, c.h, c.w], layer as never, data, { residual: residualData, residualShape: [batch, c.o, oh, ow], after: after as never });

  const memory = new Memory({ slices: c.slices });
  const output = memory.nhwc({ batch, height: oh, width: ow, channels: c.o }, { top: 1, bottom: 0, left: 0, right: 1 });
  const shape = { batch, height: c.h, width: c.w, channels: c.c };
  const params: Omit<ConvTranspose2dParams, 'input' | 'weights'> = {
    name: 'up', output, kernel: c.k, stride: c.stride, padding: pad, dilation, groups, activation: c.activation,
  };
  const reach = convTranspose2dReach({ ...params, input: { offset: 0, ...shape, border: { top: 0, bottom: 0, left: 0, right: 0 } } });
  const input = memory.nhwc(shape, reach);
  memory.write(input, data);
  const residual = residualData ? memory.nhwc({ batch, height: oh, width: ow, channels: c.o }) : undefined;
  if (residual && residualData) memory.write(residual, residualData);
  const full: ConvTranspose2dParams = { ...params, input, residual, weights: 0 };
  full.weights = memory.put(packConvTranspose2dWeights(full, weights.get('up.weight')!));
  if (c.bias ?? true) full.bias = memory.put(packBias(weights.get('up.bias'), c.o));
  memory.fill(output, 4242);
  instantiate(memory, ...convTranspose2dKernels(full)).up();
  expect(relativeError(memory.read(output), expected)).toBeLessThan(1e-5);
  memory.expectSlicesUntouched();
}

describe('convTranspose2dKernels vs the interpreter', () => {
  it.each(cases.map((c) => [JSON.stringify(c), c] as const))('%s', (_label, c) => runCase(c));

  it('refuses an output size no output padding gives', () => {
    const memory = new Memory();
    const input = memory.nhwc({ batch: 1, height: 4, width: 4, channels: 4 }, { top: 1, bottom: 1, left: 1, right: 1 });
    const output = memory.nhwc({ batch: 1, height: 10, width: 9, channels: 4 });
    expect(() => convTranspose2dKernels({ name: 'up', input, output, kernel: [3, 3], stride: [2, 2], padding: [1, 1], dilation: [1, 1], groups: 1, weights: 64 }))
      .toThrow(/not a transposed convolution/);
  });
});

describe('convTranspose2dKernels on random shapes (as the golden fixtures draw them)', () => {
  const random = mulberry32(77);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const pair = (lo: number, hi: number): [number, number] => (random() < 0.5 ? [int(lo, hi), int(lo, hi)] : ((v) => [v, v] as [number, number])(int(lo, hi)));
  const generated: Case[] = [];
  while (generated.length < 24) {
    const c = int(1, 6);
    const groups = [1, 1, c][int(0, 2)];
    const k = pair(1, 4);
    const stride = pair(1, 3);
    const pad = pair(0, 2);
    const outputPadding = pair(0, 1);
    const dilation = pair(1, 2);
    const h = int(1, 13);
    const w = int(1, 13);
    // PyTorch's rules: output padding below stride or dilation; a positive output size.
    if (outputPadding.some((op, a) => op >= Math.max(stride[a], dilation[a]))) continue;
    const oh = (h - 1) * stride[0] - 2 * pad[0] + dilation[0] * (k[0] - 1) + outputPadding[0] + 1;
    const ow = (w - 1) * stride[1] - 2 * pad[1] + dilation[1] * (k[1] - 1) + outputPadding[1] + 1;
    if (oh < 1 || ow < 1) continue;
    generated.push({
      batch: int(1, 2), c, o: groups * int(1, 2) * (groups === 1 ? int(1, 3) : 1), h, w, k, stride, pad, outputPadding, dilation, groups,
      bias: random() < 0.8, residual: random() < 0.3, slices: random() < 0.3,
    });
  }
  it.each(generated.map((c) => [JSON.stringify(c), c] as const))('%s', (_label, c) => runCase(c));
});

describe('convTranspose2dGatherKernel (non-finite weights) vs the interpreter', () => {
  it.each([
    { c: 4, o: 3, h: 5, w: 4, k: [3, 3], stride: [2, 2], pad: [1, 1], outputPadding: [1, 1] },
    { batch: 2, c: 6, o: 4, h: 3, w: 4, k: [2, 3], stride: [2, 1], pad: [0, 1], groups: 2, residual: true, activation: { op: 'relu' } },
    { c: 3, o: 5, h: 4, w: 4, k: [3, 3], stride: [3, 2], dilation: [2, 1], slices: true, bias: false },
  ] as Case[])('%j', (c) => {
    const batch = c.batch ?? 1;
    const pad = c.pad ?? [0, 0];
    const outputPadding = c.outputPadding ?? [0, 0];
    const dilation = c.dilation ?? [1, 1];
    const groups = c.groups ?? 1;
    const data = randomArray(batch * c.c * c.h * c.w, c.o * 3);
    const oh = (c.h - 1) * c.stride[0] - 2 * pad[0] + dilation[0] * (c.k[0] - 1) + outputPadding[0] + 1;
    const ow = (c.w - 1) * c.stride[1] - 2 * pad[1] + dilation[1] * (c.k[1] - 1) + outputPadding[1] + 1;
    const residualData = c.residual ? randomArray(batch * c.o * oh * ow, 4) : undefined;
    const layer = (x: never) => (x as { convTranspose2d(o: object): never }).convTranspose2d({
      outChannels: c.o, kernelSize: c.k, stride: c.stride, padding: pad, outputPadding, dilation, groups, bias: c.bias ?? true, name: 'up',
    });
    const after = c.activation ? (y: never) => (y as Record<string, () => never>)[c.activation!.op]() : undefined;
    const { graph, weights } = reference([batch, c.c, c.h, c.w], layer as never, data, { residual: residualData, residualShape: [batch, c.o, oh, ow], after: after as never });
    const weight = weights.get('up.weight')!;
    weight[1] = Infinity;
    weight[weight.length - 2] = -Infinity;
    weight[Math.floor(weight.length / 2)] = NaN;
    const expected = interpret(graph, weights, residualData ? { x: data, r: residualData } : { x: data }).y;

    const memory = new Memory({ slices: c.slices });
    const input = memory.nhwc({ batch, height: c.h, width: c.w, channels: c.c }, { top: 1, bottom: 1, left: 1, right: 1 });
    const output = memory.nhwc({ batch, height: oh, width: ow, channels: c.o });
    const residual = residualData ? memory.nhwc({ batch, height: oh, width: ow, channels: c.o }) : undefined;
    memory.write(input, data, NaN); // the gather never reads the border
    if (residual && residualData) memory.write(residual, residualData);
    memory.fill(output, NaN);
    const bias = c.bias ?? true ? memory.put(packBias(weights.get('up.bias'), c.o)) : undefined;
    instantiate(memory, convTranspose2dGatherKernel({
      name: 'up', input, output, residual, kernel: c.k, stride: c.stride, padding: pad, dilation, groups, weights: memory.put(weight), bias, activation: c.activation,
    })).up();
    expect(relativeError(memory.read(output), expected)).toBeLessThan(1e-5);
    expect(memory.read(output).some(Number.isNaN)).toBe(expected.some(Number.isNaN));
    for (let lane = c.o; lane < Math.ceil(c.o / 4) * 4; lane++) expect(memory.floats[output.offset / 4 + lane]).toBe(0);
    memory.expectSlicesUntouched();
  });
});
