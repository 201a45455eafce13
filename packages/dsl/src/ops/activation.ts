/**
 * The element-wise activations: relu, relu6, leakyRelu, sigmoid, tanh, gelu (exact), silu, hardswish,
 * hardsigmoid. They share one file because their shape rule is the identity and only leakyRelu has an
 * attribute; what each computes is defined by the runtime's reference kernels.
 */
import type { ActivationOp, Dim, OpAttrs } from '../ir.js';
import { formatValue, ShapeError } from '../errors.js';

/** Runtime rule for an activation: same shape; leakyRelu's slope must be a finite number. */
export function activationRule<Op extends ActivationOp>(op: Op, input: readonly Dim[], slope?: number): { attrs: OpAttrs[Op]; shape: Dim[] } {
  if (op === 'leakyRelu') {
    const value = slope ?? 0.01;
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new ShapeError(`leakyRelu: slope must be a finite number, got ${formatValue(value)}`);
    return { attrs: { slope: value } as OpAttrs[Op], shape: [...input] };
  }
  return { attrs: {} as OpAttrs[Op], shape: [...input] };
}
