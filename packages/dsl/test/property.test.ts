/**
 * Property test of the sliding-window shape rules (conv2d, maxPool2d, avgPool2d, convTranspose2d):
 * - 700 configurations recorded from PyTorch itself (fixtures/pytorch-shapes.json, written by
 *   fixtures/pytorch-shapes.py: each layer built as an nn module and run) — the runtime twin gives
 *   PyTorch's shape, and refuses exactly what PyTorch refuses;
 * - 800 more seeded here — the runtime twin equals PyTorch's documented formulas, computed
 *   independently below;
 * - 300 conv2d configurations with padding modes on small inputs, recorded from PyTorch
 *   (fixtures/pytorch-padding-modes.json, written by fixtures/pytorch-padding-modes.py) — the twin
 *   refuses exactly the reflect and circular paddings PyTorch refuses, and gives its shapes otherwise;
 * - for all 1,800, the type level (a generated file type-checked under TypeScript 7's tsc and the
 *   TypeScript 6 API) gives the same exact shape, and a compile error on exactly the lines the twin
 *   refuses, with identical verdicts under both compilers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { input, ShapeError, type Dim } from '../src/index.js';
import { checkWithTs6, checkWithTscAsync, removeScratch, scratch, type Diagnostic } from './harness/index.js';


type Op = 'conv2d' | 'maxPool2d' | 'avgPool2d' | 'convTranspose2d' | 'upsample' | 'groupNorm' | 'instanceNorm2d' | 'layerNorm' | 'adaptiveMaxPool2d'
  | 'mean' | 'logSoftmax' | 'pad' | 'slice' | 'permute' | 'pixelShuffle';
/** A layer call: its options object, or (`args`) its arguments as written (`groupNorm(3)`, `layerNorm([5, 7])`). */
interface Config { op: Op; inputShape: number[]; options: Record<string, unknown>; args?: unknown[] }
const argumentsOf = (config: Config): unknown[] => config.args ?? [config.options];

/** Seeded uniform numbers (mulberry32; the DSL does not depend on the runtime, which exports the same). */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20261125);
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(values: readonly T[]) => values[Math.floor(random() * values.length)];
const pairOrNumber = (lo: number, hi: number) => (random() < 0.5 ? int(lo, hi) : [int(lo, hi), int(lo, hi)]);
const pair = (v: unknown, fallback: number): [number, number] => (v === undefined ? [fallback, fallback] : Array.isArray(v) ? [v[0], v[1]] : [v as number, v as number]);

function randomConfig(): Config {
  const op = pick(['conv2d', 'maxPool2d', 'avgPool2d', 'convTranspose2d'] as const);
  const inputShape = [int(1, 2), int(1, 8), int(1, 40), int(1, 40)];
  if (op === 'conv2d') {
    const groups = pick([1, 1, 2, inputShape[1]]);
    return { op, inputShape, options: { outChannels: groups * int(1, 3), kernelSize: pairOrNumber(1, 7), stride: pairOrNumber(1, 4), padding: random() < 0.15 ? pick(['same', 'valid']) : pairOrNumber(0, 3), dilation: pairOrNumber(1, 3), groups } };
  }
  if (op === 'convTranspose2d') {
    return { op, inputShape, options: { outChannels: int(1, 6), kernelSize: pairOrNumber(1, 5), stride: pairOrNumber(1, 3), padding: pairOrNumber(0, 2), outputPadding: pairOrNumber(0, 2), dilation: pairOrNumber(1, 2) } };
  }
  const options: Record<string, unknown> = { kernelSize: pairOrNumber(1, 6), stride: pairOrNumber(1, 4), padding: pairOrNumber(0, 3), ceilMode: random() < 0.5 };
  if (op === 'maxPool2d') options.dilation = pairOrNumber(1, 2);
  return { op, inputShape, options };
}

