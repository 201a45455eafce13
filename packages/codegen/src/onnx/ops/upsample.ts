import { int, str, type Converter } from '../context.js';

/**
 * upsample → Resize, with the inputs torch.onnx.export writes: `scales` when the user gave a scale
 * factor (onnxruntime then maps output to source with 1 / factor, as PyTorch does, and sizes the
 * output ⌊in × factor⌋), `sizes` when the user gave a size (the source index uses in / out). The
 * empty second input is the unused `roi`; `sizes` keeps the input's batch and channels (`Shape` →
 * `Slice`), so a symbolic batch stays symbolic.
 *
 * - nearest: PyTorch reads source ⌊dst · s⌋, ONNX's 'asymmetric' coordinates with 'floor' rounding.
 * - bilinear: 'align_corners', or 'pytorch_half_pixel' — what torch exports — whose (dst + ½) / scale − ½
 *   is PyTorch's own, clamped at 0 by both; except that it maps an output axis of length 1 to 0
 *   where PyTorch keeps the formula, so such an axis gets 'half_pixel', the same formula without
 *   that case.
 */
export const upsample: Converter<'upsample'> = (ctx) => {
  const { mode, alignCorners, size, scaleFactor } = ctx.node.attrs;
  const target = scaleFactor
    ? [ctx.inputs[0], '', ctx.floats('scales', [1, 1, scaleFactor[0], scaleFactor[1]])]
    : [ctx.inputs[0], '', '', ctx.op('Concat', [
      ctx.op('Slice', [ctx.op('Shape', [ctx.inputs[0]]), ctx.int64s('batch_channels_start', [0]), ctx.int64s('batch_channels_end', [2])]),
      ctx.int64s('size', size),
    ], { axis: int(0) })];
  if (mode === 'nearest') {
    return ctx.result('Resize', target, { mode: str('nearest'), coordinate_transformation_mode: str('asymmetric'), nearest_mode: str('floor') });
  }
  const coordinates = alignCorners ? 'align_corners' : size.includes(1) ? 'half_pixel' : 'pytorch_half_pixel';
  return ctx.result('Resize', target, { mode: str('linear'), coordinate_transformation_mode: str(coordinates) });
};
