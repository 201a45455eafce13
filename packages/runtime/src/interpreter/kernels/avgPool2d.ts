import { elementCount } from '@stride/dsl';
import type { Kernel } from './types.js';

/**
 * The mean over each window, PyTorch's way: the window is first clipped to the padded input (which
 * matters in ceil mode), that size is the divisor when padding counts; otherwise the divisor is the
 * number of real pixels.
 */
export const avgPool2d: Kernel<'avgPool2d'> = ({ node, inputs: [input], inShapes: [[batch, channels, height, width]], outShape }) => {
  const { kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw], countIncludePad } = node.attrs;
  const [, , outHeight, outWidth] = outShape;
  const out = new Float32Array(elementCount(outShape));
  for (let plane = 0; plane < batch * channels; plane++) {
    for (let y = 0; y < outHeight; y++) {
      for (let x = 0; x < outWidth; x++) {
        let y0 = y * sh - ph;
        let x0 = x * sw - pw;
        let y1 = Math.min(y0 + kh, height + ph);
        let x1 = Math.min(x0 + kw, width + pw);
        const padded = (y1 - y0) * (x1 - x0);
        y0 = Math.max(y0, 0);
        x0 = Math.max(x0, 0);
        y1 = Math.min(y1, height);
        x1 = Math.min(x1, width);
        let sum = 0;
        for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) sum += input[(plane * height + iy) * width + ix];
        out[(plane * outHeight + y) * outWidth + x] = sum / (countIncludePad ? padded : (y1 - y0) * (x1 - x0));
      }
    }
  }
  return out;
};
