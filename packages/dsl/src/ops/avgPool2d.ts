/** avgPool2d: PyTorch's `nn.AvgPool2d`; the window rule is maxPool2d's `PoolRule` without dilation. */
import type { Dim, OpAttrs } from '../ir.js';
import { formatShape, ShapeError } from '../errors.js';
import type { PairOption, Shape } from '../shape.js';
import { poolRule, type PoolOutput } from './maxPool2d.js';
import { checkOptions, defineOptions, type SpecType } from './options.js';
import type { UnknownRank } from './rule.js';

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

/**
 * avgPool2d's options in the order messages list them, each value's kind, the required ones (see
 * options.ts); `dilation`, which maxPool2d has, is refused with a note rather than a near miss.
 */
export const avgPool2dOptions = defineOptions<AvgPool2dOptions>()(
  'avgPool2d', ['kernelSize', 'stride', 'padding', 'ceilMode', 'countIncludePad'],
  { kernelSize: 'positive', stride: 'positive', padding: 'non-negative', ceilMode: 'boolean', countIncludePad: 'boolean' },
  ['kernelSize'],
  { dilation: 'PyTorch’s AvgPool2d has none' },
);
/** The type of `avgPool2dOptions`, by a name signatures can print. */
export interface AvgPool2dOptionKinds extends SpecType<typeof avgPool2dOptions> {}
export type AvgPool2dSpec = AvgPool2dOptionKinds;

/** The output shape of avgPool2d for the editor. */
export type AvgPool2dShape<S extends Shape, Options> = S extends unknown ? (UnknownRank<S> extends true ? S : PoolOutput<'avgPool2d', S, Options>) : never;

/** Runtime twin of `PoolRuleOf<'avgPool2d', …>`. */
export function avgPool2dRule(input: readonly Dim[], options: AvgPool2dOptions): { attrs: OpAttrs['avgPool2d']; shape: Dim[] } {
  checkOptions(avgPool2dOptions, options);
  if (input.length !== 4) throw new ShapeError(`avgPool2d: expects a rank-4 NCHW tensor, got ${formatShape(input)}`);
  const { shape, kernelSize, stride, padding, ceilMode } = poolRule('avgPool2d', input, options);
  return { attrs: { kernelSize, stride, padding, ceilMode, countIncludePad: options.countIncludePad ?? true }, shape };
}
