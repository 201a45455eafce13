import { size, type Kernel } from './types.js';

/** Inputs laid end to end along `dim`: for each outer index, each input's slab in turn. */
export const concat: Kernel<'concat'> = ({ node, inputs, inShapes, outShape }) => {
  const dim = node.attrs.dim;
  const outer = outShape.slice(0, dim).reduce((a, b) => a * b, 1);
  const out = new Float32Array(size(outShape));
  let position = 0;
  for (let o = 0; o < outer; o++) {
    inputs.forEach((input, k) => {
      const slab = inShapes[k].slice(dim).reduce((a, b) => a * b, 1);
      out.set(input.subarray(o * slab, (o + 1) * slab), position);
      position += slab;
    });
  }
  return out;
};