/** PyTorch's documented output-size formulas, written independently of the DSL's twins. */
function pytorchFormula({ op, inputShape, options }: Config): number[] | 'error' {
  const [n, c, h, w] = inputShape;
  const k = pair(options.kernelSize, 1);
  const d = pair(options.dilation, 1);
  if (op === 'convTranspose2d') {
    const s = pair(options.stride, 1); const p = pair(options.padding, 0); const op2 = pair(options.outputPadding, 0);
    if ((op2[0] >= s[0] && op2[0] >= d[0]) || (op2[1] >= s[1] && op2[1] >= d[1])) return 'error';
    const out = [0, 1].map((a) => ([h, w][a] - 1) * s[a] - 2 * p[a] + d[a] * (k[a] - 1) + op2[a] + 1);
    return out.some((o) => o < 1) ? 'error' : [n, options.outChannels as number, out[0], out[1]];
  }
  if (op === 'conv2d') {
    const s = pair(options.stride, 1); const g = options.groups as number;
    if (c % g !== 0) return 'error';
    if (options.padding === 'same' && (s[0] !== 1 || s[1] !== 1)) return 'error';
    const p = options.padding === 'same' ? [0, 1].map((a) => d[a] * (k[a] - 1)) : options.padding === 'valid' ? [0, 0] : pair(options.padding, 0).map((v) => 2 * v);
    const out = [0, 1].map((a) => Math.floor(([h, w][a] + p[a] - d[a] * (k[a] - 1) - 1) / s[a]) + 1);
    return out.some((o) => o < 1) ? 'error' : [n, options.outChannels as number, out[0], out[1]];
  }
  const s = options.stride === undefined ? k : pair(options.stride, 1); const p = pair(options.padding, 0);
  if (p[0] > k[0] / 2 || p[1] > k[1] / 2) return 'error';
  const out = [0, 1].map((a) => {
    // H_out = ⌊(H + 2p − d·(k − 1) − 1) / s + 1⌋, with ⌈⌉ in ceil mode; too small an output is an error.
    const size = [h, w][a] + 2 * p[a] - d[a] * (k[a] - 1) - 1;
    let o = options.ceilMode ? Math.ceil(size / s[a] + 1) : Math.floor(size / s[a] + 1);
    if (options.ceilMode && o >= 1 && (o - 1) * s[a] >= [h, w][a] + p[a]) o -= 1;
    return o;
  });
  return out.some((o) => o < 1) ? 'error' : [n, c, out[0], out[1]];
}

function twin(config: Config): Dim[] | 'error' {
  try {
    const x = input(config.inputShape) as unknown as Record<Op, (...args: unknown[]) => { shape: Dim[] }>;
    return x[config.op](...argumentsOf(config)).shape;
  } catch (error) {
    if (error instanceof ShapeError) return 'error';
    throw error;
  }
}

/** A configuration PyTorch ran: its output shape, or 'error' and the first line of what it raised. */
interface Recorded extends Config { torch: number[] | 'error'; message?: string }
type RecordedCase = Omit<Recorded, 'inputShape'> & { input: number[] };
const recorded: Recorded[] = (JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'pytorch-shapes.json'), 'utf8')) as { cases: RecordedCase[] })
  .cases.map(({ input: inputShape, ...rest }) => ({ ...rest, inputShape }));
const seeded = Array.from({ length: 800 }, randomConfig);
const paddingModes: Recorded[] = (JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'pytorch-padding-modes.json'), 'utf8')) as { cases: RecordedCase[] })
  .cases.map(({ input: inputShape, ...rest }) => ({ ...rest, inputShape }));
const resampling: Recorded[] = (JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'pytorch-resample-norm-shapes.json'), 'utf8')) as { cases: RecordedCase[] })
  .cases.map(({ input: inputShape, options, ...rest }) => ({ ...rest, options: options ?? {}, inputShape }));
/**
 * mean and logSoftmax (pytorch-math-shapes.json). Where PyTorch returns a scalar (a mean over every
 * dim without keepdim) Stride refuses, by design: the IR has no rank-0 shape (docs/ir.md).
 */
const math: Recorded[] = (JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'pytorch-math-shapes.json'), 'utf8')) as { cases: RecordedCase[] })
  .cases.map(({ input: inputShape, options, torch, ...rest }) => ({ ...rest, options: options ?? {}, inputShape, torch: Array.isArray(torch) && torch.length === 0 ? 'error' : torch }));
/** pad, slice, permute, pixelShuffle; a slice PyTorch leaves empty is a refusal in Stride (no empty tensors). */
const layout: Recorded[] = (JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'pytorch-layout-shapes.json'), 'utf8')) as { cases: RecordedCase[] })
  .cases.map(({ input: inputShape, options, ...rest }) => ({ ...rest, options: options ?? {}, inputShape }))
  .map((c) => (c.torch !== 'error' && c.torch.includes(0) ? { ...c, torch: 'error' as const, message: 'an empty slice' } : c));
const configs: Config[] = [...recorded, ...seeded, ...paddingModes, ...resampling, ...math, ...layout];

