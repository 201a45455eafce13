/** elu: PyTorch's `nn.ELU(alpha)`: x for x > 0, alpha·(eˣ − 1) otherwise; the shape is unchanged. */
import type { Dim, OpAttrs } from '../ir.js';
import { formatValue, ShapeError, type FormatValue, type ShapeErrorMessage } from '../errors.js';

/**
 * elu's alpha: any number literal is finite (negative ones too, as PyTorch takes them); a value of
 * another type gets the runtime's sentence. Distributive, so an alpha known later passes through its constraint.
 */
export type EluErrors<Alpha> =
  Alpha extends unknown
    ? [Alpha] extends [number | undefined] ? unknown : ShapeErrorMessage<`elu: alpha must be a finite number, got ${FormatValue<Alpha>}`>
    : never;

/** Runtime twin of `EluErrors`: the same shape; alpha (default 1) must be a finite number. */
export function eluRule(input: readonly Dim[], alpha: unknown = 1): { attrs: OpAttrs['elu']; shape: Dim[] } {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha)) throw new ShapeError(`elu: alpha must be a finite number, got ${formatValue(alpha)}`);
  return { attrs: { alpha }, shape: [...input] };
}
