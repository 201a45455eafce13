/**
 * Property test: for 800 seeded random conv2d / maxPool2d / avgPool2d / convTranspose2d configurations,
 * the type-level shape (read by type-checking a generated file with tsc) equals the runtime twin, and
 * the runtime twin equals PyTorch's documented formula, computed independently here. Configurations
 * the twin rejects must be compile errors on their line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { input, ShapeError, type Dim } from '../src';
import { checkWithTsc, removeScratch, scratch, type Diagnostic } from './harness';


type Op = 'conv2d' | 'maxPool2d' | 'avgPool2d' | 'convTranspose2d';
interface Config { op: Op; inputShape: number[]; options: Record<string, unknown> }

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
    const size = [h, w][a] + 2 * p[a] - d[a] * (k[a] - 1) - 1;
    if (size < 0) return 0;
    let o = (options.ceilMode ? Math.ceil(size / s[a]) : Math.floor(size / s[a])) + 1;
    if (options.ceilMode && (o - 1) * s[a] >= [h, w][a] + p[a]) o -= 1;
    return o;
  });
  return out.some((o) => o < 1) ? 'error' : [n, c, out[0], out[1]];
}

function twin(config: Config): Dim[] | 'error' {
  try {
    const x = input(config.inputShape) as unknown as Record<Op, (o: unknown) => { shape: Dim[] }>;
    return x[config.op](config.options).shape;
  } catch (error) {
    if (error instanceof ShapeError) return 'error';
    throw error;
  }
}

const configs = Array.from({ length: 800 }, randomConfig);
const source = [
  "import { expectTypeOf } from 'vitest';",
  "import { input } from '@stride/dsl';",
  ...configs.map((config, index) => {
    const call = `input(${JSON.stringify(config.inputShape)}).${config.op}(${JSON.stringify(config.options)})`;
    const expected = twin(config);
    return expected === 'error' ? `${call}; // case ${index}: error` : `expectTypeOf(${call}.shape).toEqualTypeOf<${JSON.stringify(expected)}>(); // case ${index}`;
  }),
].join('\n');

let folder: string;
let diagnostics: Diagnostic[];
beforeAll(() => {
  folder = scratch({ 'property.ts': source });
  diagnostics = checkWithTsc(folder).diagnostics;
});
afterAll(() => removeScratch(folder));

describe('shape rules: type level = runtime twin = PyTorch formula', () => {
  it('the runtime twin agrees with PyTorch’s formula on every configuration', () => {
    const mismatches = configs.map((c, i) => ({ i, c, twin: twin(c), formula: pytorchFormula(c) }))
      .filter((r) => JSON.stringify(r.twin) !== JSON.stringify(r.formula));
    expect(mismatches).toEqual([]);
    const invalid = configs.filter((c) => twin(c) === 'error').length;
    expect(invalid).toBeGreaterThan(20);
    expect(configs.length - invalid).toBeGreaterThan(350);
  });
  it('the type level agrees with the runtime twin: exact shapes, and errors exactly where the twin throws', () => {
    const errorLines = new Set(diagnostics.map((d) => d.line));
    const wrong = configs.flatMap((config, index) => {
      const line = index + 3;
      const expectError = twin(config) === 'error';
      return errorLines.has(line) === expectError ? [] : [{ index, config, expectError, got: diagnostics.filter((d) => d.line === line).map((d) => d.message) }];
    });
    expect(wrong).toEqual([]);
  });
});
