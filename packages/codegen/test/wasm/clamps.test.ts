/**
 * The clamps and running maxima written with `f32x4.pmax`/`pmin` (epilogue.ts `emitActivation`,
 * pool2d.ts `emitMaxStep`) give the reference's bits exactly on the values where those
 * instructions differ from `f32x4.max`/`min`: −0 against +0 (ties, bounds of either sign), NaN
 * anywhere, ±∞, subnormals and the bounds themselves.
 */
import { describe, expect, it } from 'vitest';
import { FunctionBuilder } from '../../src/emit/wasm/encoder.js';
import { activationName, emitActivation, type Activation } from '../../src/emit/wasm/kernels/epilogue.js';
import { adaptiveAvgPool2dKernel, pool2dKernel, pool2dReach } from '../../src/emit/wasm/kernels/pool2d.js';
import { Memory, instantiate, reference } from './harness.js';

const specials = [
  -0, 0, NaN, Infinity, -Infinity, 1e-45, -1e-45, -1, 1, 6, -6, Math.fround(5.9999995), Math.fround(6.0000005),
  -3, 3, 0.25, -0.25, 2.5, -2.5, 1e30, -1e30, Math.fround(-2.9999998), Math.fround(0.1), -0.5,
].map(Math.fround);

/** Same bits, or both NaN: what each lane must match. */
function sameFloat(actual: number, expected: number): boolean {
  return Number.isNaN(expected) ? Number.isNaN(actual) : Object.is(actual, expected);
}

/** The activation over every special value, in wasm: one load, `emitActivation`, one store per vector. */
function activateInWasm(activation: Activation): Float32Array {
  const memory = new Memory();
  const at = memory.alloc(4 * specials.length);
  memory.floats.set(specials, at / 4);
  const f = new FunctionBuilder('act');
  const p = f.local('p', 'i32');
  const value = f.local('v', 'v128');
  const temp = f.local('tmp', 'v128');
  f.setTo(p, at);
  f.countedLoop('vectors', p, 16, at + 4 * specials.length, () => {
    f.get(p).mem('v128.load').set(value);
    emitActivation(f, activation, value, temp);
    f.get(p).get(value).mem('v128.store');
  });
  instantiate(memory, f).act();
  return memory.floats.slice(at / 4, at / 4 + specials.length);
}

const relu6 = (v: number) => (v <= 0 ? 0 : v >= 6 ? 6 : v);
/** Each in float32 steps, as the kernels compute it (the interpreter's float64 may round differently by one ulp). */
const exact: Array<[Activation, (x: number) => number]> = [
  [{ op: 'relu' }, (x) => (Number.isNaN(x) ? x : x > 0 ? x : 0)],
  [{ op: 'relu6' }, (x) => (Number.isNaN(x) ? x : relu6(x))],
  [{ op: 'hardsigmoid' }, (x) => (Number.isNaN(x) ? x : Math.fround(relu6(Math.fround(x + 3)) / 6))],
  [{ op: 'hardswish' }, (x) => (Number.isNaN(x) ? x : Math.fround(Math.fround(x * relu6(Math.fround(x + 3))) / 6))],
  ...([[0, 6], [-1, 1], [null, 0.25], [0, null], [-0, 1], [-1, -0], [0, 0], [-0, -0], [0, -0], [-0, 0], [null, 0], [null, -0], [-0.5, null]] as const)
    .map(([min, max]): [Activation, (x: number) => number] => [
      { op: 'clamp', min, max },
      (x) => Math.min(Math.max(x, min ?? -Infinity), max ?? Infinity),
    ]),
];

describe('clamps as pmax/pmin, bit for bit', () => {
  it.each(exact.map(([activation, expected]) => [activationName(activation) + (activation.op === 'clamp' ? ` ${Object.is(activation.min, -0) ? '(min −0)' : ''}${Object.is(activation.max, -0) ? '(max −0)' : ''}` : ''), activation, expected] as const))(
    '%s on ±0, NaN, ±∞, subnormals and the bounds', (_label, activation, expected) => {
      const out = activateInWasm(activation);
      const wrong = specials.flatMap((x, i) => (sameFloat(out[i], expected(x)) ? [] : [`${Object.is(x, -0) ? '-0' : x} → ${Object.is(out[i], -0) ? '-0' : out[i]}, expected ${Object.is(expected(x), -0) ? '-0' : expected(x)}`]));
      expect(wrong).toEqual([]);
    });

  it('relu and relu6 give +0 for −0, as the interpreter does', () => {
    expect(Object.is(activateInWasm({ op: 'relu' })[0], 0)).toBe(true);
    expect(Object.is(activateInWasm({ op: 'relu6' })[0], 0)).toBe(true);
  });
});

