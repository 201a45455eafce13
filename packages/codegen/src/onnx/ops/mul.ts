import type { Converter } from '../context.js';

/** mul → Mul; both broadcast NumPy-style. */
export const mul: Converter<'mul'> = (ctx) => ctx.result('Mul', ctx.inputs);
