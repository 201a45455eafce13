/** softmax: PyTorch's `nn.Softmax(dim)`; the shape is unchanged. */
import type { Dim, OpAttrs } from '../ir.js';
import type { Lt } from '../internal/index.js';
import { formatShape, formatValue, ShapeError, type FormatShape, type FormatValue } from '../errors.js';
import type { Mutable, Shape } from '../shape.js';
import type { ErrorTable, MessageOf, UnknownRank, VerdictOf } from './rule.js';
import { normalizeDim, type NormalizeDim } from './tuple.js';
import type { Fail } from './window.js';

/** The output shape, or the failure: a dim that is no number (`'1'`) is out of range too, as at run time. */
export type SoftmaxRule<S extends Shape, SoftmaxDim> =
  [SoftmaxDim] extends [number]
    ? NormalizeDim<SoftmaxDim, S['length']> extends infer Axis extends number
      ? [Lt<Axis, 0>] extends [true] ? OutOfRange<S, SoftmaxDim>
        : [Lt<Axis, S['length']>] extends [false] ? OutOfRange<S, SoftmaxDim> : Mutable<S>
      : never
    : OutOfRange<S, SoftmaxDim>;
type OutOfRange<S extends Shape, SoftmaxDim> = Fail<'', `softmax: dim ${FormatValue<SoftmaxDim>} is out of range for rank ${S['length']} ${FormatShape<S>}`>;
export type SoftmaxErrors<S extends Shape, SoftmaxDim> =
  ErrorTable<MessageOf<SoftmaxRule<S, SoftmaxDim>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<SoftmaxRule<S, SoftmaxDim>>) : never];

/** Runtime twin of `SoftmaxRule`. */
export function softmaxRule(input: readonly Dim[], dim = -1): { attrs: OpAttrs['softmax']; shape: Dim[] } {
  const axis = normalizeDim(dim, input.length);
  if (!Number.isInteger(axis) || axis < 0 || axis >= input.length) {
    throw new ShapeError(`softmax: dim ${formatValue(dim)} is out of range for rank ${input.length} ${formatShape(input)}`);
  }
  return { attrs: { dim: axis }, shape: [...input] };
}
