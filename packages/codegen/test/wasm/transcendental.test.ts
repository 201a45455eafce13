/**
 * The SIMD exp, sigmoid, tanh, silu and exact GELU (kernels/transcendental.ts), run in a real
 * WebAssembly.Memory:
 * - exp against Math.exp rounded to float32, in ulps, over 2²⁰ arguments spread across [−105, 90]
 *   (denormal results and the overflow edge included) and the special values;
 * - each activation against the reference interpreter's op (1e-5 relative, the harness's measure)
 *   over arguments from ±1e-40 to ±1e30, the edges ±88.7, ±103.9, and NaN, ±∞, −0 — NaN where the
 *   interpreter gives NaN, the sign of zero as it gives it — through the elementwise kernel's
 *   activation-only path, so they are tested as an epilogue is emitted.
 * - log (logSoftmax's, on sums in [1, length]) against Math.log rounded to float32, in ulps of the
 *   result or, near log 1 = 0, absolutely against 2⁻²⁴ (what logSoftmax's x − m − log Σ can see).
 * The largest errors are printed (docs/wasm.md quotes them).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionBuilder } from '../../src/emit/wasm/encoder.js';
import { elementwiseKernel } from '../../src/emit/wasm/kernels/elementwise.js';
import type { Activation } from '../../src/emit/wasm/kernels/epilogue.js';
import { emitExp, emitLog } from '../../src/emit/wasm/kernels/transcendental.js';
import { Memory, instantiate, reference, relativeError } from './harness.js';

/** Ordered position of a float32 on the number line, so ulp distance is a difference. */
function ordinal(x: number): number {
  const bits = new Int32Array(Float32Array.of(x).buffer)[0];
  return bits < 0 ? -(bits & 0x7fffffff) : bits;
}
const ulps = (a: number, b: number) => Math.abs(ordinal(a) - ordinal(b));

const specials = [0, -0, Infinity, -Infinity, NaN, 1e-40, -1e-40, 1e-30, -1e-30, 1e30, -1e30, 88.72, 88.7228, 88.73, 89, 90, -87.3, -87.34, -100, -103.9, -103.97, -103.98, -104, -105, 1, -1, 0.5, -0.5];

/** Arguments for the activations: a log-spaced sweep of both signs, the edges, the specials. */
function activationArguments(): Float32Array {
  const values: number[] = [...specials];
  for (let e = -40; e <= 30; e += 0.05) values.push(10 ** e, -(10 ** e));
  for (let x = -20; x <= 20; x += 0.001) values.push(x);
  for (let x = -110; x <= 95; x += 0.013) values.push(x);
  while (values.length % 4 !== 0) values.push(0);
  return Float32Array.from(values);
}

let worstExp = 0;
const worst: Record<string, { harness: number; relative: number; at: number }> = {};

describe('SIMD exp', () => {
  it('is within 1 ulp of Math.exp rounded to float32 over [−105, 90], NaN and ±∞ included', () => {
    const count = 1 << 20;
    const args = new Float32Array(count + specials.length + (4 - (specials.length % 4)) % 4);
    for (let i = 0; i < count; i++) args[i] = -105 + (195 * i) / count;
    args.set(specials, count);
    const memory = new Memory({ pages: 256 });
    const at = memory.put(args);
    const f = new FunctionBuilder('exp');
    const p = f.local('p', 'i32');
    const v = f.local('v', 'v128');
    f.setTo(p, at);
    f.countedLoop('vectors', p, 16, at + 4 * args.length, () => {
      f.get(p).mem('v128.load').set(v);
      emitExp(f, v);
      f.get(p).get(v).mem('v128.store');
    });
    instantiate(memory, f).exp();
    const out = memory.floats.subarray(at / 4, at / 4 + args.length);
    for (let i = 0; i < args.length; i++) {
      const expected = Math.fround(Math.exp(args[i]));
      if (Number.isNaN(expected)) {
        expect(out[i]).toBeNaN();
        continue;
      }
      const distance = ulps(out[i], expected);
      worstExp = Math.max(worstExp, distance);
      if (distance > 1) throw new Error(`exp(${args[i]}) = ${out[i]}, expected ${expected} (${distance} ulps)`);
    }
  });
});

let worstLog = 0;

