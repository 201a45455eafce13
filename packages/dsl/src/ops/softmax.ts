/** softmax: PyTorch's `nn.Softmax(dim)`; the shape is unchanged. */
import type { Dim, OpAttrs } from '../ir';
import type { Lt } from '../internal';
import { formatShape, formatValue, ShapeError, type FormatShape } from '../errors';
import type { Mutable, Shape } from '../shape';
import type { ErrorTable, MessageOf, UnknownRank, VerdictOf } from './rule';
import { normalizeDim, type NormalizeDim } from './tuple';
import type { Fail } from './window';

export type SoftmaxRule<S extends Shape, SoftmaxDim extends number> =
  NormalizeDim<SoftmaxDim, S['length']> extends infer Axis extends number
    ? [Lt<Axis, 0>] extends [true] ? OutOfRange<S, SoftmaxDim>
      : [Lt<Axis, S['length']>] extends [false] ? OutOfRange<S, SoftmaxDim> : Mutable<S>
    : never;
type OutOfRange<S extends Shape, SoftmaxDim extends number> = Fail<'', `softmax: dim ${SoftmaxDim} is out of range for rank ${S['length']} ${FormatShape<S>}`>;
export type SoftmaxErrors<S extends Shape, SoftmaxDim extends number> =
  ErrorTable<MessageOf<SoftmaxRule<S, SoftmaxDim>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<SoftmaxRule<S, SoftmaxDim>>) : never];

/** Runtime twin of `SoftmaxRule`. */
export function softmaxRule(input: readonly Dim[], dim = -1): { attrs: OpAttrs['softmax']; shape: Dim[] } {
  const axis = normalizeDim(dim, input.length);
  if (!Number.isInteger(axis) || axis < 0 || axis >= input.length) {
    throw new ShapeError(`softmax: dim ${formatValue(dim)} is out of range for rank ${input.length} ${formatShape(input)}`);
  }
  return { attrs: { dim: axis }, shape: [...input] };
}
