import { elementCount } from '@stride/dsl';
import type { Kernel } from './types.js';

/** Output cell i is the maximum of input rows ⌊i·in/out⌋ … ⌈(i+1)·in/out⌉ − 1 (PyTorch's bins), per axis; NaN wins, as in PyTorch. */
export const adaptiveMaxPool2d: Kernel<'adaptiveMaxPool2d'> = ({ inputs: [input], inShapes: [[batch, channels, height, width]], outShape }) => {
  const [, , outHeight, outWidth] = outShape;
  const out = new Float32Array(elementCount(outShape));
  for (let plane = 0; plane < batch * channels; plane++) {
    for (let y = 0; y < outHeight; y++) {
      const y0 = Math.floor((y * height) / outHeight);
      const y1 = Math.ceil(((y + 1) * height) / outHeight);
      for (let x = 0; x < outWidth; x++) {
        const x0 = Math.floor((x * width) / outWidth);
        const x1 = Math.ceil(((x + 1) * width) / outWidth);
        let max = -Infinity;
        for (let iy = y0; iy < y1; iy++) {
          for (let ix = x0; ix < x1; ix++) {
            const v = input[(plane * height + iy) * width + ix];
            if (v > max || Number.isNaN(v)) max = v;
            if (Number.isNaN(max)) break;
          }
          if (Number.isNaN(max)) break;
        }
        out[(plane * outHeight + y) * outWidth + x] = max;
      }
    }
  }
  return out;
};
