/** softmax: PyTorch's `nn.Softmax(dim)`; the shape is unchanged. */
import type { Dim, OpAttrs } from '../ir.js';
import type { Lt } from '../internal/index.js';
import { formatShape, formatValue, ShapeError, type FormatShape, type FormatValue } from '../errors.js';
import type { Mutable, Shape } from '../shape.js';
import type { ErrorTable, MessageOf, UnknownRank, VerdictOf } from './rule.js';
import { normalizeDim, type NormalizeDim } from './tuple.js';
import type { Fail } from './window.js';

/**
 * The output shape, or the failure: a dim that is no number (`'1'`) is out of range too, as at run time.
 * `Op` names the call in the sentence: logSoftmax has the same rule.
 */
export type SoftmaxRule<S extends Shape, SoftmaxDim, Op extends string = 'softmax'> =
  [SoftmaxDim] extends [number]
    ? NormalizeDim<SoftmaxDim, S['length']> extends infer Axis extends number
      ? [Lt<Axis, 0>] extends [true] ? OutOfRange<S, SoftmaxDim, Op>
        : [Lt<Axis, S['length']>] extends [false] ? OutOfRange<S, SoftmaxDim, Op> : Mutable<S>
      : never
    : OutOfRange<S, SoftmaxDim, Op>;
type OutOfRange<S extends Shape, SoftmaxDim, Op extends string> = Fail<'', `${Op}: dim ${FormatValue<SoftmaxDim>} is out of range for rank ${S['length']} ${FormatShape<S>}`>;
export type SoftmaxErrors<S extends Shape, SoftmaxDim, Op extends string = 'softmax'> =
  ErrorTable<MessageOf<SoftmaxRule<S, SoftmaxDim, Op>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<SoftmaxRule<S, SoftmaxDim, Op>>) : never];

/** Runtime twin of `SoftmaxRule`. */
export function softmaxRule(input: readonly Dim[], dim = -1, op: 'softmax' | 'logSoftmax' = 'softmax'): { attrs: OpAttrs['softmax']; shape: Dim[] } {
  const axis = normalizeDim(dim, input.length);
  if (!Number.isInteger(axis) || axis < 0 || axis >= input.length) {
    throw new ShapeError(`${op}: dim ${formatValue(dim)} is out of range for rank ${input.length} ${formatShape(input)}`);
  }
  return { attrs: { dim: axis }, shape: [...input] };
}
