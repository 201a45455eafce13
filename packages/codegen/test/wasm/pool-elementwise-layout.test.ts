/**
 * The smaller wasm kernels against the reference interpreter (1e-5 relative): max and average
 * pooling (padding, dilation, ceil mode, countIncludePad both ways), global average pooling,
 * element-wise add/mul (same shape and per channel) with activations; and the layout kernels
 * against the harness's plain index mapping (NCHW ↔ bordered NHWC, border filling).
 */
import { describe, expect, it } from 'vitest';
import { stridesOf, startOf, bytesOf, lanes, type Border } from '../../src/emit/wasm/kernels/buffer.js';
import { elementwiseKernel } from '../../src/emit/wasm/kernels/elementwise.js';
import type { Activation } from '../../src/emit/wasm/kernels/epilogue.js';
import { fillBorderKernel, nchwToNhwcKernel, nhwcToNchwKernel } from '../../src/emit/wasm/kernels/layout.js';
import { globalAvgPoolKernel, packAvgPool2dCounts, pool2dKernel, pool2dReach, type Pool2dParams } from '../../src/emit/wasm/kernels/pool2d.js';
import { Memory, expectPartitionsAgree, instantiate, randomArray, reference, relativeError } from './harness.js';

interface PoolCase {
  kind: 'max' | 'avg';
  batch?: number;
  c: number;
  h: number;
  w: number;
  k: [number, number];
  stride: [number, number];
  pad?: [number, number];
  dilation?: [number, number];
  ceil?: boolean;
  countIncludePad?: boolean;
}

const poolCases: PoolCase[] = [
  { kind: 'max', c: 64, h: 16, w: 16, k: [3, 3], stride: [2, 2], pad: [1, 1] },
  { kind: 'max', c: 5, h: 9, w: 11, k: [3, 3], stride: [2, 2], ceil: true },
  { kind: 'max', batch: 2, c: 7, h: 10, w: 9, k: [2, 3], stride: [1, 2], pad: [1, 1], dilation: [2, 1] },
  { kind: 'max', c: 3, h: 2, w: 2, k: [4, 4], stride: [3, 3], ceil: true },
  { kind: 'avg', c: 6, h: 8, w: 8, k: [2, 2], stride: [2, 2] },
  { kind: 'avg', c: 10, h: 9, w: 7, k: [3, 3], stride: [2, 2], pad: [1, 1], countIncludePad: true, ceil: true },
  { kind: 'avg', batch: 2, c: 9, h: 9, w: 7, k: [3, 3], stride: [2, 2], pad: [1, 1], countIncludePad: false, ceil: true },
  { kind: 'avg', c: 4, h: 11, w: 5, k: [3, 2], stride: [1, 1], pad: [1, 1], countIncludePad: false },
];

describe('pool2dKernel vs the interpreter', () => {
  it.each(poolCases.flatMap((c) => [[JSON.stringify(c), c, false], [`channel slices: ${JSON.stringify(c)}`, c, true]] as const))('%s', (_label, c, slices) => {
    const batch = c.batch ?? 1;
    const [ph, pw] = c.pad ?? [0, 0];
    const data = randomArray(batch * c.c * c.h * c.w, c.c + c.h);
    const layer = (x: never) => c.kind === 'max'
      ? (x as { maxPool2d(o: object): never }).maxPool2d({ kernelSize: c.k, stride: c.stride, padding: [ph, pw], dilation: c.dilation ?? 1, ceilMode: c.ceil ?? false })
      : (x as { avgPool2d(o: object): never }).avgPool2d({ kernelSize: c.k, stride: c.stride, padding: [ph, pw], ceilMode: c.ceil ?? false, countIncludePad: c.countIncludePad ?? true });
    const { graph, expected } = reference([batch, c.c, c.h, c.w], layer as never, data);
    const [, , oh, ow] = graph.nodes[graph.nodes.length - 1].shape as number[];
    const memory = new Memory({ slices });
    const output = memory.nhwc({ batch, height: oh, width: ow, channels: c.c });
    const shape = { batch, height: c.h, width: c.w, channels: c.c };
    const params: Omit<Pool2dParams, 'input'> = { name: 'pool', kind: c.kind, output, kernel: c.k, stride: c.stride, dilation: c.dilation, padding: { top: ph, left: pw } };
    const reach = pool2dReach({ ...params, input: { offset: 0, ...shape, border: { top: 0, bottom: 0, left: 0, right: 0 } } });
    const input = memory.nhwc(shape, reach);
    memory.write(input, data, c.kind === 'max' ? -Infinity : 0);
    const full: Pool2dParams = { ...params, input };
    if (c.kind === 'avg') full.counts = memory.put(packAvgPool2dCounts(full, c.countIncludePad ?? true));
    const kernel = pool2dKernel(full);
    const pool = instantiate(memory, kernel).pool;
    pool();
    const whole = memory.read(output);
    expect(relativeError(whole, expected)).toBeLessThan(1e-5);
    memory.expectSlicesUntouched();
    // Ranged over output rows (threads split it so): any partition gives the same bytes.
    expectPartitionsAgree(memory, pool, kernel.range!.units, output, whole, -777);
  });

  // 13 channels: one group of 4 vectors; 32: one full group of 8; 75: two full groups and 3 vectors.
  it.each([13, 32, 75].flatMap((channels) => [false, true].map((slices) => [channels, slices] as const)))('global average pool (adaptiveAvgPool2d to 1×1), batch 2, %i channels, bordered input; channel slices: %s', (channels, slices) => {
    const data = randomArray(2 * channels * 7 * 6, 4);
    const { expected } = reference([2, channels, 7, 6], (x) => x.adaptiveAvgPool2d(1), data);
    const memory = new Memory({ slices });
    const input = memory.nhwc({ batch: 2, height: 7, width: 6, channels }, { top: 1, bottom: 1, left: 1, right: 1 });
    const output = memory.nhwc({ batch: 2, height: 1, width: 1, channels });
    memory.write(input, data, 1e6); // a wrong read of the border would show
    instantiate(memory, globalAvgPoolKernel({ name: 'gap', input, output })).gap();
    expect(relativeError(memory.read(output), expected)).toBeLessThan(1e-5);
    memory.expectSlicesUntouched();
  });
});

