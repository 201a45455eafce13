/**
 * Parity of the option checks, both ways: seeded random options objects for every layer that takes one
 * — misspelled keys, PyTorch's snake_case keys and PyTorch-only options, values of the wrong type,
 * numeric edge cases, required options left out, and valid ones — are run through the runtime twin (as
 * plain JavaScript would call it) and type-checked in one generated file under TypeScript 7's `tsc` and
 * the TypeScript 6 API. For each call the type checker must report exactly the sentences the runtime
 * twin throws: none when it accepts, the same set when it refuses (one sentence per unknown key or
 * wrong value, as both report every problem of the first tier that finds any).
 *
 * What a literal type cannot say is left out, on purpose: `-0` (TypeScript types it as `0`), `NaN` and
 * `Infinity` (typed `number`, checked at run time only, like any value typed wide), plain objects as
 * values (their keys have no order a type can read), and `null` or `undefined` under an unknown key
 * (refused by both, but TypeScript can only say `never` there). Everything else is drawn.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { input, ShapeError } from '../src/index.js';
import { checkWithTs6, checkWithTsc, removeScratch, scratch, type Diagnostic } from './harness/index.js';

/** mulberry32, seeded: a failing case reproduces from its index. */
function generator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = generator(20261212);
const pick = <Item>(items: readonly Item[]): Item => items[Math.floor(random() * items.length)];
const chance = (p: number) => random() < p;

type Layer = 'conv2d' | 'convTranspose2d' | 'maxPool2d' | 'avgPool2d' | 'batchNorm2d' | 'linear' | 'upsample' | 'instanceNorm2d' | 'clamp';
interface LayerSpec {
  input: number[];
  /** Each known key with a few valid values (the first is used for required keys). */
  keys: Record<string, readonly unknown[]>;
  required: readonly string[];
  /** Keys PyTorch has and Stride does not (or spells otherwise). */
  foreign: readonly string[];
}
const layers: Record<Layer, LayerSpec> = {
  conv2d: {
    input: [1, 4, 12, 12],
    keys: {
      outChannels: [8, 4, 2], kernelSize: [3, 1, [3, 1], 5], stride: [1, 2, [2, 1]], padding: [1, 0, 'same', 'valid', [1, 2]],
      dilation: [1, 2], groups: [1, 2, 4], bias: [true, false], paddingMode: ['zeros', 'reflect', 'replicate', 'circular'], name: ['conv1', 'c'],
    },
    required: ['outChannels', 'kernelSize'],
    foreign: ['in_channels', 'inChannels', 'padding_mode', 'out_channels', 'kernel_size', 'activation', 'device', 'dtype'],
  },
  convTranspose2d: {
    input: [1, 4, 6, 6],
    keys: {
      outChannels: [4, 2], kernelSize: [2, 3, [2, 3]], stride: [2, 1], padding: [0, 1], outputPadding: [0, 1],
      dilation: [1, 2], groups: [1, 2], bias: [true, false], name: ['up'],
    },
    required: ['outChannels', 'kernelSize'],
    foreign: ['output_padding', 'in_channels', 'padding_mode'],
  },
  maxPool2d: {
    input: [1, 3, 12, 12],
    keys: { kernelSize: [2, 3, [2, 3]], stride: [2, 1], padding: [0, 1], dilation: [1, 2], ceilMode: [false, true] },
    required: ['kernelSize'],
    foreign: ['ceil_mode', 'return_indices', 'countIncludePad'],
  },
  avgPool2d: {
    input: [1, 3, 12, 12],
    keys: { kernelSize: [2, 3], stride: [2, 1], padding: [0, 1], ceilMode: [false, true], countIncludePad: [true, false] },
    required: ['kernelSize'],
    foreign: ['count_include_pad', 'divisor_override', 'ceil_mode', 'dilation'],
  },
  batchNorm2d: {
    input: [1, 8, 4, 4],
    keys: { eps: [1e-5, 0.001, 0], name: ['bn1'] },
    required: [],
    foreign: ['momentum', 'affine', 'track_running_stats', 'epsilon', 'num_features'],
  },
  instanceNorm2d: {
    input: [1, 8, 4, 4],
    keys: { eps: [1e-5, 0.001, 0], affine: [false, true], name: ['in1'] },
    required: [],
    foreign: ['momentum', 'num_features', 'epsilon', 'elementwise_affine'],
  },
  // No key is required, but one bound is: an object without either is refused by the rule, in both twins.
  clamp: {
    input: [1, 3, 4, 4],
    keys: { min: [0, -1.5, 2], max: [1, 6, 0.25] },
    required: [],
    foreign: ['min_val', 'minVal', 'maxVal', 'lower', 'upper'],
  },
  linear: {
    input: [1, 16],
    keys: { outFeatures: [10, 1], bias: [true, false], name: ['fc'] },
    required: ['outFeatures'],
    foreign: ['in_features', 'inFeatures', 'out_features', 'bias_attr'],
  },
  upsample: {
    input: [1, 3, 4, 4],
    keys: { scaleFactor: [2, [1, 2], 0.5, 1.5], mode: ['bilinear', 'nearest'], alignCorners: [true, false] },
    required: ['scaleFactor'],
    foreign: ['scale_factor', 'align_corners', 'recompute_scale_factor', 'antialias'],
  },
};

