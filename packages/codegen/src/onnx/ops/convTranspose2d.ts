import { int, ints, type Converter } from '../context.js';

/**
 * convTranspose2d → ConvTranspose; the weight keeps PyTorch's [in, out/groups, kh, kw] layout, as ONNX's does.
 *
 * PyTorch accepts an output padding below max(stride, dilation); onnxruntime only below the stride. Output
 * padding just extends the bottom and right edges of the cropped full result, so it is written instead as
 * a smaller end crop (`pads` end = padding − outputPadding). Rows beyond the full result, if any, receive
 * no kernel contribution: they are zero-padded in and get the bias alone.
 */
export const convTranspose2d: Converter<'convTranspose2d'> = (ctx) => {
  const { attrs } = ctx.node;
  const [padH, padW] = attrs.padding;
  const [outPadH, outPadW] = attrs.outputPadding;
  const common = { kernel_shape: ints(attrs.kernelSize), strides: ints(attrs.stride), dilations: ints(attrs.dilation), group: int(attrs.groups) };
  const inputs = [ctx.inputs[0], ctx.param('weight')];
  const hasBias = ctx.hasParam('bias');
  if (outPadH < attrs.stride[0] && outPadW < attrs.stride[1]) {
    if (hasBias) inputs.push(ctx.param('bias'));
    return ctx.result('ConvTranspose', inputs, { ...common, pads: ints([padH, padW, padH, padW]), output_padding: ints(attrs.outputPadding) });
  }
  const pads = [padH, padW, Math.max(padH - outPadH, 0), Math.max(padW - outPadW, 0)];
  const beyond = [Math.max(outPadH - padH, 0), Math.max(outPadW - padW, 0)];
  if (beyond[0] === 0 && beyond[1] === 0) {
    if (hasBias) inputs.push(ctx.param('bias'));
    return ctx.result('ConvTranspose', inputs, { ...common, pads: ints(pads) });
  }
  const full = ctx.op('ConvTranspose', inputs, { ...common, pads: ints(pads) });
  const padded = ctx.op('Pad', [full, ctx.int64s('pads', [0, 0, 0, 0, 0, 0, beyond[0], beyond[1]])]);
  if (!hasBias) return ctx.result('Identity', [padded]);
  const bias = ctx.op('Reshape', [ctx.param('bias'), ctx.int64s('shape', [-1, 1, 1])]);
  return ctx.result('Add', [padded, bias]);
};
