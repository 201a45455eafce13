import { int, ints, type Attr, type Converter } from '../context.js';
import { cropToShape } from './pooling.js';

/** maxPool2d → MaxPool; padding never wins the max in either framework. */
export const maxPool2d: Converter<'maxPool2d'> = (ctx) => {
  const { attrs } = ctx.node;
  const [padH, padW] = attrs.padding;
  const poolAttrs: Record<string, Attr> = {
    kernel_shape: ints(attrs.kernelSize),
    strides: ints(attrs.stride),
    pads: ints([padH, padW, padH, padW]),
    dilations: ints(attrs.dilation),
    ceil_mode: int(attrs.ceilMode ? 1 : 0),
  };
  if (!attrs.ceilMode) return ctx.result('MaxPool', [ctx.inputs[0]], poolAttrs);
  return cropToShape(ctx, ctx.op('MaxPool', [ctx.inputs[0]], poolAttrs));
};
