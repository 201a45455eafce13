import { adaptiveBins } from './adaptiveBins.js';
import type { Kernel } from './types.js';

/** Output cell i is the maximum of input rows ⌊i·in/out⌋ … ⌈(i+1)·in/out⌉ − 1 (PyTorch's bins), per axis; NaN wins, as in PyTorch. */
export const adaptiveMaxPool2d: Kernel<'adaptiveMaxPool2d'> = ({ inputs: [input], inShapes: [shape], outShape }) => {
  const width = shape[3];
  return adaptiveBins(input, shape, outShape, (values, first, y0, y1, x0, x1) => {
    let max = -Infinity;
    for (let iy = y0; iy < y1; iy++) {
      for (let ix = x0; ix < x1; ix++) {
        const v = values[first + iy * width + ix];
        if (v > max || Number.isNaN(v)) max = v;
        if (Number.isNaN(max)) return max;
      }
    }
    return max;
  });
};
