/** avgPool2d: PyTorch's `nn.AvgPool2d`; the window rule is maxPool2d's `PoolRule` without dilation. */
import type { Dim, OpAttrs } from '../ir.js';
import { formatShape, ShapeError } from '../errors.js';
import type { PairOption } from '../shape.js';
import { poolRule } from './maxPool2d.js';
import { checkBoolean, checkOptions } from './options.js';

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

/** Every option of avgPool2d, in the order error messages list them; `satisfies` keeps it equal to `AvgPool2dOptions`. */
export const avgPool2dOptionKeys = Object.keys({
  kernelSize: 0, stride: 0, padding: 0, ceilMode: 0, countIncludePad: 0,
} satisfies Record<keyof AvgPool2dOptions, 0>);

/** Runtime twin of `PoolRule<'avgPool2d', …>`. `layer` names the call in runtime-only sentences (see options.ts). */
export function avgPool2dRule(input: readonly Dim[], options: AvgPool2dOptions, layer = 'avgPool2d'): { attrs: OpAttrs['avgPool2d']; shape: Dim[] } {
  if (input.length !== 4) throw new ShapeError(`avgPool2d: expects a rank-4 NCHW tensor, got ${formatShape(input)}`);
  if (typeof options === 'object' && options !== null && 'dilation' in options) {
    throw new ShapeError(`${layer}: has no dilation option (PyTorch’s AvgPool2d has none)`);
  }
  checkOptions(layer, options, avgPool2dOptionKeys, ['kernelSize']);
  checkBoolean(layer, 'countIncludePad', options.countIncludePad);
  const { shape, kernelSize, stride, padding, ceilMode } = poolRule('avgPool2d', input, options, layer);
  return { attrs: { kernelSize, stride, padding, ceilMode, countIncludePad: options.countIncludePad ?? true }, shape };
}
