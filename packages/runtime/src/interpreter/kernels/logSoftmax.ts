import { elementCount } from '@stride/dsl';
import type { Kernel } from './types.js';

/**
 * x − m − log Σ e^(x − m) along `dim`, m the maximum (PyTorch's stable form: large logits never
 * overflow). NaN anywhere in a line makes the line NaN; +∞ gives ∞ − ∞ = NaN; a line of −∞ is NaN.
 */
export const logSoftmax: Kernel<'logSoftmax'> = ({ node, inputs: [input], inShapes: [shape] }) => {
  const dim = node.attrs.dim;
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
      const log = Math.log(sum);
      for (let k = 0; k < length; k++) out[at(k)] = input[at(k)] - max - log;
    }
  }
  return out;
};
