import { elementCount } from '@stride/dsl';
import type { Kernel } from './types.js';

/**
 * The adjoint of conv2d: each input pixel scatters w[c, o, ky, kx] · in into
 * out[y·stride − padding + ky·dilation, …]; weight layout [in, out/groups, kh, kw] as PyTorch's.
 */
export const convTranspose2d: Kernel<'convTranspose2d'> = ({ node, inputs: [input], inShapes: [[batch, inChannels, height, width]], outShape, params }) => {
  const { outChannels, kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw], groups } = node.attrs;
  const [, , outHeight, outWidth] = outShape;
  const weight = params.weight;
  const inPerGroup = inChannels / groups;
  const outPerGroup = outChannels / groups;
  const sums = new Float64Array(elementCount(outShape));
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < inChannels; c++) {
      const group = Math.floor(c / inPerGroup);
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const value = input[((n * inChannels + c) * height + y) * width + x];
          for (let og = 0; og < outPerGroup; og++) {
            const o = group * outPerGroup + og;
            for (let ky = 0; ky < kh; ky++) {
              const oy = y * sh - ph + ky * dh;
              if (oy < 0 || oy >= outHeight) continue;
              for (let kx = 0; kx < kw; kx++) {
                const ox = x * sw - pw + kx * dw;
                if (ox < 0 || ox >= outWidth) continue;
                sums[((n * outChannels + o) * outHeight + oy) * outWidth + ox] += weight[((c * outPerGroup + og) * kh + ky) * kw + kx] * value;
              }
            }
          }
        }
      }
    }
  }
  const out = new Float32Array(sums.length);
  const bias = params.bias;
  const plane = outHeight * outWidth;
  for (let i = 0; i < out.length; i++) out[i] = sums[i] + (bias ? bias[Math.floor(i / plane) % outChannels] : 0);
  return out;
};
