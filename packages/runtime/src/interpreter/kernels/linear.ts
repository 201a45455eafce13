import { elementCount } from '@stride/dsl';
import type { Kernel } from './types.js';

/** y[…, o] = bias[o] + Σᵢ x[…, i] · weight[o, i], on the last dimension. */
export const linear: Kernel<'linear'> = ({ node, inputs: [input], outShape, params }) => {
  const { inFeatures, outFeatures } = node.attrs;
  const rows = elementCount(outShape) / outFeatures;
  const out = new Float32Array(elementCount(outShape));
  for (let r = 0; r < rows; r++) {
    for (let o = 0; o < outFeatures; o++) {
      let sum = params.bias ? params.bias[o] : 0;
      for (let i = 0; i < inFeatures; i++) sum += input[r * inFeatures + i] * params.weight[o * inFeatures + i];
      out[r * outFeatures + o] = sum;
    }
  }
  return out;
};
