import type { Converter } from '../context.js';

/** div → Div (float: true division, x / 0 = ±∞ as PyTorch); both broadcast NumPy-style. */
export const div: Converter<'div'> = (ctx) => ctx.result('Div', ctx.inputs);