describe('max pooling as pmax with a NaN mask, bit for bit against the interpreter', () => {
  // One plane per channel; within each 3×3 window the specials sit at every position in turn.
  const windows: number[][] = [
    [-0, 0, -1, -2, -3, -4, -5, -6, -7], // tie: the first (−0) wins, as `value > best` keeps it
    [0, -0, -1, -2, -3, -4, -5, -6, -7], // tie: +0
    [-1, -2, -0, -3, 0, -4, -5, -6, -7],
    [NaN, 1, 2, 3, 4, 5, 6, 7, 8],
    [1, 2, 3, 4, NaN, 5, 6, 7, 8],
    [1, 2, 3, 4, 5, 6, 7, 8, NaN],
    [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
    [Infinity, NaN, 1, 1, 1, 1, 1, 1, 1],
    [-Infinity, 1e-45, -1e-45, -Infinity, -0, -Infinity, -Infinity, -Infinity, -Infinity],
    [1, 1, 1, 1, 1, 1, 1, 1, Infinity],
    [-0, -0, -0, -0, -0, -0, -0, -0, -0],
    [5, 5, 5, 5, 5, 5, 5, 5, 5],
  ];
  const channels = windows.length;
  // A 3×3 image per channel, pooled 3×3 stride 1 with padding 1 (nine windows, some reaching into
  // the −∞ border) and without (one window: the whole image).
  const planes = Float32Array.from(windows.flat()); // NCHW: each channel's 3×3 image in turn

  it.each([0, 1])('3×3 windows, padding %d', (pad) => {
    type Loose = { maxPool2d(o: object): never };
    const { graph, expected } = reference([1, channels, 3, 3], (x) => (x as unknown as Loose).maxPool2d({ kernelSize: 3, stride: 1, padding: pad }), planes);
    const [, , oh, ow] = graph.nodes[graph.nodes.length - 1].shape as number[];
    const memory = new Memory();
    const output = memory.nhwc({ batch: 1, height: oh, width: ow, channels });
    const shape = { batch: 1, height: 3, width: 3, channels };
    const params = { name: 'pool', kind: 'max' as const, output, kernel: [3, 3] as [number, number], stride: [1, 1] as [number, number], padding: { top: pad, left: pad } };
    const input = memory.nhwc(shape, pool2dReach({ ...params, input: { offset: 0, ...shape, border: { top: 0, bottom: 0, left: 0, right: 0 } } }));
    memory.write(input, planes, -Infinity);
    instantiate(memory, pool2dKernel({ ...params, input })).pool();
    const out = memory.read(output);
    const wrong = Array.from(expected).flatMap((e, i) => (sameFloat(out[i], e) ? [] : [`channel ${Math.floor(i / (oh * ow))} pixel ${i % (oh * ow)}: ${Object.is(out[i], -0) ? '-0' : out[i]}, expected ${Object.is(e, -0) ? '-0' : e}`]));
    expect(wrong).toEqual([]);
    // The cases are what they claim: a −0 wins a tie and a NaN in the last position wins.
    if (pad === 0) {
      expect(Object.is(out[0], -0) && Object.is(out[1], 0) && Number.isNaN(out[5])).toBe(true);
    }
  });

  it('adaptiveMaxPool2d: the same rules over its bins', () => {
    type Loose = { adaptiveMaxPool2d(size: number): never };
    const { expected } = reference([1, channels, 3, 3], (x) => (x as unknown as Loose).adaptiveMaxPool2d(1), planes);
    const memory = new Memory();
    const input = memory.nhwc({ batch: 1, height: 3, width: 3, channels });
    const output = memory.nhwc({ batch: 1, height: 1, width: 1, channels });
    memory.write(input, planes);
    instantiate(memory, adaptiveAvgPool2dKernel({ name: 'pool', kind: 'max', input, output })).pool();
    const out = memory.read(output);
    expect(Array.from(expected).flatMap((e, i) => (sameFloat(out[i], e) ? [] : [i]))).toEqual([]);
    expect(Object.is(out[0], -0) && Object.is(out[1], 0) && Number.isNaN(out[3]) && Number.isNaN(out[5])).toBe(true);
  });
});
