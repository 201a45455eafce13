import type { Kernel } from './types.js';
import { alongDim } from './softmax.js';

/**
 * x − m − log Σ e^(x − m) along `dim`, m the maximum (PyTorch's stable form: large logits never
 * overflow). NaN anywhere in a line makes the line NaN; +∞ gives ∞ − ∞ = NaN; a line of −∞ is NaN.
 */
export const logSoftmax: Kernel<'logSoftmax'> = ({ node, inputs: [input], inShapes: [shape] }) => alongDim(input, shape, node.attrs.dim, 'log');
