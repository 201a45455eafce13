import { channelAffine, normalizeBlocks } from './normalize.js';
import type { Kernel } from './types.js';

/** Each image's group of C / G channels (contiguous in NCHW) normalized over its channels and pixels, then weight · y + bias per channel. */
export const groupNorm: Kernel<'groupNorm'> = ({ node, inputs: [input], inShapes: [[, channels, height, width]], params }) =>
  normalizeBlocks(input, (channels / node.attrs.numGroups) * height * width, node.attrs.eps, channelAffine(params, channels, height * width));
