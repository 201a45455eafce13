/**
 * The JavaScript target's cost model: which conv2d kernel a layer gets, from its shape alone (every
 * shape is known at build time).
 *
 * Structural cases come first — depthwise, grouped, 1×1 as a GEMM, Winograd F(2×2, 3×3) for dense
 * 3×3 stride-1 layers with 16+ channels. For the remaining dense layers a cost model compares direct
 * convolution (4 output channels × 4 pixels in locals) with 1-D Winograd F(m, r) along the width for
 * every tile size m it supports, and takes the cheapest.
 *
 * The model counts instructions the way V8 compiles these kernels on x86-64 and ARM64: a typed-array
 * load or store costs about five (index arithmetic, bounds check, the access), a multiply-add two, a
 * lone add or multiply one. Calibrated on LeNet-5's two 5×5 layers: for the 6 → 16 layer at 14×14
 * it ranks the kernels as they measured (F(10, 5), F(5, 5), F(6, 5), F(4, 5), F(8, 5), direct).
 */
import type { OpAttrs } from '@stride/dsl';
import { maxWinogradTile, winogradMatrices } from '../../plan/winograd.js';

type Conv2dAttrs = OpAttrs['conv2d'];

const LOAD = 5;
const STORE = 5;
const FLOP = 1;
const MULTIPLY_ADD = 2;

/** The largest Winograd tile the kernel choice considers: bigger tiles cost code size for little gain. */
const maxRowsTile = 16;

export type Conv2dKernel =
  | { kernel: 'conv2d/depthwise' | 'conv2d/grouped' | 'conv2d/1x1-gemm' | 'conv2d/direct-4x4' | 'conv2d/winograd-2x2' }
  | { kernel: 'conv2d/winograd-rows'; m: number; blockChannels: number };

/**
 * @param inShape the (unpadded) input shape [n, c, h, w]
 * @param outShape the output shape [n, k, oh, ow]
 * @param finiteWeights whether every weight is finite (Winograd mixes weights across taps)
 */
export function chooseConv2dKernel(attrs: Conv2dAttrs, inShape: number[], outShape: number[], finiteWeights: boolean): Conv2dKernel {
  const { groups, inChannels, outChannels, kernelSize: [kh, kw], stride: [sh, sw], dilation: [dh, dw], padding } = attrs;
  if (groups === inChannels && groups === outChannels) return { kernel: 'conv2d/depthwise' };
  if (groups !== 1) return { kernel: 'conv2d/grouped' };
  const unpadded = padding.top + padding.bottom + padding.left + padding.right === 0;
  if (kh === 1 && kw === 1 && sh === 1 && sw === 1 && unpadded) return { kernel: 'conv2d/1x1-gemm' };
  const [, , outHeight, outWidth] = outShape;
  if (kh === 3 && kw === 3 && sh === 1 && sw === 1 && dh === 1 && dw === 1 && outChannels % 4 === 0 && inChannels >= 16 && outChannels >= 16 &&
    outHeight >= 4 && outWidth >= 4 && inShape.length === 4 && finiteWeights) {
    return { kernel: 'conv2d/winograd-2x2' };
  }
  const direct = directCost(inChannels, outChannels, outHeight, outWidth, kh, kw, sw, dw);
  let best: Conv2dKernel = { kernel: 'conv2d/direct-4x4' };
  let bestCost = direct;
  if (sw === 1 && dw === 1 && kw >= 2 && finiteWeights) {
    const blockChannels = rowsBlockChannels(outChannels);
    const paddedHeight = inShape[2] + padding.top + padding.bottom;
    for (let m = 2; m + kw - 1 <= Math.min(maxRowsTile, maxWinogradTile); m++) {
      const cost = winogradRowsCost(m, kw, inChannels, outChannels, outHeight, outWidth, kh, paddedHeight, blockChannels, sh);
      if (cost < bestCost) {
        best = { kernel: 'conv2d/winograd-rows', m, blockChannels };
        bestCost = cost;
      }
    }
  }
  return best;
}

/** Output channels per GEMM block of the Winograd-rows kernel: 4, or 3 when that avoids a narrow tail. */
export function rowsBlockChannels(outChannels: number): number {
  return outChannels % 4 !== 0 && outChannels % 3 === 0 ? 3 : 4;
}

/** Block widths when `total` items go in blocks of `size`: full blocks, then the narrower tail. */
function blockWidths(total: number, size: number): number[] {
  const widths = Array.from({ length: Math.floor(total / size) }, () => size);
  if (total % size) widths.push(total % size);
  return widths;
}

/** Estimated instructions for the direct kernel: blocks of 4 output channels × 4 pixels, narrower at the edges. */
export function directCost(inChannels: number, outChannels: number, outHeight: number, outWidth: number, kh: number, kw: number, sw: number, dw: number): number {
  let total = 0;
  for (const channels of blockWidths(outChannels, 4)) {
    for (const pixels of blockWidths(outWidth, 4)) {
      const taps = new Set<number>();
      for (let p = 0; p < pixels; p++) for (let kx = 0; kx < kw; kx++) taps.add(kx * dw + p * sw);
      const perRow = (taps.size + channels * kw) * LOAD + channels * pixels * kw * MULTIPLY_ADD;
      total += outHeight * (inChannels * kh * perRow + channels * pixels * STORE);
    }
  }
  return total;
}

/** Instructions to apply a constant matrix: an add per ±1 entry, a multiply-add per other nonzero. */
const applyCost = (matrix: number[][]) =>
  matrix.reduce((count, row) => count + row.reduce((sum, x) => sum + (x === 0 ? 0 : Math.abs(x) === 1 ? FLOP : MULTIPLY_ADD), 0), 0);

/**
 * Estimated instructions for 1-D Winograd F(m, kw) along the width. With vertical stride 1 the GEMM
 * columns (rows × tiles) are one run, blocked by 4 across rows; otherwise each row's tiles are.
 */
export function winogradRowsCost(m: number, kw: number, inChannels: number, outChannels: number, outHeight: number, outWidth: number, kh: number, paddedHeight: number, blockChannels: number, strideHeight = 1): number {
  const { n, AT, BT } = winogradMatrices(m, kw);
  const tiles = Math.ceil(outWidth / m);
  const pixels = 4;
  const inputTransform = inChannels * paddedHeight * tiles * (n * LOAD + applyCost(BT) + n * STORE + n * FLOP);
  const columnBlocks = strideHeight === 1 ? blockWidths(outHeight * tiles, pixels) : Array.from({ length: outHeight }, () => blockWidths(tiles, pixels)).flat();
  let gemm = 0;
  for (const channels of blockWidths(outChannels, blockChannels)) {
    for (const width of columnBlocks) {
      gemm += n * (inChannels * kh * ((channels + width) * LOAD + channels * width * MULTIPLY_ADD) + channels * width * STORE);
    }
  }
  const outputTransform = outChannels * outHeight * tiles * (n * LOAD + applyCost(AT) + m * STORE);
  return inputTransform + gemm + outputTransform;
}
