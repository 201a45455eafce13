/**
 * logSoftmax: PyTorch's `nn.LogSoftmax(dim)`, x − max − log Σ e^(x − max) along `dim` (numerically
 * stable, as PyTorch computes it); the shape is unchanged and the rule is softmax's.
 */
import type { Dim, OpAttrs } from '../ir.js';
import type { Shape } from '../shape.js';
import { softmaxRule, type SoftmaxErrors } from './softmax.js';

export type LogSoftmaxErrors<S extends Shape, LogSoftmaxDim> = SoftmaxErrors<S, LogSoftmaxDim, 'logSoftmax'>;

/** Runtime twin of `LogSoftmaxErrors`' rule. */
export function logSoftmaxRule(input: readonly Dim[], dim = -1): { attrs: OpAttrs['logSoftmax']; shape: Dim[] } {
  return softmaxRule(input, dim, 'logSoftmax');
}
