import type { Converter } from '../context.js';

/** add → Add; both broadcast NumPy-style. */
export const add: Converter<'add'> = (ctx) => ctx.result('Add', ctx.inputs);
