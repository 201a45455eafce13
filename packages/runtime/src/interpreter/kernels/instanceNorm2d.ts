import { channelAffine, normalizeBlocks } from './normalize.js';
import type { Kernel } from './types.js';

/** Each image's each channel normalized over its pixels (the input's own statistics), then weight · y + bias per channel with affine. */
export const instanceNorm2d: Kernel<'instanceNorm2d'> = ({ node, inputs: [input], inShapes: [[, channels, height, width]], params }) =>
  normalizeBlocks(input, height * width, node.attrs.eps, channelAffine(params, channels, height * width));
