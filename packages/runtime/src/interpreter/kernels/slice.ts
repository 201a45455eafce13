import { elementCount } from '@stride/dsl';
import type { Kernel } from './types.js';

/** For each index of the dimensions before `dim`, the blocks start, start + step, … < end of what follows. */
export const slice: Kernel<'slice'> = ({ node, inputs: [input], inShapes: [shape], outShape }) => {
  const { dim, start, step } = node.attrs;
  const outer = elementCount(shape.slice(0, dim));
  const inner = elementCount(shape.slice(dim + 1));
  const out = new Float32Array(elementCount(outShape));
  let position = 0;
  for (let o = 0; o < outer; o++) {
    for (let k = 0; k < outShape[dim]; k++) {
      const from = (o * shape[dim] + start + k * step) * inner;
      out.set(input.subarray(from, from + inner), position);
      position += inner;
    }
  }
  return out;
};
