/**
 * `linear` (after `flatten`, or on [N, F] features) as the register-blocked conv2d kernel.
 *
 * PyTorch flattens NCHW in (c, y, x) order, so a linear layer's weight [O, C·H·W] is already the
 * conv2d weight [O, C, H, W] of a convolution whose window covers the whole image: the input stays
 * NHWC with its border, and the output is a 1×1 image of O channels per batch entry.
 *
 * On plain features (H = W = 1) with a batch, the N rows are laid side by side as the pixels of
 * one 1×N image instead, so the kernel's pixel tile blocks over the batch (a GEMM of N × F by
 * F × O) rather than running N matrix-vector products.
 */
import type { FunctionBuilder } from '../encoder.js';
import { isDense, noBorder, stridesOf, type NhwcBuffer } from './buffer.js';
import { conv2dFlops, conv2dKernel, packConv2dWeights, type Conv2dParams } from './conv2d.js';
import type { Activation } from './epilogue.js';

export interface LinearParams {
  name: string;
  /** The flattened tensor before flattening: [N, C, H, W] (H = W = 1 for plain features). */
  input: NhwcBuffer;
  /** [N, O, 1, 1]. */
  output: NhwcBuffer;
  weights: number;
  bias?: number;
  activation?: Activation;
  tile?: { pixels: number; channels: number };
}

/** One pixel per image, no border, its own lanes: the batch's features sit back to back. */
const isPlain = (b: NhwcBuffer) => b.height === 1 && b.width === 1 && b.border.top + b.border.bottom + b.border.left + b.border.right === 0 && isDense(b);

/** The conv2d that computes the linear layer. */
export function linearAsConv2d(p: LinearParams): Conv2dParams {
  const { input, output } = p;
  if (output.height !== 1 || output.width !== 1 || output.batch !== input.batch) throw new Error(`${p.name}: a linear layer's output is [N, O, 1, 1]`);
  const common = { name: p.name, stride: [1, 1] as [number, number], dilation: [1, 1] as [number, number], padding: { top: 0, left: 0 }, groups: 1, weights: p.weights, bias: p.bias, activation: p.activation };
  if (input.batch > 1 && isPlain(input) && isPlain(output) && stridesOf(input).image === stridesOf(input).pixel && stridesOf(output).image === stridesOf(output).pixel) {
    const asRow = (b: NhwcBuffer): NhwcBuffer => ({ offset: b.offset, batch: 1, height: 1, width: b.batch, channels: b.channels, border: noBorder });
    return { ...common, input: asRow(input), output: asRow(output), kernel: [1, 1], tile: p.tile };
  }
  // A window row per k-loop where the input's pixels are its own; one k-loop per pixel for a channel slice.
  return { ...common, input, output, kernel: [input.height, input.width], taps: isDense(input) ? 'rows' : 'each', tile: p.tile ?? { pixels: 1, channels: 16 } };
}

export function linearKernel(p: LinearParams): FunctionBuilder {
  return conv2dKernel(linearAsConv2d(p));
}

/** PyTorch's weight [O, C·H·W] in the order the kernel reads it. */
export function packLinearWeights(p: LinearParams, weight: Float32Array): Float32Array {
  return packConv2dWeights(linearAsConv2d(p), weight);
}

export function linearFlops(p: LinearParams): number {
  return conv2dFlops(linearAsConv2d(p));
}
