/**
 * What a kernel does to a finished vector before storing it: a residual add, then an activation —
 * PyTorch's order in a residual block, relu(bn(conv(x)) + identity).
 *
 * Activations follow the reference interpreter (packages/runtime/src/interpreter/kernels/activations.ts)
 * including NaN and −0. The clamps are `f32x4.pmax`/`pmin` — pmax(x, lo) = x < lo ? lo : x, one
 * x64 instruction — not `f32x4.max`/`min`, whose exact NaN and ±0 rules V8 spells out in eight
 * (relu6 over 64K floats: 9.2 against 24.4 µs). Both keep a NaN x (the comparison fails), and where
 * the lower bound is +0 a final + 0 turns pmax's −0 into relu's +0 and changes nothing else. Those
 * that need exp or erf (sigmoid, tanh, silu, gelu) are polynomial approximations in SIMD, derived in
 * transcendental.ts; they take 30–45 instructions per vector where the others take one to four.
 */
import { erf } from '@stride/runtime';
import type { FunctionBuilder, Local } from '../encoder.js';
import { emitElu, emitGelu, emitSigmoid, emitSilu, emitTanh } from './transcendental.js';

export type Activation =
  | { op: 'relu' }
  | { op: 'relu6' }
  | { op: 'hardsigmoid' }
  | { op: 'hardswish' }
  | { op: 'leakyRelu'; slope: number }
  | { op: 'sigmoid' }
  | { op: 'tanh' }
  | { op: 'silu' }
  | { op: 'gelu' }
  | { op: 'elu'; alpha: number }
  | { op: 'clamp'; min: number | null; max: number | null };

/**
 * Activations built on exp: 30–45 instructions per vector, long enough that repeating them per
 * accumulator multiplies a kernel's bytes (see `emitActivationPass` for the alternative).
 */
export function isTranscendental(activation: Activation | undefined): boolean {
  return activation !== undefined && (activation.op === 'sigmoid' || activation.op === 'tanh' || activation.op === 'silu' || activation.op === 'gelu' || activation.op === 'elu');
}

/** Scalar definitions (float64 then rounded), for tests and for anything computed at build time. */
export function activate(activation: Activation | undefined, x: number): number {
  if (!activation || Number.isNaN(x)) return x;
  const relu6 = (v: number) => (v <= 0 ? 0 : v >= 6 ? 6 : v);
  switch (activation.op) {
    case 'relu': return x > 0 ? x : 0;
    case 'relu6': return relu6(x);
    case 'hardsigmoid': return relu6(x + 3) / 6;
    case 'hardswish': return (x * relu6(x + 3)) / 6;
    case 'leakyRelu': return x >= 0 ? x : x * activation.slope;
    case 'sigmoid': return 1 / (1 + Math.exp(-x));
    case 'tanh': return Math.tanh(x);
    case 'silu': return x * (1 / (1 + Math.exp(-x)));
    case 'gelu': return 0.5 * x * (1 + erf(x / Math.SQRT2));
    case 'elu': return x > 0 ? x : activation.alpha * Math.expm1(x);
    case 'clamp': return Math.min(Math.max(x, activation.min ?? -Infinity), activation.max ?? Infinity);
  }
}

const zero = [0, 0, 0, 0] as const;
const splat = (x: number) => [x, x, x, x] as const;

/**
 * value = activation(value), on a v128 local; `temp` is a scratch v128 local (the transcendental ones
 * declare their own scratch locals, once per function).
 */
export function emitActivation(f: FunctionBuilder, activation: Activation | undefined, value: Local, temp: Local): void {
  if (!activation) return;
  switch (activation.op) {
    case 'relu':
      f.get(value);
      emitClamp(f, 0, null);
      f.set(value);
      return;
    case 'relu6':
      f.get(value);
      emitClamp(f, 0, 6);
      f.set(value);
      return;
    case 'hardsigmoid':
      // relu6(x + 3) / 6, divided rather than multiplied by 1/6 to round as the reference does.
      f.get(value).f32x4(splat(3)).op('f32x4.add');
      emitClamp(f, 0, 6);
      f.f32x4(splat(6)).op('f32x4.div').set(value);
      return;
    case 'hardswish':
      f.get(value).f32x4(splat(3)).op('f32x4.add');
      emitClamp(f, 0, 6);
      f.get(value).op('f32x4.mul').f32x4(splat(6)).op('f32x4.div').set(value);
      return;
    case 'leakyRelu':
      // x ≥ 0 ? x : slope·x as a lane select; NaN fails the compare and takes slope·NaN = NaN.
      f.get(value).f32x4(zero).op('f32x4.ge').set(temp);
      f.get(value).get(value).f32x4(splat(activation.slope)).op('f32x4.mul').get(temp).op('v128.bitselect').set(value);
      return;
    case 'sigmoid':
      emitSigmoid(f, value);
      return;
    case 'tanh':
      emitTanh(f, value);
      return;
    case 'silu':
      emitSilu(f, value);
      return;
    case 'gelu':
      emitGelu(f, value);
      return;
    case 'elu':
      emitElu(f, value, activation.alpha);
      return;
    case 'clamp':
      f.get(value);
      emitClamp(f, activation.min, activation.max);
      f.set(value);
      return;
  }
}