/**
 * The shape the type level gives: the twin's, but `number` for a size ⌊in × factor⌋ whose exact product
 * is an integer and whose factor is not dyadic (only float64 arithmetic decides it: internal/scale.ts),
 * computed here independently in exact integers.
 */
function typeLevelShape(config: Config, shape: Dim[]): (Dim | 'number')[] {
  if (config.op !== 'upsample' || config.options.scaleFactor === undefined) return shape;
  const factors = pair(config.options.scaleFactor, 1);
  return shape.map((dim, i) => {
    if (i < 2) return dim;
    const factor = factors[i - 2];
    if (Number.isInteger(factor)) return dim;
    const [whole, fraction] = String(factor).split('.');
    const digits = BigInt(`${whole}${fraction}`);
    const k = BigInt(fraction.length);
    const product = BigInt(config.inputShape[i]) * digits;
    const undecided = product % 10n ** k === 0n && digits % 5n ** k !== 0n;
    return undecided || product >= 10n ** 15n ? 'number' : dim;
  });
}

const header = ["import { expectTypeOf } from 'vitest';", "import { input } from '@stride/dsl';"];
const lineOf = (index: number) => index + header.length + 1;
const source = [
  ...header,
  ...configs.map((config, index) => {
    const call = `input(${JSON.stringify(config.inputShape)}).${config.op}(${argumentsOf(config).map((a) => JSON.stringify(a)).join(', ')})`;
    const expected = twin(config);
    return expected === 'error' ? `${call}; // case ${index}: error`
      : `expectTypeOf(${call}.shape).toEqualTypeOf<${JSON.stringify(typeLevelShape(config, expected)).replace(/"number"/g, 'number')}>(); // case ${index}`;
  }),
].join('\n');

let folder: string;
let tsc: Diagnostic[];
let ts6: Diagnostic[];
beforeAll(async () => {
  folder = scratch({ 'property.ts': source });
  // TypeScript 7's tsc checks in its own process while the TypeScript 6 API checks in this one.
  const pending = checkWithTscAsync(folder);
  ts6 = checkWithTs6(folder);
  tsc = (await pending).diagnostics;
}, 300_000);
afterAll(() => removeScratch(folder));

