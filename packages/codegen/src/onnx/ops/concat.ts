import { int, type Converter } from '../context.js';

/** concat → Concat along `dim`. */
export const concat: Converter<'concat'> = (ctx) => ctx.result('Concat', ctx.inputs, { axis: int(ctx.node.attrs.dim) });