interface ElementwiseCase {
  op: 'add' | 'mul' | 'sub' | 'div';
  a: number[];
  b: number[];
  activation?: Activation;
}

/** [N, C, H, W] pairs: same shape, per channel, and NumPy broadcasting along every axis, both ways round. */
const elementwiseCases: ElementwiseCase[] = [
  { op: 'add', a: [1, 16, 5, 6], b: [1, 16, 5, 6], activation: { op: 'relu' } },
  { op: 'add', a: [2, 7, 5, 6], b: [2, 7, 5, 6] },
  { op: 'mul', a: [1, 12, 5, 6], b: [1, 12, 5, 6], activation: { op: 'hardswish' } },
  { op: 'mul', a: [2, 9, 5, 6], b: [2, 9, 1, 1] },
  { op: 'add', a: [1, 24, 5, 6], b: [1, 24, 1, 1], activation: { op: 'relu6' } },
  { op: 'add', a: [2, 4, 9, 7], b: [1, 4, 1, 1] },
  { op: 'mul', a: [1, 4, 1, 7], b: [3, 1, 9, 1] },
  { op: 'add', a: [2, 1, 5, 6], b: [2, 10, 5, 6], activation: { op: 'leakyRelu', slope: 0.2 } },
  { op: 'mul', a: [2, 6, 5, 1], b: [1, 6, 1, 7] },
  { op: 'add', a: [1, 1, 1, 1], b: [2, 3, 4, 5] },
  { op: 'mul', a: [3, 5, 4, 6], b: [3, 1, 4, 6], activation: { op: 'hardsigmoid' } },
  { op: 'add', a: [2, 8, 3, 4], b: [1, 8, 3, 4] },
  { op: 'sub', a: [2, 7, 5, 6], b: [2, 7, 5, 6], activation: { op: 'elu', alpha: 0.5 } },
  { op: 'sub', a: [1, 1, 1, 1], b: [2, 3, 4, 5] },
  { op: 'sub', a: [2, 6, 5, 1], b: [1, 6, 1, 7], activation: { op: 'clamp', min: -0.5, max: null } },
  { op: 'div', a: [2, 9, 5, 6], b: [2, 9, 1, 1], activation: { op: 'clamp', min: -1, max: 1 } },
  { op: 'div', a: [2, 1, 5, 6], b: [2, 10, 5, 6] },
  { op: 'div', a: [1, 4, 1, 7], b: [3, 1, 9, 1], activation: { op: 'clamp', min: null, max: 0.25 } },
];

