/** dropout: PyTorch's `nn.Dropout(p)`, the identity at inference; kept in the IR so names line up. */
import type { Dim, OpAttrs } from '../ir.js';
import { formatValue, ShapeError } from '../errors.js';

/** Runtime rule: p must be a probability. */
export function dropoutRule(input: readonly Dim[], p = 0.5): { attrs: OpAttrs['dropout']; shape: Dim[] } {
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) throw new ShapeError(`dropout: p must be between 0 and 1, got ${formatValue(p)}`);
  return { attrs: { p }, shape: [...input] };
}
