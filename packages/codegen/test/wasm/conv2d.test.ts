/**
 * conv2dKernel against the reference interpreter (1e-5 relative): dense and grouped, 1×1 (the GEMM)
 * to 7×7, strides, dilation, uneven padding, odd channel counts (padding lanes), widths that leave a
 * tail tile, channel counts that leave a tail block, batches, bias or none, a residual and each
 * activation, both tap modes and several tiles. The input's stored border is exactly the padding
 * the convolution needs (plus a little on one side, to check the kernel honours strides). `linear`
 * runs on the same kernel: after a flatten (a window covering the image) and on batched features.
 */
import { describe, expect, it } from 'vitest';
import { conv2dKernel, packBias, packConv2dWeights, type Conv2dParams } from '../../src/emit/wasm/kernels/conv2d.js';
import type { Activation } from '../../src/emit/wasm/kernels/epilogue.js';
import { linearKernel, packLinearWeights, type LinearParams } from '../../src/emit/wasm/kernels/linear.js';
import { mulberry32 } from '@stride/runtime';
import { Memory, expectPartitionsAgree, instantiate, randomArray, reference, relativeError } from './harness.js';

interface Case {
  batch?: number;
  c: number;
  o: number;
  h: number;
  w: number;
  k: [number, number];
  stride?: [number, number];
  dilation?: [number, number];
  pad?: [number, number];
  groups?: number;
  bias?: boolean;
  residual?: boolean;
  activation?: Activation;
  tile?: { pixels: number; channels: number };
  taps?: 'each' | 'rows';
  order?: 'pixels' | 'channels';
  epilogue?: 'inline' | 'pass';
}

const cases: Case[] = [
  { c: 64, o: 64, h: 9, w: 11, k: [1, 1] },
  { c: 13, o: 22, h: 5, w: 7, k: [1, 1], tile: { pixels: 2, channels: 16 }, activation: { op: 'relu' } },
  { c: 3, o: 5, h: 1, w: 1, k: [1, 1], bias: false },
  { c: 16, o: 24, h: 10, w: 10, k: [3, 3], pad: [1, 1], residual: true, activation: { op: 'relu' } },
  { c: 7, o: 9, h: 8, w: 13, k: [3, 3], pad: [1, 1], tile: { pixels: 3, channels: 8 }, activation: { op: 'relu6' } },
  { c: 8, o: 12, h: 9, w: 9, k: [3, 3], stride: [2, 2], pad: [1, 1], activation: { op: 'leakyRelu', slope: 0.1 } },
  { c: 3, o: 16, h: 23, w: 21, k: [7, 7], stride: [2, 2], pad: [3, 3], taps: 'rows', activation: { op: 'relu' } },
  { c: 3, o: 16, h: 23, w: 21, k: [7, 7], stride: [2, 2], pad: [3, 3], taps: 'each' },
  { c: 12, o: 20, h: 11, w: 12, k: [3, 3], pad: [2, 2], dilation: [2, 2], activation: { op: 'hardswish' } },
  { c: 5, o: 6, h: 12, w: 10, k: [5, 5], pad: [2, 1], dilation: [1, 2], stride: [1, 2], activation: { op: 'hardsigmoid' } },
  { c: 16, o: 32, h: 8, w: 8, k: [3, 3], pad: [1, 1], groups: 4, residual: true },
  { c: 6, o: 9, h: 6, w: 7, k: [3, 3], pad: [1, 1], groups: 3 },
  { batch: 3, c: 10, o: 20, h: 6, w: 5, k: [3, 3], pad: [0, 1], residual: true, activation: { op: 'relu' }, tile: { pixels: 2, channels: 16 } },
  { batch: 2, c: 9, o: 7, h: 7, w: 6, k: [3, 2], pad: [1, 0], taps: 'rows', bias: false },
  { c: 32, o: 40, h: 6, w: 9, k: [1, 1], stride: [2, 2], tile: { pixels: 4, channels: 8 } },
  { c: 16, o: 32, h: 8, w: 7, k: [3, 3], pad: [1, 1], groups: 2, order: 'channels', residual: true, activation: { op: 'relu' } },
  { batch: 2, c: 11, o: 36, h: 5, w: 7, k: [1, 1], order: 'pixels', residual: true },
  { batch: 2, c: 11, o: 36, h: 5, w: 7, k: [3, 3], pad: [1, 1], order: 'channels', taps: 'rows' },
  // Transcendental epilogues, on each accumulator and as a pass over the stored tile.
  { c: 13, o: 22, h: 5, w: 7, k: [1, 1], activation: { op: 'silu' }, epilogue: 'pass' },
  { c: 13, o: 22, h: 5, w: 7, k: [1, 1], activation: { op: 'silu' } },
  { c: 8, o: 12, h: 7, w: 9, k: [3, 3], pad: [1, 1], residual: true, activation: { op: 'sigmoid' }, epilogue: 'pass' },
  { batch: 2, c: 8, o: 12, h: 7, w: 9, k: [3, 3], pad: [1, 1], residual: true, activation: { op: 'sigmoid' }, epilogue: 'inline', order: 'channels' },
  { c: 6, o: 20, h: 6, w: 6, k: [3, 3], pad: [1, 1], activation: { op: 'tanh' }, tile: { pixels: 3, channels: 12 }, epilogue: 'pass' },
  { c: 6, o: 20, h: 6, w: 6, k: [3, 3], pad: [1, 1], activation: { op: 'gelu' }, epilogue: 'inline' },
  { c: 16, o: 16, h: 5, w: 5, k: [1, 1], activation: { op: 'gelu' }, groups: 4 },
];

