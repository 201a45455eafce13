import { int, type Converter } from '../context.js';

/** softmax → Softmax over one axis (opset ≥ 13 semantics, as PyTorch's). */
export const softmax: Converter<'softmax'> = (ctx) => ctx.result('Softmax', [ctx.inputs[0]], { axis: int(ctx.node.attrs.dim) });
