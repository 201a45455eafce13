import { adaptiveBins } from './adaptiveBins.js';
import type { Kernel } from './types.js';

/** Output cell i averages input rows ⌊i·in/out⌋ … ⌈(i+1)·in/out⌉ − 1 (PyTorch's bins), per axis. */
export const adaptiveAvgPool2d: Kernel<'adaptiveAvgPool2d'> = ({ inputs: [input], inShapes: [shape], outShape }) => {
  const width = shape[3];
  return adaptiveBins(input, shape, outShape, (values, first, y0, y1, x0, x1) => {
    let sum = 0;
    for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) sum += values[first + iy * width + ix];
    return sum / ((y1 - y0) * (x1 - x0));
  });
};