describe('shape rules: type level = runtime twin = PyTorch', () => {
  it('the runtime twin gives the shape PyTorch computed, and refuses what PyTorch refuses', () => {
    const mismatches = recorded.flatMap((c, i) => {
      const got = twin(c);
      return JSON.stringify(got) === JSON.stringify(c.torch) ? [] : [{ case: i, op: c.op, input: c.inputShape, options: c.options, torch: c.torch, message: c.message, twin: got }];
    });
    expect(mismatches).toEqual([]);
    expect(recorded.length).toBe(700);
    expect(recorded.filter((c) => c.torch === 'error').length).toBeGreaterThan(100);
    expect(new Set(recorded.filter((c) => c.torch !== 'error').map((c) => c.op)).size).toBe(4);
  });
  it('the runtime twin refuses exactly the reflect and circular paddings PyTorch refuses, and gives its shapes otherwise', () => {
    const mismatches = paddingModes.flatMap((c, i) => {
      const got = twin(c);
      return JSON.stringify(got) === JSON.stringify(c.torch) ? [] : [{ case: i, input: c.inputShape, options: c.options, torch: c.torch, message: c.message, twin: got }];
    });
    expect(mismatches).toEqual([]);
    expect(paddingModes.length).toBe(300);
    const refused = (mode: string, text: string) => paddingModes.filter((c) => c.options.paddingMode === mode && c.message?.includes(text)).length;
    expect(refused('reflect', 'Padding size should be less than the corresponding input dimension')).toBeGreaterThan(30);
    expect(refused('circular', 'Padding value causes wrapping around more than once')).toBeGreaterThan(30);
    expect(paddingModes.filter((c) => c.options.paddingMode === 'replicate' && c.torch !== 'error').length).toBeGreaterThan(30);
  });
  it('upsample, groupNorm, instanceNorm2d, layerNorm, adaptiveMaxPool2d: the runtime twin gives the shape PyTorch computed (sizes and fractional factors too), and refuses what PyTorch refuses', () => {
    const mismatches = resampling.flatMap((c, i) => {
      const got = twin(c);
      return JSON.stringify(got) === JSON.stringify(c.torch) ? [] : [{ case: i, input: c.inputShape, options: c.options, torch: c.torch, message: c.message, twin: got }];
    });
    expect(mismatches).toEqual([]);
    expect(resampling.filter((c) => c.torch === 'error').length).toBeGreaterThan(30);
    for (const op of ['groupNorm', 'instanceNorm2d', 'layerNorm', 'adaptiveMaxPool2d']) expect(resampling.filter((c) => c.op === op && c.torch !== 'error').length, op).toBeGreaterThan(15);
    expect(resampling.filter((c) => (c.op === 'groupNorm' || c.op === 'layerNorm') && c.torch === 'error').length).toBeGreaterThan(10);
    // Where only float64 decides (the type level's `number`): PyTorch's own floor, e.g. ⌊100 · 0.29⌋ = 28.
    expect(resampling.filter((c) => c.torch !== 'error' && typeLevelShape(c, c.torch).includes('number')).length).toBeGreaterThan(3);
  });
  it('mean and logSoftmax: the runtime twin gives the shape PyTorch computed (any dims, negative ones, keepDim), and refuses what PyTorch refuses', () => {
    const mismatches = math.flatMap((c, i) => {
      const got = twin(c);
      return JSON.stringify(got) === JSON.stringify(c.torch) ? [] : [{ case: i, input: c.inputShape, args: c.args, torch: c.torch, message: c.message, twin: got }];
    });
    expect(mismatches).toEqual([]);
    const of = (op: string, refused: boolean) => math.filter((c) => c.op === op && (c.torch === 'error') === refused).length;
    expect([of('mean', false), of('mean', true), of('logSoftmax', false), of('logSoftmax', true)].every((n) => n > 15)).toBe(true);
    expect(math.filter((c) => c.message?.includes('appears multiple times')).length).toBeGreaterThan(10);
    expect(math.filter((c) => c.op === 'mean' && c.torch !== 'error' && (c.args![0] as number[]).length > 1).length).toBeGreaterThan(20);
  });
  it('pad, slice, permute, pixelShuffle: the runtime twin gives the shape PyTorch computed, and refuses what PyTorch refuses', () => {
    const mismatches = layout.flatMap((c, i) => {
      const got = twin(c);
      return JSON.stringify(got) === JSON.stringify(c.torch) ? [] : [{ case: i, op: c.op, input: c.inputShape, args: c.args, torch: c.torch, message: c.message, twin: got }];
    });
    expect(mismatches).toEqual([]);
    for (const op of ['pad', 'slice', 'permute', 'pixelShuffle']) {
      expect(layout.filter((c) => c.op === op && c.torch !== 'error').length, op).toBeGreaterThan(40);
      expect(layout.filter((c) => c.op === op && c.torch === 'error').length, op).toBeGreaterThan(4);
    }
    // reflect refused past its limit, circular past wrapping once, and accepted at them.
    expect(layout.filter((c) => c.message?.includes('Padding size should be less than')).length).toBeGreaterThan(5);
    expect(layout.filter((c) => c.message?.includes('wrapping around more than once')).length).toBeGreaterThanOrEqual(4);
  });
  it('the runtime twin agrees with PyTorch’s formulas on 800 more seeded configurations', () => {
    const mismatches = seeded.map((c, i) => ({ i, c, twin: twin(c), formula: pytorchFormula(c) }))
      .filter((r) => JSON.stringify(r.twin) !== JSON.stringify(r.formula));
    expect(mismatches).toEqual([]);
    const invalid = seeded.filter((c) => twin(c) === 'error').length;
    expect(invalid).toBeGreaterThan(20);
    expect(seeded.length - invalid).toBeGreaterThan(350);
  });
  for (const compiler of ['tsc (TypeScript 7)', 'TypeScript 6 API'] as const) {
    it(`the type level agrees with the runtime twin under ${compiler}: exact shapes, errors exactly where the twin throws`, () => {
      const diagnostics = compiler === 'tsc (TypeScript 7)' ? tsc : ts6;
      expect(diagnostics.filter((d) => d.code === 2589)).toEqual([]);
      const errorLines = new Set(diagnostics.map((d) => d.line));
      const wrong = configs.flatMap((config, index) => {
        const expectError = twin(config) === 'error';
        return errorLines.has(lineOf(index)) === expectError ? [] : [{ index, config, expectError, got: diagnostics.filter((d) => d.line === lineOf(index)).map((d) => d.message) }];
      });
      expect(wrong).toEqual([]);
    });
  }
  it('gives identical verdicts under both compilers', () => {
    const verdicts = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.line}:${d.column} TS${d.code} ${/ShapeErrorMessage<"(.*?)">/.exec(d.message)?.[1] ?? ''}`);
    expect(verdicts(ts6)).toEqual(verdicts(tsc));
  });
});
