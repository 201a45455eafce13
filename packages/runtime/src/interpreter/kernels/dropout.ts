import type { Kernel } from './types.js';

/** The same values in the same order: only the shape changes (dropout is the identity at inference). */
export const dropout: Kernel<'dropout'> = ({ inputs: [input] }) => input.slice();
