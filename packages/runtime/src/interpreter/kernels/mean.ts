import { elementCount } from '@stride/dsl';
import type { Kernel } from './types.js';

/**
 * The average over the axes `dims`, in float64: every input element is added into the output element
 * whose index is its own with the reduced axes dropped (or at 0, with keepDim: the same order), then
 * each sum is divided by the count of elements it gathered.
 */
export const mean: Kernel<'mean'> = ({ node, inputs: [input], inShapes: [shape], outShape }) => {
  const reduced = new Set(node.attrs.dims);
  const sums = new Float64Array(elementCount(outShape));
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < input.length; i++) {
    let o = 0;
    for (let d = 0; d < shape.length; d++) if (!reduced.has(d)) o = o * shape[d] + index[d];
    sums[o] += input[i];
    for (let d = shape.length - 1; d >= 0 && ++index[d] === shape[d]; d--) index[d] = 0;
  }
  const count = input.length / sums.length;
  return Float32Array.from(sums, (sum) => sum / count);
};