describe('SIMD log', () => {
  it('is within 2 ulps of Math.log rounded to float32 on positive normal floats, 1e-7 absolute near 1; NaN stays NaN', () => {
    const values: number[] = [NaN, 1, 2, 0.5, Math.SQRT2, Math.SQRT1_2, 1e-37, 3e38];
    for (let i = 0; i < 1 << 18; i++) values.push(1 + (i / (1 << 18)) * 1e4, 1 + i * 1e-9);
    for (let e = -37; e <= 38; e += 0.01) values.push(10 ** e);
    while (values.length % 4 !== 0) values.push(1);
    const args = Float32Array.from(values);
    const memory = new Memory({ pages: 256 });
    const at = memory.put(args);
    const f = new FunctionBuilder('log');
    const p = f.local('p', 'i32');
    const v = f.local('v', 'v128');
    f.setTo(p, at);
    f.countedLoop('vectors', p, 16, at + 4 * args.length, () => {
      f.get(p).mem('v128.load').set(v);
      emitLog(f, v);
      f.get(p).get(v).mem('v128.store');
    });
    instantiate(memory, f).log();
    const out = memory.floats.subarray(at / 4, at / 4 + args.length);
    for (let i = 0; i < args.length; i++) {
      const expected = Math.fround(Math.log(args[i]));
      if (Number.isNaN(expected)) {
        expect(out[i]).toBeNaN();
        continue;
      }
      const distance = Math.abs(expected) < 0.5 ? Math.abs(out[i] - expected) / 2 ** -24 : ulps(out[i], expected);
      worstLog = Math.max(worstLog, distance);
      if (distance > 2) throw new Error(`log(${args[i]}) = ${out[i]}, expected ${expected} (${distance} ulps)`);
    }
  });
});

const activations: Activation[] = [{ op: 'sigmoid' }, { op: 'tanh' }, { op: 'silu' }, { op: 'gelu' }, { op: 'elu', alpha: 1 }];

describe('transcendental activations vs the interpreter', () => {
  it.each(activations.map((a) => [a.op, a] as const))('%s', (op, activation) => {
    const data = activationArguments();
    const channels = 4;
    const width = data.length / channels;
    const { expected } = reference([1, channels, 1, width], (x) => (x as unknown as Record<string, () => never>)[op](), data);
    const memory = new Memory({ pages: 64 });
    const buffer = memory.nhwc({ batch: 1, height: 1, width, channels });
    memory.write(buffer, data);
    instantiate(memory, elementwiseKernel({ name: 'act', op: 'add', a: buffer, output: buffer, activation })).act();
    const actual = memory.read(buffer);
    const harness = relativeError(actual, expected);
    expect(harness).toBeLessThan(1e-5);
    // NaN exactly where the interpreter has NaN, and the same sign of zero.
    let relative = 0;
    let at = 0;
    for (let i = 0; i < expected.length; i++) {
      expect(Number.isNaN(actual[i])).toBe(Number.isNaN(expected[i]));
      if (expected[i] === 0) expect(Object.is(actual[i], expected[i]) || actual[i] !== 0).toBe(true);
      // Pure relative error where the interpreter's value is a normal float — and for silu where
      // sigmoid's is (below x = −87.3 it is denormal, with fewer bits), for gelu where x > −5 (the
      // interpreter's own 1 + erf cancels further out, below float32's precision).
      const measured = op === 'gelu' ? data[i] > -5 : op === 'silu' ? data[i] > -87.3 : true;
      if (Math.abs(expected[i]) > 1.2e-38 && Number.isFinite(expected[i]) && measured) {
        const r = Math.abs(actual[i] - expected[i]) / Math.abs(expected[i]);
        if (r > relative) [relative, at] = [r, data[i]];
      }
    }
    worst[op] = { harness, relative, at };
    expect(relative).toBeLessThan(1e-5);
  });
});

afterAll(() => {
  console.log(`exp: largest error ${worstExp} ulp`);
  console.log(`log: largest error ${worstLog.toFixed(2)} ulp (2⁻²⁴ absolute below |log| ½)`);
  for (const [op, { harness, relative, at }] of Object.entries(worst)) {
    console.log(`${op}: harness error ${harness.toExponential(2)}, largest relative error ${relative.toExponential(2)} (at x = ${at})`);
  }
});
