import { ints, type Converter } from '../context.js';

/** permute → Transpose. */
export const permute: Converter<'permute'> = (ctx) => ctx.result('Transpose', [ctx.inputs[0]], { perm: ints(ctx.node.attrs.dims) });
