/** dropout: PyTorch's `nn.Dropout(p)`, the identity at inference; kept in the IR so names line up. */
import type { Dim, OpAttrs } from '../ir.js';
import { formatValue, ShapeError, type FormatValue, type ShapeErrorMessage } from '../errors.js';

/**
 * Whether a probability literal is between 0 and 1, read from its decimal text: `0`, `1`, `0.…`, or a
 * positive number too small to print without an exponent (`1e-7`). A wide `number` passes (checked at
 * run time).
 * @example DropoutCheck<0.2> //=> 'ok'
 * @example DropoutCheck<1.5> //=> 'dropout: p must be between 0 and 1, got 1.5'
 */
export type DropoutCheck<P> =
  [P] extends [number] ? DropoutNumber<P>
  : [P] extends [undefined] ? 'ok' : `dropout: p must be between 0 and 1, got ${FormatValue<P>}`;
type DropoutNumber<P extends number> =
  number extends P ? 'ok'
  : `${P}` extends '0' | '1' | `0.${string}` ? 'ok'
  : `${P}` extends `-${string}` ? `dropout: p must be between 0 and 1, got ${P}`
  : `${P}` extends `${string}e-${string}` ? 'ok'
  : `dropout: p must be between 0 and 1, got ${P}`;
/** What the `p` argument is intersected with: `unknown`, or the sentence. Distributive, so a `P` known later passes through its constraint. */
export type DropoutErrors<P> =
  P extends unknown ? { ok: unknown; bad: ShapeErrorMessage<DropoutCheck<P> & string> }[DropoutCheck<P> extends 'ok' ? 'ok' : 'bad'] : never;

/** Runtime twin of `DropoutCheck`: p must be a probability. */
export function dropoutRule(input: readonly Dim[], p = 0.5): { attrs: OpAttrs['dropout']; shape: Dim[] } {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ShapeError(`dropout: p must be between 0 and 1, got ${formatValue(p)}`);
  return { attrs: { p }, shape: [...input] };
}
