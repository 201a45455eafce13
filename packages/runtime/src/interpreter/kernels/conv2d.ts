import type { PaddingMode } from '@stride/dsl';
import { size, type Kernel } from './types.js';

/**
 * Where an input index outside [0, length) reads from, per padding mode; -1 means a zero.
 * PyTorch pads non-zero modes explicitly (F.pad) before the convolution: reflect mirrors without
 * repeating the edge, replicate repeats it, circular wraps.
 */
export function padIndex(index: number, length: number, mode: PaddingMode): number {
  if (index >= 0 && index < length) return index;
  switch (mode) {
    case 'zeros': return -1;
    case 'replicate': return index < 0 ? 0 : length - 1;
    case 'circular': return ((index % length) + length) % length;
    case 'reflect': {
      const period = 2 * (length - 1);
      if (period === 0) return 0;
      let i = ((index % period) + period) % period;
      if (i >= length) i = period - i;
      return i;
    }
  }
}

/** out[n, o, y, x] = bias[o] + Σ over the group's input channels and the kernel of w · in (padded, dilated, strided). */
export const conv2d: Kernel<'conv2d'> = ({ node, inputs: [input], inShapes: [[batch, inChannels, height, width]], outShape, params }) => {
  const { outChannels, kernelSize: [kh, kw], stride: [sh, sw], padding, dilation: [dh, dw], groups, paddingMode } = node.attrs;
  const [, , outHeight, outWidth] = outShape;
  const weight = params.weight;
  const bias = params.bias;
  const inPerGroup = inChannels / groups;
  const outPerGroup = outChannels / groups;
  const out = new Float32Array(size(outShape));
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outChannels; o++) {
      const group = Math.floor(o / outPerGroup);
      for (let y = 0; y < outHeight; y++) {
        for (let x = 0; x < outWidth; x++) {
          let sum = bias ? bias[o] : 0;
          for (let c = 0; c < inPerGroup; c++) {
            const channel = group * inPerGroup + c;
            for (let ky = 0; ky < kh; ky++) {
              const iy = padIndex(y * sh - padding.top + ky * dh, height, paddingMode);
              if (iy < 0) continue;
              for (let kx = 0; kx < kw; kx++) {
                const ix = padIndex(x * sw - padding.left + kx * dw, width, paddingMode);
                if (ix < 0) continue;
                sum += weight[((o * inPerGroup + c) * kh + ky) * kw + kx] * input[((n * inChannels + channel) * height + iy) * width + ix];
              }
            }
          }
          out[((n * outChannels + o) * outHeight + y) * outWidth + x] = sum;
        }
      }
    }
  }
  return out;
};
