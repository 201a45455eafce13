import { int, ints, type Converter } from '../context.js';

/**
 * linear: y = x·Wᵀ + b on the last dimension. A 2-D input is one Gemm; other ranks are MatMul with the
 * transposed weight (a Transpose of the initializer, which keeps its PyTorch name and layout).
 */
export const linear: Converter<'linear'> = (ctx) => {
  const hasBias = ctx.hasParam('bias');
  if (ctx.inShapes[0].length === 2) {
    const inputs = [ctx.inputs[0], ctx.param('weight')];
    if (hasBias) inputs.push(ctx.param('bias'));
    return ctx.result('Gemm', inputs, { transB: int(1) });
  }
  const weightT = ctx.op('Transpose', [ctx.param('weight')], { perm: ints([1, 0]) });
  if (!hasBias) return ctx.result('MatMul', [ctx.inputs[0], weightT]);
  const product = ctx.op('MatMul', [ctx.inputs[0], weightT]);
  return ctx.result('Add', [product, ctx.param('bias')]);
};