describe('elementwiseKernel vs the interpreter (broadcasting on the 4-D views)', () => {
  it.each(elementwiseCases.flatMap((c) => [[JSON.stringify(c), c, false], [`channel slices: ${JSON.stringify(c)}`, c, true]] as const))('%s', (_label, c, slices) => {
    const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);
    const outShape = c.a.map((d, i) => Math.max(d, c.b[i]));
    const a = randomArray(size(c.a), 1);
    const b = randomArray(size(c.b), 2);
    const after = c.activation ? (y: never) => {
      const act = c.activation!;
      const argument = act.op === 'leakyRelu' ? act.slope : act.op === 'elu' ? act.alpha : act.op === 'clamp' ? { ...(act.min === null ? {} : { min: act.min }), ...(act.max === null ? {} : { max: act.max }) } : undefined;
      return (y as Record<string, (s?: unknown) => never>)[act.op](argument);
    } : undefined;
    const { expected } = reference(c.a, (x) => x, a, { residual: b, residualShape: c.b, combine: c.op, after: after as never });
    const memory = new Memory({ slices });
    const nhwc = ([batch, channels, height, width]: number[], border: Border) => memory.nhwc({ batch, channels, height, width }, border);
    const bufA = nhwc(c.a, { top: 1, bottom: 0, left: 2, right: 1 });
    const bufB = nhwc(c.b, { top: 0, bottom: 0, left: 0, right: 0 });
    const out = nhwc(outShape, { top: 0, bottom: 1, left: 0, right: 1 });
    memory.write(bufA, a);
    memory.write(bufB, b);
    instantiate(memory, elementwiseKernel({ name: 'ew', op: c.op, a: bufA, b: bufB, output: out, activation: c.activation })).ew();
    expect(relativeError(memory.read(out), expected)).toBeLessThan(1e-5);
    memory.expectSlicesUntouched();
  });

  it('refuses operands that do not broadcast', () => {
    const memory = new Memory();
    const a = memory.nhwc({ batch: 1, height: 4, width: 5, channels: 8 });
    const b = memory.nhwc({ batch: 1, height: 2, width: 5, channels: 8 });
    expect(() => elementwiseKernel({ name: 'ew', op: 'add', a, b, output: a })).toThrow(/height 2 neither matches the output's 4 nor is 1/);
  });
});

describe('layout kernels', () => {
  // 3 channels unsliced take the RGB path (four pixels a vector of each plane, width 7 leaving 3 alone).
  it.each([[false, 6], [true, 6], [false, 3], [true, 3]] as const)('NCHW → bordered NHWC → NCHW round-trips, zeroing padding lanes and leaving the border alone; channel slices: %s, %i channels', (slices, channels) => {
    const shape = { batch: 2, height: 5, width: 7, channels };
    const data = randomArray(2 * channels * 5 * 7, 8);
    // A NaN with a payload: copied bit for bit.
    new Uint32Array(data.buffer)[5] = 0x7fc01234;
    const memory = new Memory({ slices });
    const dense = memory.put(data);
    const back = memory.put(new Float32Array(data.length));
    const nhwc = memory.nhwc(shape, { top: 1, bottom: 2, left: 1, right: 3 });
    memory.fill(nhwc, 42);
    const k = instantiate(memory, nchwToNhwcKernel({ name: 'to', nchw: dense, nhwc }), nhwcToNchwKernel({ name: 'from', nchw: back, nhwc }));
    // In two parts of its image rows, as threads would run it (2 images × 5 rows).
    k.to(0, 3);
    k.to(3, 10);
    const bits = (values: Float32Array) => Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
    expect(bits(memory.read(nhwc))).toEqual(bits(data));
    const { pixel, row } = stridesOf(nhwc);
    const floats = memory.floats;
    // Interior padding lanes are zero (in the last pixel of a row too); a border pixel kept its 42s.
    for (const x of [3, 6]) for (let lane = channels; lane < lanes(channels); lane++) expect(Object.is(floats[(nhwc.offset + 2 * row + x * pixel) / 4 + lane], 0)).toBe(true);
    expect(floats[(nhwc.offset - pixel) / 4]).toBe(42);
    k.from();
    expect(bits(memory.floats.slice(back / 4, back / 4 + data.length))).toEqual(bits(data));
    memory.expectSlicesUntouched();
  });

  it.each([false, true])('fillBorder writes every border float and nothing inside; channel slices: %s', (slices) => {
    const shape = { batch: 2, height: 4, width: 5, channels: 5 };
    const memory = new Memory({ slices });
    const buffer = memory.nhwc(shape, { top: 2, bottom: 1, left: 1, right: 2 });
    memory.fill(buffer, 7);
    instantiate(memory, fillBorderKernel({ name: 'border', buffer, value: -Infinity })).border();
    const { pixel, row, image } = stridesOf(buffer);
    const floats = memory.floats;
    const start = startOf(buffer);
    let border = 0;
    for (let at = start; at < start + bytesOf(buffer); at += 4) {
      if ((at - start) % pixel >= 4 * lanes(5)) continue; // another slice's lanes
      const inImage = (at - start) % image;
      const y = Math.floor(inImage / row) - 2;
      const x = Math.floor((inImage % row) / pixel) - 1;
      const inside = y >= 0 && y < 4 && x >= 0 && x < 5;
      expect(floats[at / 4]).toBe(inside ? 7 : -Infinity);
      if (!inside) border++;
    }
    expect(border).toBe(2 * ((7 * 8) - 4 * 5) * lanes(5));
    memory.expectSlicesUntouched();
  });
});
