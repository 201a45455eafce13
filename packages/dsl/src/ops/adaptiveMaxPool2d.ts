/** adaptiveMaxPool2d: PyTorch's `nn.AdaptiveMaxPool2d`, output size fixed: the maximum of each bin ⌊i·in/out⌋ … ⌈(i+1)·in/out⌉ − 1 per axis. */
import type { Dim, OpAttrs } from '../ir.js';
import { formatShape, ShapeError, type FormatShape } from '../errors.js';
import { pairOf, type PairOf, type PairOption, type Shape } from '../shape.js';
import { checkValue, type AsFail, type CheckValue } from './options.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import type { Fail } from './window.js';

/** The output shape: the size's own check first (as every layer checks its arguments first), then the input's rank. */
export type AdaptiveMaxPool2dRule<S extends Shape, Size> =
  AsFail<'', CheckValue<'adaptiveMaxPool2d', 'outputSize', 'positive', Size>> extends infer Failed extends Fail<string, string> ? Failed
  : S extends readonly [infer Batch, infer Channels, unknown, unknown]
    ? [Batch, Channels, PairOf<Size, 1>[0], PairOf<Size, 1>[1]]
    : Fail<'', `adaptiveMaxPool2d: expects a rank-4 NCHW tensor, got ${FormatShape<S>}`>;
export type AdaptiveMaxPool2dErrors<S extends Shape, Size> =
  ErrorTable<MessageOf<AdaptiveMaxPool2dRule<S, Size>>>[AdaptiveMaxPool2dVerdict<S, Size>];
/** The size's own check holds for any input, so it is reported inside generic blocks too; then the fit, distributive over S. */
type AdaptiveMaxPool2dVerdict<S extends Shape, Size, Whole = Size> =
  Size extends unknown
    ? CheckValue<'adaptiveMaxPool2d', 'outputSize', 'positive', Whole> extends 'ok'
      ? (S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<AdaptiveMaxPool2dRule<S, Whole>>) : never)
      : ''
    : never;
/** The output shape of adaptiveMaxPool2d for the editor. */
export type AdaptiveMaxPool2dShape<S extends Shape, Size> = S extends unknown ? (UnknownRank<S> extends true ? S : AdaptiveMaxPool2dOutput<S, Size>) : never;
type AdaptiveMaxPool2dOutput<S extends Shape, Size> = [S, Size] extends [infer Input extends Shape, infer Given] ? RuleOutput<AdaptiveMaxPool2dRule<Input, Given>> : never;

/** Runtime twin of `AdaptiveMaxPool2dRule`. */
export function adaptiveMaxPool2dRule(input: readonly Dim[], outputSize: PairOption): { attrs: OpAttrs['adaptiveMaxPool2d']; shape: Dim[] } {
  if (outputSize === undefined) throw new ShapeError('adaptiveMaxPool2d: outputSize is required');
  const wrong = checkValue('adaptiveMaxPool2d', 'outputSize', 'positive', outputSize);
  if (wrong) throw new ShapeError(wrong);
  if (input.length !== 4) throw new ShapeError(`adaptiveMaxPool2d: expects a rank-4 NCHW tensor, got ${formatShape(input)}`);
  const size = pairOf(outputSize, 1);
  return { attrs: { outputSize: size }, shape: [input[0], input[1], size[0], size[1]] };
}
