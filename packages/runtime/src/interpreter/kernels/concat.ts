import { elementCount } from '@stride/dsl';
import type { Kernel } from './types.js';

/** Inputs laid end to end along `dim`: for each outer index, each input's slab in turn. */
export const concat: Kernel<'concat'> = ({ node, inputs, inShapes, outShape }) => {
  const dim = node.attrs.dim;
  const outer = elementCount(outShape.slice(0, dim));
  const out = new Float32Array(elementCount(outShape));
  let position = 0;
  for (let o = 0; o < outer; o++) {
    inputs.forEach((input, k) => {
      const slab = elementCount(inShapes[k].slice(dim));
      out.set(input.subarray(o * slab, (o + 1) * slab), position);
      position += slab;
    });
  }
  return out;
};
