import { int, type Converter } from '../context.js';

/** logSoftmax → LogSoftmax over one axis (opset ≥ 13 semantics, as PyTorch's). */
export const logSoftmax: Converter<'logSoftmax'> = (ctx) => ctx.result('LogSoftmax', [ctx.inputs[0]], { axis: int(ctx.node.attrs.dim) });
