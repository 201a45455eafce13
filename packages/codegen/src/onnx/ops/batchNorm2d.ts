import { float, type Converter } from '../context.js';

/** batchNorm2d (inference: running statistics) → BatchNormalization. */
export const batchNorm2d: Converter<'batchNorm2d'> = (ctx) =>
  ctx.result('BatchNormalization', [ctx.inputs[0], ctx.param('weight'), ctx.param('bias'), ctx.param('running_mean'), ctx.param('running_var')], {
    epsilon: float(ctx.node.attrs.eps),
  });
