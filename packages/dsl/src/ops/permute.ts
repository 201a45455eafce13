/** permute: PyTorch's `x.permute(dims)` on any rank: output dimension i is input dimension `dims[i]` (negative counts from the end). */
import type { Dim, OpAttrs } from '../ir.js';
import { formatShape, formatValue, ShapeError, type FormatShape, type FormatValue } from '../errors.js';
import type { Shape } from '../shape.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import { normalizeDim, type NormalizeDim } from './tuple.js';
import type { Fail } from './window.js';

type NotPermutation<S extends Shape, Dims> = `permute: dims ${FormatValue<Dims>} are not a permutation of the ${S['length']} dimensions of ${FormatShape<S>}`;
type Normalized<Dims extends readonly number[], Rank extends number> = { [Index in keyof Dims]: NormalizeDim<Dims[Index], Rank> };

/**
 * The permuted shape, or the failure: one entry per dimension, each dimension once. A list typed
 * too widely to tell (`number[]`) gives an unknown rank, checked at run time.
 * @example PermuteRule<[2, 3, 5, 7], [0, 2, 3, 1]> //=> [2, 5, 7, 3]
 */
export type PermuteRule<S extends Shape, Dims> =
  [Dims] extends [readonly number[]]
    ? number extends Dims['length'] ? Dim[]
      : Dims['length'] extends S['length']
        ? Normalized<Dims, S['length']> extends infer Axes extends readonly number[]
          ? [keyof S & `${number}`] extends [`${Axes[number]}`] ? { -readonly [Index in keyof Axes]: S[Axes[Index] & number] } : Fail<'', NotPermutation<S, Dims>>
          : never
        : Fail<'', NotPermutation<S, Dims>>
    : Fail<'', NotPermutation<S, Dims>>;
export type PermuteErrors<S extends Shape, Dims> =
  ErrorTable<MessageOf<PermuteRule<S, Dims>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<PermuteRule<S, Dims>>) : never];
/** The output shape of permute for the editor. */
export type PermuteShape<S extends Shape, Dims> = S extends unknown ? (UnknownRank<S> extends true ? S : PermuteOutput<S, Dims>) : never;
type PermuteOutput<S extends Shape, Dims> = [S, Dims] extends [infer Input extends Shape, infer Given] ? RuleOutput<PermuteRule<Input, Given>> : never;

/** Runtime twin of `PermuteRule`. */
export function permuteRule(input: readonly Dim[], dims: unknown): { attrs: OpAttrs['permute']; shape: Dim[] } {
  const fail = () => new ShapeError(`permute: dims ${formatValue(dims)} are not a permutation of the ${input.length} dimensions of ${formatShape(input)}`);
  if (!Array.isArray(dims) || dims.length !== input.length || !dims.every((d) => typeof d === 'number' && Number.isInteger(d))) throw fail();
  const axes = (dims as number[]).map((d) => normalizeDim(d, input.length));
  if (!input.every((_, i) => axes.includes(i))) throw fail();
  return { attrs: { dims: axes }, shape: axes.map((axis) => input[axis]) };
}
