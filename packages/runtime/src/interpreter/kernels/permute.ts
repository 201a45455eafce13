import { elementCount } from '@stride/dsl';
import type { Kernel } from './types.js';

/** Output element (i₀, …, iₖ) is the input element whose index along dimension dims[j] is iⱼ. */
export const permute: Kernel<'permute'> = ({ node, inputs: [input], inShapes: [shape], outShape }) => {
  const { dims } = node.attrs;
  const strides = shape.map((_, d) => elementCount(shape.slice(d + 1)));
  const out = new Float32Array(elementCount(outShape));
  const index = outShape.map(() => 0);
  for (let position = 0; position < out.length; position++) {
    let source = 0;
    for (let j = 0; j < dims.length; j++) source += index[j] * strides[dims[j]];
    out[position] = input[source];
    for (let j = index.length - 1; j >= 0 && ++index[j] === outShape[j]; j--) index[j] = 0;
  }
  return out;
};
