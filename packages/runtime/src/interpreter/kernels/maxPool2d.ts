import { elementCount } from '@stride/dsl';
import type { Kernel } from './types.js';

/** The maximum over each (dilated) window; padding counts as −∞, so it never wins. */
export const maxPool2d: Kernel<'maxPool2d'> = ({ node, inputs: [input], inShapes: [[batch, channels, height, width]], outShape }) => {
  const { kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw] } = node.attrs;
  const [, , outHeight, outWidth] = outShape;
  const out = new Float32Array(elementCount(outShape));
  for (let plane = 0; plane < batch * channels; plane++) {
    for (let y = 0; y < outHeight; y++) {
      for (let x = 0; x < outWidth; x++) {
        let best = -Infinity;
        for (let ky = 0; ky < kh; ky++) {
          const iy = y * sh - ph + ky * dh;
          if (iy < 0 || iy >= height) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = x * sw - pw + kx * dw;
            if (ix < 0 || ix >= width) continue;
            const value = input[(plane * height + iy) * width + ix];
            // NaN propagates, as in PyTorch.
            if (value > best || Number.isNaN(value)) best = value;
            if (Number.isNaN(best)) break;
          }
        }
        out[(plane * outHeight + y) * outWidth + x] = best;
      }
    }
  }
  return out;
};
