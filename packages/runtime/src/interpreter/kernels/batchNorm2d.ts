import type { Kernel } from './types.js';

/** y = (x − running_mean) / √(running_var + eps) · weight + bias, per channel. */
export const batchNorm2d: Kernel<'batchNorm2d'> = ({ node, inputs: [input], inShapes: [[batch, channels, height, width]], params }) => {
  const out = new Float32Array(input.length);
  const plane = height * width;
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const scale = params.weight[c] / Math.sqrt(params.running_var[c] + node.attrs.eps);
      const shift = params.bias[c] - params.running_mean[c] * scale;
      const base = (n * channels + c) * plane;
      for (let i = 0; i < plane; i++) out[base + i] = input[base + i] * scale + shift;
    }
  }
  return out;
};
