/**
 * The element-wise activations, one function each, PyTorch's definitions. They share a file because
 * each is one line; the registry maps every op name to its own function.
 */
import type { ActivationOp } from '@stride/dsl';
import { erf } from './erf.js';
import type { Kernel } from './types.js';

const map = (input: Float32Array, f: (x: number) => number) => {
  const out = new Float32Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = f(input[i]);
  return out;
};
const relu6Of = (x: number) => (x <= 0 ? 0 : x >= 6 ? 6 : x);
const sigmoidOf = (x: number) => 1 / (1 + Math.exp(-x));

export const relu: Kernel<'relu'> = ({ inputs: [x] }) => map(x, (v) => (v > 0 ? v : v === 0 || v < 0 ? 0 : v));
export const relu6: Kernel<'relu6'> = ({ inputs: [x] }) => map(x, (v) => (Number.isNaN(v) ? v : relu6Of(v)));
export const leakyRelu: Kernel<'leakyRelu'> = ({ node, inputs: [x] }) => map(x, (v) => (v >= 0 ? v : v * node.attrs.slope));
export const sigmoid: Kernel<'sigmoid'> = ({ inputs: [x] }) => map(x, sigmoidOf);
export const tanh: Kernel<'tanh'> = ({ inputs: [x] }) => map(x, Math.tanh);
/** Exact GELU: x · Φ(x) = x/2 · (1 + erf(x/√2)). */
export const gelu: Kernel<'gelu'> = ({ inputs: [x] }) => map(x, (v) => 0.5 * v * (1 + erf(v / Math.SQRT2)));
export const silu: Kernel<'silu'> = ({ inputs: [x] }) => map(x, (v) => v * sigmoidOf(v));
export const hardswish: Kernel<'hardswish'> = ({ inputs: [x] }) => map(x, (v) => (Number.isNaN(v) ? v : (v * relu6Of(v + 3)) / 6));
export const hardsigmoid: Kernel<'hardsigmoid'> = ({ inputs: [x] }) => map(x, (v) => (Number.isNaN(v) ? v : relu6Of(v + 3) / 6));

export type ActivationKernels = { [Op in ActivationOp]: Kernel<Op> };

/** x for x > 0, alpha·(eˣ − 1) otherwise (expm1, exact near 0); NaN stays NaN. */
export const elu: Kernel<'elu'> = ({ node, inputs: [x] }) => map(x, (v) => (v > 0 ? v : node.attrs.alpha * Math.expm1(v)));
/** min(max(x, min), max), each bound where given; NaN stays NaN (Math.max and Math.min propagate it). */
export const clamp: Kernel<'clamp'> = ({ node, inputs: [x] }) => {
  const { min, max } = node.attrs;
  return map(x, (v) => {
    let y = v;
    if (min !== null) y = Math.max(y, min);
    if (max !== null) y = Math.min(y, max);
    return y;
  });
};
