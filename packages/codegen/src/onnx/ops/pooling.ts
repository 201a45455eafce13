import type { ConvertContext } from '../context.js';

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
