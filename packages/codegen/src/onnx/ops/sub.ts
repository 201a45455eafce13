import type { Converter } from '../context.js';

/** sub → Sub; both broadcast NumPy-style. */
export const sub: Converter<'sub'> = (ctx) => ctx.result('Sub', ctx.inputs);
