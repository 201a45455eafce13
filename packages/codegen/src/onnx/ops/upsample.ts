import { str, type Converter } from '../context.js';

/**
 * upsample (nearest) → Resize. PyTorch's nearest reads source ⌊dst / scale⌋: ONNX's 'asymmetric'
 * coordinates with 'floor' rounding. The empty second input is the unused `roi`.
 */
export const upsample: Converter<'upsample'> = (ctx) => {
  const [scaleH, scaleW] = ctx.node.attrs.scaleFactor;
  return ctx.result('Resize', [ctx.inputs[0], '', ctx.floats('scales', [1, 1, scaleH, scaleW])], {
    mode: str('nearest'),
    coordinate_transformation_mode: str('asymmetric'),
    nearest_mode: str('floor'),
  });
};
