/** Sub and Div → sub and div, broadcasting as add and mul do. */
import type { Entry } from './shared.js';

const binary = (op: 'sub' | 'div'): Entry => ({ attrs: [], run: (ctx) => ctx.emit(op, [ctx.input(0), ctx.input(1)], {}, ctx.plainName(op)) });

export const Sub = binary('sub');
export const Div = binary('div');
