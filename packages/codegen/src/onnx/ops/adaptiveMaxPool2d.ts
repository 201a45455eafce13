import { int, ints, type ConvertContext, type Converter } from '../context.js';

/**
 * adaptiveMaxPool2d: a 1×1 output is GlobalMaxPool; bins that tile the input evenly are one MaxPool;
 * other sizes are built per bin, as adaptiveAvgPool2d's: PyTorch's bins ⌊i·in/out⌋ … ⌈(i+1)·in/out⌉ − 1
 * per axis, and a rectangle's maximum is the maximum of its row maxima, so the axes are pooled one
 * after the other (Slice + ReduceMax + Concat).
 */
export const adaptiveMaxPool2d: Converter<'adaptiveMaxPool2d'> = (ctx) => {
  const [outH, outW] = ctx.node.attrs.outputSize;
  const [, , inH, inW] = ctx.inShapes[0];
  if (outH === 1 && outW === 1) return ctx.result('GlobalMaxPool', [ctx.inputs[0]]);
  if (typeof inH !== 'number' || typeof inW !== 'number') {
    return ctx.unsupported(`needs a known input height and width for output ${outH}×${outW}, got ${inH}×${inW}`);
  }
  if (inH % outH === 0 && inW % outW === 0) {
    const kernel = [inH / outH, inW / outW];
    return ctx.result('MaxPool', [ctx.inputs[0]], { kernel_shape: ints(kernel), strides: ints(kernel) });
  }
  const rows = poolAxis(ctx, ctx.inputs[0], 2, inH, outH);
  return ctx.result('Identity', [poolAxis(ctx, rows, 3, inW, outW)]);
};

function poolAxis(ctx: ConvertContext<'adaptiveMaxPool2d'>, x: string, axis: number, size: number, bins: number): string {
  if (size === bins) return x;
  const parts: string[] = [];
  for (let i = 0; i < bins; i++) {
    const start = Math.floor((i * size) / bins);
    const end = Math.ceil(((i + 1) * size) / bins);
    const slice = ctx.op('Slice', [x, ctx.int64s('starts', [start]), ctx.int64s('ends', [end]), ctx.int64s('axes', [axis])]);
    parts.push(ctx.op('ReduceMax', [slice], { axes: ints([axis]), keepdims: int(1) }));
  }
  return ctx.op('Concat', parts, { axis: int(axis) });
}
