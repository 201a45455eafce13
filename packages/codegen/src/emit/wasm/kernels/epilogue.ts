/**
 * What a kernel does to a finished vector before storing it: a residual add, then an activation —
 * PyTorch's order in a residual block, relu(bn(conv(x)) + identity).
 *
 * Activations follow the reference interpreter (packages/runtime/src/interpreter/kernels/activations.ts)
 * including NaN: wasm's f32x4.min/max propagate NaN, and max(−0, +0) is +0, as relu gives.
 * Activations that need exp or erf (sigmoid, tanh, silu, gelu) are not here yet.
 */
import type { FunctionBuilder, Local } from '../encoder.js';

export type Activation =
  | { op: 'relu' }
  | { op: 'relu6' }
  | { op: 'hardsigmoid' }
  | { op: 'hardswish' }
  | { op: 'leakyRelu'; slope: number };

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
  }
}

const zero = [0, 0, 0, 0] as const;
const splat = (x: number) => [x, x, x, x] as const;

/** value = activation(value), on a v128 local; `temp` is a scratch v128 local. */
export function emitActivation(f: FunctionBuilder, activation: Activation | undefined, value: Local, temp: Local): void {
  if (!activation) return;
  switch (activation.op) {
    case 'relu':
      f.get(value).f32x4(zero).op('f32x4.max').set(value);
      return;
    case 'relu6':
      f.get(value).f32x4(zero).op('f32x4.max').f32x4(splat(6)).op('f32x4.min').set(value);
      return;
    case 'hardsigmoid':
      // relu6(x + 3) / 6, divided rather than multiplied by 1/6 to round as the reference does.
      f.get(value).f32x4(splat(3)).op('f32x4.add').f32x4(zero).op('f32x4.max').f32x4(splat(6)).op('f32x4.min');
      f.f32x4(splat(6)).op('f32x4.div').set(value);
      return;
    case 'hardswish':
      f.get(value).f32x4(splat(3)).op('f32x4.add').f32x4(zero).op('f32x4.max').f32x4(splat(6)).op('f32x4.min');
      f.get(value).op('f32x4.mul').f32x4(splat(6)).op('f32x4.div').set(value);
      return;
    case 'leakyRelu':
      // x ≥ 0 ? x : slope·x as a lane select; NaN fails the compare and takes slope·NaN = NaN.
      f.get(value).f32x4(zero).op('f32x4.ge').set(temp);
      f.get(value).get(value).f32x4(splat(activation.slope)).op('f32x4.mul').get(temp).op('v128.bitselect').set(value);
      return;
  }
}

/** A short tag for kernel names and comments. */
export function activationName(activation: Activation | undefined): string {
  if (!activation) return 'none';
  return activation.op === 'leakyRelu' ? `leakyRelu(${activation.slope})` : activation.op;
}