/** A key misspelled as a hand does it: a letter dropped, doubled or swapped with the next, one case changed. */
function misspell(key: string): string {
  const at = Math.floor(random() * key.length);
  switch (pick(['drop', 'double', 'swap', 'case', 'plural'] as const)) {
    case 'drop': return key.length > 2 ? key.slice(0, at) + key.slice(at + 1) : `${key}x`;
    case 'double': return key.slice(0, at + 1) + key[at] + key.slice(at + 1);
    case 'swap': return at < key.length - 1 ? key.slice(0, at) + key[at + 1] + key[at] + key.slice(at + 2) : `${key}s`;
    case 'case': return key.slice(0, at) + (key[at] === key[at].toUpperCase() ? key[at].toLowerCase() : key[at].toUpperCase()) + key.slice(at + 1);
    case 'plural': return `${key}s`;
  }
}
const snake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** Values of the wrong type, and numeric edge cases; `null` and `undefined` only under known keys. */
const wrongValues: readonly unknown[] = [
  '3', '1', 'yes', 'false', '', 'mirror', 'bilinear', 'full', true, false, null, undefined,
  [1, 2, 3], [1], [], [2, '2'], [[1, 2]], [0, 1], [1.5, 2],
  0, -1, -3, 1.5, 0.5, 2.5, 1e-7, 2 ** 31, 1e21, 1000, 64,
];

interface Case { layer: Layer; options: Record<string, unknown>; kinds: string[] }

function randomCase(): Case {
  const layer = pick(Object.keys(layers) as Layer[]);
  const spec = layers[layer];
  const options: Record<string, unknown> = {};
  const kinds: string[] = [];
  for (const [key, values] of Object.entries(spec.keys)) {
    if (spec.required.includes(key)) options[key] = values[0];
    else if (chance(0.3)) options[key] = pick(values);
  }
  // conv2d's 'same' padding needs stride 1; keep valid cases valid (a stride of 2 beside it is drawn below as a mutation).
  if (options.padding === 'same') options.stride = 1;
  const mutations = pick([0, 1, 1, 1, 2, 2, 3]);
  for (let m = 0; m < mutations; m++) {
    const known = Object.keys(spec.keys);
    const present = Object.keys(options).filter((key) => known.includes(key));
    switch (pick(['misspell', 'snake', 'foreign', 'wrong', 'wrong', 'edge', 'drop'] as const)) {
      case 'misspell': {
        const key = pick(present.length > 0 ? present : known);
        const value = options[key] ?? pick(spec.keys[key]);
        delete options[key];
        const typo = misspell(key);
        options[typo] = value;
        kinds.push(known.includes(typo) ? 'valid' : 'misspelled');
        break;
      }
      case 'snake': {
        const key = pick(known.filter((k) => /[A-Z]/.test(k)).concat(known).slice(0, 8));
        const value = options[key] ?? pick(spec.keys[key]);
        delete options[key];
        options[snake(key)] = value;
        kinds.push(snake(key) === key ? 'valid' : 'snake_case');
        break;
      }
      case 'foreign':
        options[pick(spec.foreign)] = pick([1, true, 'reflect', 0.1, [2, 2]]);
        kinds.push('foreign');
        break;
      case 'wrong': {
        options[pick(known)] = pick(wrongValues);
        kinds.push('wrong value');
        break;
      }
      case 'edge': {
        const key = pick(known);
        options[key] = pick([0, -1, 1.5, 1e-7, 2 ** 31, 1e21, 99, [0, 2], [2, -1], [1, 1.5]]);
        kinds.push('numeric edge');
        break;
      }
      case 'drop':
        if (spec.required.length > 0) {
          delete options[pick(spec.required)];
          kinds.push('required left out');
        }
        break;
    }
  }
  // null and undefined under unknown keys: see the header.
  for (const key of Object.keys(options)) if (!(key in spec.keys) && (options[key] === null || options[key] === undefined)) options[key] = 2;
  return { layer, options, kinds };
}

