/** adaptiveAvgPool2d: PyTorch's `nn.AdaptiveAvgPool2d`, output size fixed, bins adapt to the input. */
import type { Dim, OpAttrs } from '../ir.js';
import { formatShape, ShapeError, type FormatShape } from '../errors.js';
import { pairOf, type PairOf, type PairOption, type Shape } from '../shape.js';
import { checkPositive, type CheckPositive } from './options.js';
import type { ErrorTable, MessageOf, UnknownRank, VerdictOf, Resolve } from './rule.js';
import type { Fail } from './window.js';

export type AdaptiveAvgPool2dRule<S extends Shape, Size> =
  S extends readonly [infer Batch, infer Channels, unknown, unknown]
    ? CheckPositive<'adaptiveAvgPool2d', 'outputSize', Size> extends Fail<string, infer Message> ? Fail<'', Message>
      : [Batch, Channels, PairOf<Size, 1>[0], PairOf<Size, 1>[1]]
    : Fail<'', `adaptiveAvgPool2d: expects a rank-4 NCHW tensor, got ${FormatShape<S>}`>;
export type AdaptiveAvgPool2dErrors<S extends Shape, Size> =
  ErrorTable<MessageOf<AdaptiveAvgPool2dRule<S, Size>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<AdaptiveAvgPool2dRule<S, Size>>) : never];
export type AdaptiveAvgPool2dShape<S extends Shape, Size> = Resolve<S, AdaptiveAvgPool2dRule<S, Size>>;

/** Runtime twin of `AdaptiveAvgPool2dRule`. `layer` names the call in runtime-only sentences (see options.ts). */
export function adaptiveAvgPool2dRule(input: readonly Dim[], outputSize: PairOption, layer = 'adaptiveAvgPool2d'): { attrs: OpAttrs['adaptiveAvgPool2d']; shape: Dim[] } {
  if (input.length !== 4) throw new ShapeError(`adaptiveAvgPool2d: expects a rank-4 NCHW tensor, got ${formatShape(input)}`);
  if (outputSize === undefined) throw new ShapeError(`${layer}: outputSize is required`);
  checkPositive('adaptiveAvgPool2d', 'outputSize', outputSize);
  const size = pairOf(outputSize, 1);
  return { attrs: { outputSize: size }, shape: [input[0], input[1], size[0], size[1]] };
}
