/** avgPool2d: PyTorch's `nn.AvgPool2d`; the window rule is maxPool2d's `PoolRule` without dilation. */
import type { Dim, OpAttrs } from '../ir';
import { ShapeError } from '../errors';
import type { PairOption } from '../shape';
import { poolRule } from './maxPool2d';

export interface AvgPool2dOptions {
  kernelSize: PairOption;
  /** @default kernelSize */
  stride?: PairOption;
  /** Zero padding per side, at most half the kernel. @default 0 */
  padding?: PairOption;
  /** @default false */
  ceilMode?: boolean;
  /** Whether padded zeros count in the average's divisor. @default true */
  countIncludePad?: boolean;
}

/** Runtime twin of `PoolRule<'avgPool2d', …>`. */
export function avgPool2dRule(input: readonly Dim[], options: AvgPool2dOptions): { attrs: OpAttrs['avgPool2d']; shape: Dim[] } {
  if (typeof options === 'object' && options !== null && 'dilation' in options) {
    throw new ShapeError('avgPool2d: has no dilation option (PyTorch’s AvgPool2d has none)');
  }
  const { shape, kernelSize, stride, padding, ceilMode } = poolRule('avgPool2d', input, options);
  return { attrs: { kernelSize, stride, padding, ceilMode, countIncludePad: options.countIncludePad ?? true }, shape };
}
