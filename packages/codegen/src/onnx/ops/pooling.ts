import { int, ints, type ConvertContext } from '../context.js';

/**
 * Crops a ceil-mode pool to the node's shape. PyTorch drops a last window that would start in the
 * right padding; ONNX's opset-17 formula keeps it (a window of padding only), one row or column too many.
 * Slicing to PyTorch's size is exact either way: the windows kept are the same windows.
 */
export function cropToShape(ctx: ConvertContext<'maxPool2d' | 'avgPool2d'>, pooled: string): string {
  const [, , height, width] = ctx.node.shape;
  if (typeof height !== 'number' || typeof width !== 'number') return ctx.unsupported(`ceil mode needs a known output height and width, got ${height}×${width}`);
  return ctx.result('Slice', [pooled, ctx.int64s('starts', [0, 0]), ctx.int64s('ends', [height, width]), ctx.int64s('axes', [2, 3])]);
}

/** The ONNX ops of one adaptive pooling kind: over everything, over even windows, and per bin. */
interface AdaptiveOps {
  global: 'GlobalAveragePool' | 'GlobalMaxPool';
  window: 'AveragePool' | 'MaxPool';
  reduce: 'ReduceMean' | 'ReduceMax';
}

/**
 * adaptiveAvgPool2d and adaptiveMaxPool2d: a 1×1 output is the global pool; bins that tile the input
 * evenly are one window pool; other sizes are built per bin. PyTorch's bins are ⌊i·in/out⌋ …
 * ⌈(i+1)·in/out⌉ − 1 per axis, and a rectangle's mean (maximum) is the mean (maximum) of its row means
 * (maxima), so the two axes are pooled one after the other (Slice + Reduce + Concat).
 */
export function adaptivePool(ctx: ConvertContext<'adaptiveAvgPool2d' | 'adaptiveMaxPool2d'>, ops: AdaptiveOps): string {
  const [outH, outW] = ctx.node.attrs.outputSize;
  const [, , inH, inW] = ctx.inShapes[0];
  if (outH === 1 && outW === 1) return ctx.result(ops.global, [ctx.inputs[0]]);
  if (typeof inH !== 'number' || typeof inW !== 'number') {
    return ctx.unsupported(`needs a known input height and width for output ${outH}×${outW}, got ${inH}×${inW}`);
  }
  if (inH % outH === 0 && inW % outW === 0) {
    const kernel = [inH / outH, inW / outW];
    return ctx.result(ops.window, [ctx.inputs[0]], { kernel_shape: ints(kernel), strides: ints(kernel) });
  }
  const poolAxis = (x: string, axis: number, size: number, bins: number): string => {
    if (size === bins) return x;
    const parts: string[] = [];
    for (let i = 0; i < bins; i++) {
      const start = Math.floor((i * size) / bins);
      const end = Math.ceil(((i + 1) * size) / bins);
      const slice = ctx.op('Slice', [x, ctx.int64s('starts', [start]), ctx.int64s('ends', [end]), ctx.int64s('axes', [axis])]);
      parts.push(ctx.op(ops.reduce, [slice], { axes: ints([axis]), keepdims: int(1) }));
    }
    return ctx.op('Concat', parts, { axis: int(axis) });
  };
  return ctx.result('Identity', [poolAxis(poolAxis(ctx.inputs[0], 2, inH, outH), 3, inW, outW)]);
}
