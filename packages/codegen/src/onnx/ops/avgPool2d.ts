import { int, ints, type Attr, type Converter } from '../context.js';
import { cropToShape } from './pooling.js';

/** avgPool2d → AveragePool. */
export const avgPool2d: Converter<'avgPool2d'> = (ctx) => {
  const { attrs } = ctx.node;
  const [padH, padW] = attrs.padding;
  const poolAttrs: Record<string, Attr> = {
    kernel_shape: ints(attrs.kernelSize),
    strides: ints(attrs.stride),
    pads: ints([padH, padW, padH, padW]),
    ceil_mode: int(attrs.ceilMode ? 1 : 0),
    count_include_pad: int(attrs.countIncludePad ? 1 : 0),
  };
  if (!attrs.ceilMode) return ctx.result('AveragePool', [ctx.inputs[0]], poolAttrs);
  return cropToShape(ctx, ctx.op('AveragePool', [ctx.inputs[0]], poolAttrs));
};
