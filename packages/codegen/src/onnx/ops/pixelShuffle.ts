import { int, str, type Converter } from '../context.js';
import { reshapeTarget } from './reshape.js';

/**
 * pixelShuffle → DepthToSpace in mode CRD (channel c·r² + i·r + j to pixel (y·r + i, x·r + j) of
 * channel c: PyTorch's order; the default DCR is TensorFlow's). DepthToSpace takes rank 4 only: other
 * ranks are reshaped to [N, C, H, W] around it, the leading dimensions folded into N.
 */
export const pixelShuffle: Converter<'pixelShuffle'> = (ctx) => {
  const attrs = { blocksize: int(ctx.node.attrs.upscaleFactor), mode: str('CRD') };
  const shape = ctx.inShapes[0];
  if (shape.length === 4) return ctx.result('DepthToSpace', [ctx.inputs[0]], attrs);
  const [channels, height, width] = shape.slice(-3);
  const images = ctx.op('Reshape', [ctx.inputs[0], ctx.int64s('images', [-1, ...[channels, height, width].map((d) => (typeof d === 'number' ? d : ctx.unsupported(`symbolic dimension '${d}'`)))])]);
  return ctx.result('Reshape', [ctx.op('DepthToSpace', [images], attrs), ctx.int64s('shape', reshapeTarget(ctx))]);
};
