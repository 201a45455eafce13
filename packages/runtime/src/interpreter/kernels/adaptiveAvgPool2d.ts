import { elementCount } from '@stride/dsl';
import type { Kernel } from './types.js';

/** Output cell i averages input rows ⌊i·in/out⌋ … ⌈(i+1)·in/out⌉ − 1 (PyTorch's bins), per axis. */
export const adaptiveAvgPool2d: Kernel<'adaptiveAvgPool2d'> = ({ inputs: [input], inShapes: [[batch, channels, height, width]], outShape }) => {
  const [, , outHeight, outWidth] = outShape;
  const out = new Float32Array(elementCount(outShape));
  for (let plane = 0; plane < batch * channels; plane++) {
    for (let y = 0; y < outHeight; y++) {
      const y0 = Math.floor((y * height) / outHeight);
      const y1 = Math.ceil(((y + 1) * height) / outHeight);
      for (let x = 0; x < outWidth; x++) {
        const x0 = Math.floor((x * width) / outWidth);
        const x1 = Math.ceil(((x + 1) * width) / outWidth);
        let sum = 0;
        for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) sum += input[(plane * height + iy) * width + ix];
        out[(plane * outHeight + y) * outWidth + x] = sum / ((y1 - y0) * (x1 - x0));
      }
    }
  }
  return out;
};
