/**
 * The element-wise activations: relu, relu6, leakyRelu, sigmoid, tanh, gelu (exact), silu, hardswish,
 * hardsigmoid. They share one file because their shape rule is the identity and only leakyRelu has an
 * attribute; what each computes is defined by the runtime's reference kernels.
 */
import type { ActivationOp, Dim, OpAttrs } from '../ir.js';
import { formatValue, ShapeError, type FormatValue, type ShapeErrorMessage } from '../errors.js';

/**
 * leakyRelu's slope: any number literal is finite; a value of another type gets the runtime's
 * sentence. Distributive, so a slope known later passes through its constraint.
 */
export type LeakyReluErrors<Slope> =
  Slope extends unknown
    ? [Slope] extends [number | undefined] ? unknown : ShapeErrorMessage<`leakyRelu: slope must be a finite number, got ${FormatValue<Slope>}`>
    : never;

/** Runtime rule for an activation: same shape; leakyRelu's slope must be a finite number. */
export function activationRule<Op extends ActivationOp>(op: Op, input: readonly Dim[], slope?: number): { attrs: OpAttrs[Op]; shape: Dim[] } {
  if (op === 'leakyRelu') {
    const value = slope ?? 0.01;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new ShapeError(`leakyRelu: slope must be a finite number, got ${formatValue(value)}`);
    return { attrs: { slope: value } as OpAttrs[Op], shape: [...input] };
  }
  return { attrs: {} as OpAttrs[Op], shape: [...input] };
}
