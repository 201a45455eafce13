import { int, ints, type Converter } from '../context.js';

/** mean → ReduceMean, its `axes` an attribute up to opset 17 (an input from 18). */
export const mean: Converter<'mean'> = (ctx) => ctx.result('ReduceMean', [ctx.inputs[0]], { axes: ints(ctx.node.attrs.dims), keepdims: int(ctx.node.attrs.keepDim ? 1 : 0) });
