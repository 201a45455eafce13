import { elementCount } from '@stride/dsl';
import type { Kernel } from './types.js';

/** Nearest neighbour: out[y, x] = in[⌊y / scale⌋, ⌊x / scale⌋] for integer scale factors. */
export const upsample: Kernel<'upsample'> = ({ node, inputs: [input], inShapes: [[batch, channels, height, width]], outShape }) => {
  const [sy, sx] = node.attrs.scaleFactor;
  const [, , outHeight, outWidth] = outShape;
  const out = new Float32Array(elementCount(outShape));
  for (let plane = 0; plane < batch * channels; plane++) {
    for (let y = 0; y < outHeight; y++) {
      const iy = Math.min(Math.floor(y / sy), height - 1);
      for (let x = 0; x < outWidth; x++) {
        out[(plane * outHeight + y) * outWidth + x] = input[(plane * height + iy) * width + Math.min(Math.floor(x / sx), width - 1)];
      }
    }
  }
  return out;
};