/** TypeScript source for a value drawn above. */
function literal(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    return `{ ${Object.entries(value).map(([key, entry]) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : `'${key}'`}: ${literal(entry)}`).join(', ')} }`;
  }
  return String(value);
}

/** The runtime twin's sentences for a case, as plain JavaScript calls the layer. */
function runtime({ layer, options }: Case): string[] {
  try {
    (input(layers[layer].input as never) as unknown as Record<Layer, (options: unknown) => unknown>)[layer](options);
    return [];
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    return [...error.sentences];
  }
}

/** The DSL's sentences in a diagnostic: every `ShapeErrorMessage<"…" | "…">` on its first line. */
function sentencesOf(diagnostic: Diagnostic): string[] {
  const first = diagnostic.message.split('\n')[0];
  return [...first.matchAll(/ShapeErrorMessage<((?:"[^"]*"(?: \| )?)+)>/g)].flatMap((match) => match[1].split(' | ').map((quoted) => quoted.slice(1, -1)));
}

const cases = Array.from({ length: 420 }, randomCase);
const header = ["import { input } from '@stride/dsl';"];
const lineOf = (index: number) => header.length + 1 + index;
const source = [...header, ...cases.map((c, index) => `input(${JSON.stringify(layers[c.layer].input)}).${c.layer}(${literal(c.options)}); // case ${index}`)].join('\n');

let folder: string;
let tsc: Diagnostic[];
let ts6: Diagnostic[];
beforeAll(() => {
  folder = scratch({ 'parity.ts': source });
  tsc = checkWithTsc(folder).diagnostics;
  ts6 = checkWithTs6(folder);
}, 300_000);
afterAll(() => removeScratch(folder));

describe('option checks: the type checker refuses exactly what the runtime twin refuses, with the same sentences', () => {
  it('draws every kind of mistake, and valid options too', () => {
    const count = (kind: string) => cases.filter((c) => c.kinds.includes(kind)).length;
    for (const kind of ['misspelled', 'snake_case', 'foreign', 'wrong value', 'numeric edge', 'required left out']) expect(count(kind), kind).toBeGreaterThan(25);
    const refused = cases.filter((c) => runtime(c).length > 0).length;
    expect(refused).toBeGreaterThan(200);
    expect(cases.length - refused).toBeGreaterThan(40);
    expect(cases.filter((c) => runtime(c).length > 1).length).toBeGreaterThan(20);
    expect(new Set(cases.map((c) => c.layer)).size).toBe(9);
  });
  for (const compiler of ['tsc (TypeScript 7)', 'TypeScript 6 API'] as const) {
    it(`under ${compiler}`, () => {
      const diagnostics = compiler === 'tsc (TypeScript 7)' ? tsc : ts6;
      expect(diagnostics.filter((d) => d.line <= header.length)).toEqual([]);
      const mismatches = cases.flatMap((c, index) => {
        const here = diagnostics.filter((d) => d.line === lineOf(index));
        const typed = [...new Set(here.flatMap(sentencesOf))].sort();
        const thrown = [...new Set(runtime(c))].sort();
        const unexplained = here.filter((d) => sentencesOf(d).length === 0).map((d) => d.message.split('\n')[0]);
        return JSON.stringify(typed) === JSON.stringify(thrown) && unexplained.length === 0
          ? [] : [{ index, call: `${c.layer}(${literal(c.options)})`, typed, thrown, unexplained }];
      });
      expect(mismatches).toEqual([]);
    });
  }
});
