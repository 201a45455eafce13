import { elementCount } from '@stride/dsl';
import { normalizeBlocks } from './normalize.js';
import type { Kernel } from './types.js';

/** Each block of the trailing dimensions (normalizedShape) normalized over its elements, then weight · y + bias element by element. */
export const layerNorm: Kernel<'layerNorm'> = ({ node, inputs: [input], params: { weight, bias } }) => {
  const length = elementCount(node.attrs.normalizedShape);
  return normalizeBlocks(input, length, node.attrs.eps, weight ? (position, value) => value * weight[position % length] + bias[position % length] : (_, value) => value);
};
