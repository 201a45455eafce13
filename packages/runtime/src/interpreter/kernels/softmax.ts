import { elementCount } from '@stride/dsl';
import type { Kernel } from './types.js';

/** e^(x − max) / Σ e^(x − max) along `dim`; subtracting the max keeps it finite. */
export const softmax: Kernel<'softmax'> = ({ node, inputs: [input], inShapes: [shape] }) => alongDim(input, shape, node.attrs.dim, 'softmax');

/**
 * Every line along `dim`: its maximum m and s = Σ e^(x − m), then e^(x − m) / s (softmax) or
 * x − m − log s (logSoftmax) per element.
 */
export function alongDim(input: Float32Array, shape: number[], dim: number, form: 'softmax' | 'log'): Float32Array {
  const length = shape[dim];
  const inner = elementCount(shape.slice(dim + 1));
  const outer = input.length / (length * inner);
  const out = new Float32Array(input.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (k: number) => (o * length + k) * inner + i;
      let max = -Infinity;
      for (let k = 0; k < length; k++) max = Math.max(max, input[at(k)]);
      let sum = 0;
      for (let k = 0; k < length; k++) sum += Math.exp(input[at(k)] - max);
      if (form === 'softmax') for (let k = 0; k < length; k++) out[at(k)] = Math.exp(input[at(k)] - max) / sum;
      else {
        const log = Math.log(sum);
        for (let k = 0; k < length; k++) out[at(k)] = input[at(k)] - max - log;
      }
    }
  }
  return out;
}
