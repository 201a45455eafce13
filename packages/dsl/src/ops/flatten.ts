/** flatten: PyTorch's `nn.Flatten(startDim, endDim)`; a view, no copy. */
import type { Dim, OpAttrs } from '../ir.js';
import type { Add, Gt, Lt, Sub } from '../internal/index.js';
import { formatShape, formatValue, ShapeError, type FormatShape } from '../errors.js';
import type { Shape } from '../shape.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import { normalizeDim, type Drop, type NormalizeDim, type NumericProduct, type Take } from './tuple.js';
import type { Fail } from './window.js';

/**
 * The shape after flattening dims StartDim…EndDim (negative counts from the end), or the failure.
 * A non-literal `number` for either dim leaves the result's rank unknown (`Dim[]`): checked at run time.
 * @example FlattenRule<['batch', 16, 4, 4], 1, -1> //=> ['batch', 256]
 */
export type FlattenRule<S extends Shape, StartDim extends number, EndDim extends number> =
  number extends StartDim | EndDim ? Dim[]
  : FlattenRange<S, NormalizeDim<StartDim, S['length']>, NormalizeDim<EndDim, S['length']>, StartDim, EndDim>;

type FlattenRange<S extends Shape, Start extends number, End extends number, StartDim extends number, EndDim extends number> =
  [Lt<Start, 0>] extends [true] ? OutOfRange<S, StartDim, EndDim>
  : [Lt<End, S['length']>] extends [false] ? OutOfRange<S, StartDim, EndDim>
  : [Gt<Start, End>] extends [true] ? Fail<'', `flatten: startDim ${StartDim} comes after endDim ${EndDim} for ${FormatShape<S>}`>
  : NumericProduct<Take<Drop<S, Start>, Add<Sub<End, Start>, 1>>> extends [infer Product, infer Symbol]
    ? [Symbol] extends [never] ? [...Take<S, Start>, Product, ...Drop<S, Add<End, 1>>]
    : Fail<'', `flatten: cannot compute with symbolic dimension '${Symbol & string}' (flattening dims ${Start}…${End} of ${FormatShape<S>})`>
    : never;
type OutOfRange<S extends Shape, StartDim extends number, EndDim extends number> =
  Fail<'', `flatten: dims ${StartDim}…${EndDim} are out of range for rank ${S['length']} ${FormatShape<S>}`>;

export type FlattenErrors<S extends Shape, StartDim extends number, EndDim extends number> =
  ErrorTable<MessageOf<FlattenRule<S, StartDim, EndDim>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<FlattenRule<S, StartDim, EndDim>>) : never];
/**
 * Whether `flatten()` with no arguments (dims 1…−1) fits S, 'ok' or '': the verdict of its `this`
 * parameter, so that a call with nothing to underline still says why (on the tensor it is called on).
 */
export type FlattenDefaultFit<S extends Shape> =
  S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<FlattenRule<S, 1, -1>> extends 'ok' ? 'ok' : '') : never;
/** The output shape of flatten for the editor. */
export type FlattenShape<S extends Shape, StartDim extends number, EndDim extends number> =
  S extends unknown ? (UnknownRank<S> extends true ? S : FlattenOutput<S, StartDim, EndDim>) : never;
type FlattenOutput<S extends Shape, StartDim extends number, EndDim extends number> =
  [S, StartDim, EndDim] extends [infer Input extends Shape, infer Start extends number, infer End extends number] ? RuleOutput<FlattenRule<Input, Start, End>> : never;

/** Runtime twin of `FlattenRule`. */
export function flattenRule(input: readonly Dim[], startDim = 1, endDim = -1): { attrs: OpAttrs['flatten']; shape: Dim[] } {
  const start = normalizeDim(startDim, input.length);
  const end = normalizeDim(endDim, input.length);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end >= input.length) {
    throw new ShapeError(`flatten: dims ${formatValue(startDim)}…${formatValue(endDim)} are out of range for rank ${input.length} ${formatShape(input)}`);
  }
  if (start > end) throw new ShapeError(`flatten: startDim ${startDim} comes after endDim ${endDim} for ${formatShape(input)}`);
  let product = 1;
  for (const d of input.slice(start, end + 1)) {
    if (typeof d === 'string') {
      throw new ShapeError(`flatten: cannot compute with symbolic dimension '${d}' (flattening dims ${start}…${end} of ${formatShape(input)})`);
    }
    product *= d;
  }
  return { attrs: { startDim: start, endDim: end }, shape: [...input.slice(0, start), product, ...input.slice(end + 1)] };
}