/**
 * The vector on the stack clamped to [min, max] (null: unbounded), NaN kept, as the reference's
 * min(max(x, lo), hi) with max(−0, +0) = +0. pmax(x, lo) differs from max(x, lo) only when the two
 * compare equal with different bits — zeros of opposite sign — and keeps x: for lo = +0 the final
 * + 0 maps that −0 to +0 (x + 0 = x for every other x, NaN included). pmin(x, hi) with hi = −0 would
 * keep an x of +0 where min gives −0, which no add mends: that clamp keeps the exact instructions.
 */
function emitClamp(f: FunctionBuilder, min: number | null, max: number | null): void {
  const exact = Object.is(max, -0);
  const bound = (value: number) => (Object.is(value, 0) ? f.get(zeroOf(f)) : f.f32x4(splat(value)));
  if (min !== null) bound(min).op(exact ? 'f32x4.max' : 'f32x4.pmax');
  if (max !== null) bound(max).op(exact ? 'f32x4.min' : 'f32x4.pmin');
  if (!exact && Object.is(min, 0)) f.get(zeroOf(f)).op('f32x4.add');
}

const zeros = new WeakMap<FunctionBuilder, Local>();

/**
 * A v128 local of `f` that nothing writes: wasm zero-initializes locals, so it reads +0 in every
 * lane at every call. 2 bytes a use where `v128.const` takes 18 — as constants, relu's two zeros
 * per accumulator grew SqueezeNet 1.1's gzipped bundle by 10 KB (32.5 → 43.4 KB).
 */
function zeroOf(f: FunctionBuilder): Local {
  let local = zeros.get(f);
  if (!local) {
    zeros.set(f, (local = f.local('act_zero', 'v128')));
    f.comment('$act_zero is never written: +0 in every lane (wasm zero-initializes locals)');
  }
  return local;
}

/** A short tag for kernel names and comments. */
export function activationName(activation: Activation | undefined): string {
  if (!activation) return 'none';
  if (activation.op === 'leakyRelu') return `leakyRelu(${activation.slope})`;
  if (activation.op === 'elu') return `elu(${activation.alpha})`;
  if (activation.op === 'clamp') return `clamp(${activation.min ?? '−∞'}, ${activation.max ?? '∞'})`;
  return activation.op;
}

/** Loop locals of `emitActivationPass`, declared once per function. */
const passLocals = new WeakMap<FunctionBuilder, { row: Local; rowEnd: Local; pointer: Local; end: Local; at: Local; vectorEnd: Local; value: Local }>();

/** A stored tile: `rows` rows `rowBytes` apart, of `pixels` pixels `pixelBytes` apart, of `vectors` channel vectors. */
export interface StoredTile {
  rows?: number;
  rowBytes?: number;
  pixels: number;
  pixelBytes: number;
  vectors: number;
}

/**
 * The activation applied in place to a tile already stored from the address in `base`. One copy
 * of the activation's code in a loop, for kernels whose tile holds many accumulators: inline, a
 * transcendental activation is 30–45 instructions repeated per accumulator (a 4×8 conv tile: ×8 per
 * block variant, 4–10× the kernel's bytes); as a pass it costs one more load and store per vector,
 * from L1, and gives up the overlap of the accumulators' independent chains — measured slower than
 * inline for conv2d and depthwise, as fast or faster for Winograd's 16 outputs per tile (docs/wasm.md).
 */
export function emitActivationPass(f: FunctionBuilder, activation: Activation, base: Local, tile: StoredTile, temp: Local): void {
  let locals = passLocals.get(f);
  if (!locals) {
    locals = {
      row: f.local('act_row', 'i32'), rowEnd: f.local('act_row_end', 'i32'), pointer: f.local('act_px', 'i32'), end: f.local('act_end', 'i32'),
      at: f.local('act_at', 'i32'), vectorEnd: f.local('act_vend', 'i32'), value: f.local('act_v', 'v128'),
    };
    passLocals.set(f, locals);
  }
  const { row, rowEnd, pointer, end, at, vectorEnd, value } = locals;
  const rows = tile.rows ?? 1;
  const one = (address: Local) => {
    f.get(address).mem('v128.load').set(value);
    emitActivation(f, activation, value, temp);
    f.get(address).get(value).mem('v128.store');
  };
  const pixels = (start: Local) => {
    f.get(start).tee(pointer).i32(tile.pixels * tile.pixelBytes).op('i32.add').set(end);
    f.countedLoop('act_pixels', pointer, tile.pixelBytes, end, () => {
      if (tile.vectors === 1) return one(pointer);
      f.get(pointer).tee(at).i32(16 * tile.vectors).op('i32.add').set(vectorEnd);
      f.countedLoop('act_vectors', at, 16, vectorEnd, () => one(at));
    });
  };
  f.comment(`${activationName(activation)} over the stored tile: ${rows > 1 ? `${rows} rows × ` : ''}${tile.pixels} px × ${tile.vectors} vector(s)`);
  if (rows === 1) return pixels(base);
  f.get(base).tee(row).i32(rows * tile.rowBytes!).op('i32.add').set(rowEnd);
  f.countedLoop('act_rows', row, tile.rowBytes!, rowEnd, () => pixels(row));
}
