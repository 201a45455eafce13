import { float, int, type ConvertContext, type Converter } from '../context.js';

/**
 * The normalizations as opset 17 writes them, as torch.onnx.export does:
 * - instanceNorm2d → InstanceNormalization, with ones and zeros for scale and bias without affine;
 * - groupNorm → Reshape to [N, G, −1], InstanceNormalization (unit scale, zero bias: each group a
 *   "channel"), Reshape back to the input's shape, then Mul by weight and Add bias as [C, 1, 1]
 *   (GroupNormalization itself is opset 18);
 * - layerNorm → LayerNormalization over the trailing axes, with ones and zeros without affine.
 */
export const instanceNorm2d: Converter<'instanceNorm2d'> = (ctx) => {
  const { numFeatures, eps } = ctx.node.attrs;
  const [scale, bias] = affineOrUnit(ctx, [numFeatures]);
  return ctx.result('InstanceNormalization', [ctx.inputs[0], scale, bias], { epsilon: float(eps) });
};

export const groupNorm: Converter<'groupNorm'> = (ctx) => {
  const { numGroups, eps, affine } = ctx.node.attrs;
  const grouped = ctx.op('Reshape', [ctx.inputs[0], ctx.int64s('groups_shape', [0, numGroups, -1])]);
  const normalized = ctx.op('InstanceNormalization', [grouped, ctx.floats('unit_scale', ones(numGroups), [numGroups]), ctx.floats('zero_bias', zeros(numGroups), [numGroups])], { epsilon: float(eps) });
  const back = [normalized, ctx.op('Shape', [ctx.inputs[0]])];
  if (!affine) return ctx.result('Reshape', back);
  const shaped = ctx.op('Reshape', back);
  const perChannel = ctx.int64s('channel_shape', [-1, 1, 1]);
  const scaled = ctx.op('Mul', [shaped, ctx.op('Reshape', [ctx.param('weight'), perChannel])]);
  return ctx.result('Add', [scaled, ctx.op('Reshape', [ctx.param('bias'), perChannel])]);
};

export const layerNorm: Converter<'layerNorm'> = (ctx) => {
  const { normalizedShape, eps } = ctx.node.attrs;
  const [scale, bias] = affineOrUnit(ctx, normalizedShape);
  return ctx.result('LayerNormalization', [ctx.inputs[0], scale, bias], { axis: int(-normalizedShape.length), epsilon: float(eps) });
};

const ones = (count: number) => new Array<number>(count).fill(1);
const zeros = (count: number) => new Array<number>(count).fill(0);

/** The node's weight and bias, or unit scale and zero bias of `shape` (ONNX's normalizations require them). */
function affineOrUnit(ctx: ConvertContext<'instanceNorm2d' | 'layerNorm'>, shape: number[]): [string, string] {
  if (ctx.hasParam('weight')) return [ctx.param('weight'), ctx.param('bias')];
  const count = shape.reduce((a, b) => a * b, 1);
  return [ctx.floats('unit_scale', ones(count), shape), ctx.floats('zero_bias', zeros(count), shape)];
}
