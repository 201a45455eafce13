import { int, ints, type ConvertContext, type Converter } from '../context.js';

/**
 * adaptiveAvgPool2d: a 1×1 output is GlobalAveragePool; bins that tile the input evenly are one
 * AveragePool; other sizes are built per bin. PyTorch's bins are ⌊i·in/out⌋ … ⌈(i+1)·in/out⌉ − 1 per
 * axis, and a rectangle's mean is the mean of its row means, so the two axes are pooled one after the other.
 */
export const adaptiveAvgPool2d: Converter<'adaptiveAvgPool2d'> = (ctx) => {
  const [outH, outW] = ctx.node.attrs.outputSize;
  const [, , inH, inW] = ctx.inShapes[0];
  if (outH === 1 && outW === 1) return ctx.result('GlobalAveragePool', [ctx.inputs[0]]);
  if (typeof inH !== 'number' || typeof inW !== 'number') {
    return ctx.unsupported(`needs a known input height and width for output ${outH}×${outW}, got ${inH}×${inW}`);
  }
  if (inH % outH === 0 && inW % outW === 0) {
    const kernel = [inH / outH, inW / outW];
    return ctx.result('AveragePool', [ctx.inputs[0]], { kernel_shape: ints(kernel), strides: ints(kernel) });
  }
  const rows = poolAxis(ctx, ctx.inputs[0], 2, inH, outH);
  const pooled = poolAxis(ctx, rows, 3, inW, outW);
  return ctx.result('Identity', [pooled]);
};

function poolAxis(ctx: ConvertContext<'adaptiveAvgPool2d'>, x: string, axis: number, size: number, bins: number): string {
  if (size === bins) return x;
  const parts: string[] = [];
  for (let i = 0; i < bins; i++) {
    const start = Math.floor((i * size) / bins);
    const end = Math.ceil(((i + 1) * size) / bins);
    const slice = ctx.op('Slice', [x, ctx.int64s('starts', [start]), ctx.int64s('ends', [end]), ctx.int64s('axes', [axis])]);
    parts.push(ctx.op('ReduceMean', [slice], { axes: ints([axis]), keepdims: int(1) }));
  }
  return ctx.op('Concat', parts, { axis: int(axis) });
}