function runCase(c: Case, slices = false): void {
  const batch = c.batch ?? 1;
  const [ph, pw] = c.pad ?? [0, 0];
  const stride = c.stride ?? [1, 1];
  const dilation = c.dilation ?? [1, 1];
  const data = randomArray(batch * c.c * c.h * c.w, c.c * 31 + c.h);
  const layer = (x: never) => (x as { conv2d(o: object): never }).conv2d({
    outChannels: c.o, kernelSize: c.k, stride, padding: [ph, pw], dilation, groups: c.groups ?? 1, bias: c.bias ?? true, name: 'conv',
  });
  const oh = Math.floor((c.h + 2 * ph - dilation[0] * (c.k[0] - 1) - 1) / stride[0]) + 1;
  const ow = Math.floor((c.w + 2 * pw - dilation[1] * (c.k[1] - 1) - 1) / stride[1]) + 1;
  const residualData = c.residual ? randomArray(batch * c.o * oh * ow, 99) : undefined;
  const after = c.activation ? (y: never) => {
    const a = c.activation!;
    return (y as Record<string, (s?: number) => never>)[a.op](a.op === 'leakyRelu' ? a.slope : undefined);
  } : undefined;
  const { weights, expected } = reference([batch, c.c, c.h, c.w], layer as never, data, { residual: residualData, residualShape: [batch, c.o, oh, ow], after: after as never });

  const memory = new Memory({ slices });
  // One more stored column on the right than needed, so the row stride is not the tight one.
  // (taps 'rows' reads whole window rows, so its input cannot be a channel slice.)
  const input = memory.nhwc({ batch, height: c.h, width: c.w, channels: c.c }, { top: ph, bottom: ph, left: pw, right: pw + 1 }, { dense: c.taps === 'rows' });
  const output = memory.nhwc({ batch, height: oh, width: ow, channels: c.o }, { top: 1, bottom: 0, left: 0, right: 2 });
  const residual = residualData ? memory.nhwc({ batch, height: oh, width: ow, channels: c.o }) : undefined;
  memory.write(input, data);
  if (residual && residualData) memory.write(residual, residualData);
  const params: Conv2dParams = {
    name: 'conv', input, output, kernel: c.k, stride, dilation, padding: { top: ph, left: pw }, groups: c.groups ?? 1,
    weights: 0, residual, activation: c.activation, tile: c.tile, taps: c.taps, order: c.order, epilogue: c.epilogue,
  };
  params.weights = memory.put(packConv2dWeights(params, weights.get('conv.weight')!));
  if (c.bias ?? true) params.bias = memory.put(packBias(weights.get('conv.bias'), c.o));
  memory.fill(output, 12345);
  const kernel = conv2dKernel(params);
  const { conv } = instantiate(memory, kernel);
  conv();
  const actual = memory.read(output);
  expect(relativeError(actual, expected)).toBeLessThan(1e-5);
  memory.expectSlicesUntouched();
  expectPartitionsAgree(memory, conv, kernel.range!.units, output, actual);
  // The same convolution ranged by output rows (threads' split of a stem): the same bytes, in any partition.
  if ((c.groups ?? 1) === 1 && (c.order ?? 'pixels') === 'pixels') {
    const byRows = conv2dKernel({ ...params, name: 'conv_rows', rows: true });
    expect(byRows.range).toEqual({ units: oh, unit: 'rows' });
    const { conv_rows: rows } = instantiate(memory, byRows);
    expectPartitionsAgree(memory, rows, oh, output, actual);
  }
}

