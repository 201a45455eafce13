import { elementCount } from '@stride/dsl';
import type { Kernel } from './types.js';

/** Output (…, c, y, x) is input (…, c·r² + (y mod r)·r + x mod r, ⌊y / r⌋, ⌊x / r⌋), as PyTorch's pixel_shuffle. */
export const pixelShuffle: Kernel<'pixelShuffle'> = ({ node, inputs: [input], inShapes: [shape], outShape }) => {
  const r = node.attrs.upscaleFactor;
  const [channels, height, width] = shape.slice(-3);
  const [outChannels, outHeight, outWidth] = outShape.slice(-3);
  const images = elementCount(shape.slice(0, -3));
  const out = new Float32Array(elementCount(outShape));
  for (let n = 0; n < images; n++) {
    for (let c = 0; c < outChannels; c++) {
      for (let y = 0; y < outHeight; y++) {
        for (let x = 0; x < outWidth; x++) {
          const source = ((n * channels + c * r * r + (y % r) * r + (x % r)) * height + Math.floor(y / r)) * width + Math.floor(x / r);
          out[((n * outChannels + c) * outHeight + y) * outWidth + x] = input[source];
        }
      }
    }
  }
  return out;
};
