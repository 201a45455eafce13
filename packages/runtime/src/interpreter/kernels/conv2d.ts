import type { PaddingMode } from '@stride/dsl';
import { elementCount } from '@stride/dsl';
import type { Kernel } from './types.js';

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

/**
 * out[n, o, y, x] = bias[o] + Σ over the group's input channels and the kernel of w · in (padded,
 * dilated, strided). Each output's sum runs over c, then ky, then kx, in float64, as the formula
 * reads; the loops are ordered so the innermost one walks a row of outputs, with the padded source
 * index of every (tap, output position) looked up in tables `padIndex` fills once per layer.
 */
export const conv2d: Kernel<'conv2d'> = ({ node, inputs: [input], inShapes: [[batch, inChannels, height, width]], outShape, params }) => {
  const { outChannels, kernelSize: [kh, kw], stride: [sh, sw], padding, dilation: [dh, dw], groups, paddingMode } = node.attrs;
  const [, , outHeight, outWidth] = outShape;
  const weight = params.weight;
  const bias = params.bias;
  const inPerGroup = inChannels / groups;
  const outPerGroup = outChannels / groups;
  // rows[ky · outHeight + y]: the input row tap ky of output row y reads (−1: a zero); columns likewise.
  const rows = Int32Array.from({ length: kh * outHeight }, (_, i) => padIndex((i % outHeight) * sh - padding.top + Math.floor(i / outHeight) * dh, height, paddingMode));
  const columns = Int32Array.from({ length: kw * outWidth }, (_, i) => padIndex((i % outWidth) * sw - padding.left + Math.floor(i / outWidth) * dw, width, paddingMode));
  const plane = new Float64Array(outHeight * outWidth);
  const out = new Float32Array(elementCount(outShape));
  for (let n = 0; n < batch; n++) {
    for (let o = 0; o < outChannels; o++) {
      const group = Math.floor(o / outPerGroup);
      plane.fill(bias ? bias[o] : 0);
      for (let c = 0; c < inPerGroup; c++) {
        const source = (n * inChannels + group * inPerGroup + c) * height * width;
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            const w = weight[((o * inPerGroup + c) * kh + ky) * kw + kx];
            for (let y = 0; y < outHeight; y++) {
              const iy = rows[ky * outHeight + y];
              if (iy < 0) continue;
              for (let x = 0; x < outWidth; x++) {
                const ix = columns[kx * outWidth + x];
                if (ix >= 0) plane[y * outWidth + x] += w * input[source + iy * width + ix];
              }
            }
          }
        }
      }
      out.set(plane, (n * outChannels + o) * outHeight * outWidth);
    }
  }
  return out;
};
