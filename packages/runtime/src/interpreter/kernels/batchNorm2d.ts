import type { Kernel } from './types.js';

/**
 * Batch norm at inference as the per-channel affine map it is: y = x · scale + shift with
 * scale = weight / √(running_var + eps) and shift = bias − running_mean · scale. The one place this
 * arithmetic lives: the interpreter below, the compiler's `foldBatchNorm` pass and its lowering of
 * an unfolded batch norm all call it, so they round alike.
 */
export function batchNormAffine(
  params: { weight: ArrayLike<number>; bias: ArrayLike<number>; running_mean: ArrayLike<number>; running_var: ArrayLike<number> },
  eps: number,
  channel: number,
): { scale: number; shift: number } {
  const scale = params.weight[channel] / Math.sqrt(params.running_var[channel] + eps);
  return { scale, shift: params.bias[channel] - params.running_mean[channel] * scale };
}

/** y = (x − running_mean) / √(running_var + eps) · weight + bias, per channel. */
export const batchNorm2d: Kernel<'batchNorm2d'> = ({ node, inputs: [input], inShapes: [[batch, channels, height, width]], params }) => {
  const out = new Float32Array(input.length);
  const plane = height * width;
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const { scale, shift } = batchNormAffine(params as unknown as Parameters<typeof batchNormAffine>[0], node.attrs.eps, c);
      const base = (n * channels + c) * plane;
      for (let i = 0; i < plane; i++) out[base + i] = input[base + i] * scale + shift;
    }
  }
  return out;
};