describe('conv2dKernel vs the interpreter', () => {
  it.each(cases.map((c) => [JSON.stringify(c), c] as const))('%s', (_label, c) => runCase(c));
  it.each(cases.map((c) => [JSON.stringify(c), c] as const))('channel slices: %s', (_label, c) => runCase(c, true));

  it("refuses taps 'rows' on a channel slice (its window rows hold other slices' lanes)", () => {
    const memory = new Memory({ slices: true });
    const input = memory.nhwc({ batch: 1, height: 4, width: 4, channels: 8 }, { top: 1, bottom: 1, left: 1, right: 1 });
    const output = memory.nhwc({ batch: 1, height: 4, width: 4, channels: 8 });
    expect(() => conv2dKernel({ name: 'conv', input, output, kernel: [3, 3], stride: [1, 1], dilation: [1, 1], padding: { top: 1, left: 1 }, groups: 1, weights: 64, taps: 'rows' }))
      .toThrow(/channel slice/);
  });

  it('prints the kernel as written: the header comment, one labelled loop per tap', () => {
    const memory = new Memory();
    const input = memory.nhwc({ batch: 1, height: 4, width: 4, channels: 8 }, { top: 1, bottom: 1, left: 1, right: 1 });
    const output = memory.nhwc({ batch: 1, height: 4, width: 4, channels: 8 });
    const fn = conv2dKernel({ name: 'conv', input, output, kernel: [3, 3], stride: [1, 1], dilation: [1, 1], padding: { top: 1, left: 1 }, groups: 1, weights: 64 });
    const text = fn.toText(true);
    expect(text).toContain(';; conv2d 8→8 3×3 stride 1×1 dilation 1×1 groups 1 on 4×4 → 4×4, batch 1; tile 4×8, pixels outermost, 9 k-loops of 8');
    expect(text.match(/;; tap \(\d, \d\)\n\s+loop \$k/g)).toHaveLength(9);
  });
});

describe('linearKernel (conv2d underneath) vs the interpreter', () => {
  it.each([
    { label: 'after flatten of a bordered [2, 5, 3, 3] image', shape: [2, 5, 3, 3], border: 1, out: 7, relu: false, slices: false },
    { label: 'on [4, 13] features, the batch blocked as pixels', shape: [4, 13, 1, 1], border: 0, out: 21, relu: true, slices: false },
    { label: 'on [1, 64] features, 1000 outputs', shape: [1, 64, 1, 1], border: 0, out: 1000, relu: false, slices: false },
    { label: 'channel slices: after flatten of a bordered [2, 5, 3, 3] image', shape: [2, 5, 3, 3], border: 1, out: 7, relu: false, slices: true },
    { label: 'channel slices: on [4, 13] features', shape: [4, 13, 1, 1], border: 0, out: 21, relu: true, slices: true },
  ])('$label', ({ shape, border, out, relu, slices }) => {
    const [batch, channels, height, width] = shape;
    const data = randomArray(batch * channels * height * width, out);
    const layer = (x: never) => {
      const flat = (x as { flatten(): { linear(o: object): never } }).flatten();
      const y = flat.linear({ outFeatures: out, name: 'fc' });
      return relu ? (y as { relu(): never }).relu() : y;
    };
    const { weights, expected } = reference(shape, layer as never, data);
    const memory = new Memory({ slices });
    const input = memory.nhwc({ batch, height, width, channels }, { top: border, bottom: border, left: border, right: border });
    const output = memory.nhwc({ batch, height: 1, width: 1, channels: out });
    memory.write(input, data);
    const params: LinearParams = { name: 'fc', input, output, weights: 0, activation: relu ? { op: 'relu' } : undefined };
    params.weights = memory.put(packLinearWeights(params, weights.get('fc.weight')!));
    params.bias = memory.put(packBias(weights.get('fc.bias'), out));
    instantiate(memory, linearKernel(params)).fc();
    expect(relativeError(memory.read(output), expected)).toBeLessThan(1e-5);
    memory.expectSlicesUntouched();
  });
});

describe('conv2dKernel on random shapes', () => {
  // Seeded, so a failure names a reproducible case: channels 1–20, sizes 1–12, kernels 1–5 (with
  // dilation 1–2 and stride 1–3), padding up to the kernel's reach, any group count dividing both
  // channel counts, random tiles and tap modes.
  const random = mulberry32(2024);
  const pick = (n: number) => Math.floor(random() * n);
  const generated: Case[] = [];
  while (generated.length < 24) {
    const k: [number, number] = [1 + pick(5), 1 + pick(5)];
    const dilation: [number, number] = [1 + pick(2), 1 + pick(2)];
    const stride: [number, number] = [1 + pick(3), 1 + pick(3)];
    const pad: [number, number] = [pick(k[0]), pick(k[1])];
    const h = 1 + pick(12);
    const w = 1 + pick(12);
    if (h + 2 * pad[0] < dilation[0] * (k[0] - 1) + 1 || w + 2 * pad[1] < dilation[1] * (k[1] - 1) + 1) continue;
    const groups = [1, 1, 2, 3, 4][pick(5)];
    const c = groups * (1 + pick(Math.floor(20 / groups)));
    const o = groups * (1 + pick(Math.floor(20 / groups)));
    const taps = groups === 1 && dilation[1] === 1 && pick(2) === 0 ? 'rows' : 'each';
    generated.push({
      batch: 1 + pick(2), c, o, h, w, k, stride, dilation, pad, groups, taps, bias: pick(3) > 0, residual: pick(3) === 0,
      tile: { pixels: 1 + pick(4), channels: 4 * (1 + pick(4)) }, order: pick(2) ? 'pixels' : 'channels',
      activation: pick(2) ? { op: 'relu' } : undefined,
    });
  }
  it.each(generated.map((c, i) => [JSON.stringify(c), c, i] as const))('%s', (_label, c, i) => runCase(c, i % 2 === 1));
});
