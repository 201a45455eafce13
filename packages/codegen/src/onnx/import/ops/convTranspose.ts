/** ConvTranspose → convTranspose2d; extra end pads crop the end, as a smaller output padding does. */
import { Unsupported, type OpImporter, type ParamData } from '../context.js';
import { checkAutoPad, pair, param, type Entry } from './shared.js';

const run: OpImporter = (ctx) => {
  checkAutoPad(ctx);
  if (ctx.attrs.has('output_shape')) throw new Unsupported('output_shape is not supported (write pads and output_padding)');
  const x = ctx.input(0);
  const weight = ctx.requireConstant(1, 'weight');
  const bias = ctx.constant(2);
  const groups = ctx.attrs.int('group', 1);
  const [top, left, bottom, right] = ctx.attrs.ints('pads', [0, 0, 0, 0]);
  const [opH, opW] = ctx.attrs.ints('output_padding', [0, 0]);
  // PyTorch's pads are symmetric: more at the end than at the start is a larger crop than it can write.
  if (bottom > top || right > left) throw new Unsupported(`pads [${ctx.attrs.ints('pads', []).join(', ')}] crop more at the end than at the start, which convTranspose2d cannot express`);
  const name = ctx.layerName([ctx.node.input[1], ctx.node.input[2]], 'convTranspose');
  const params: Record<string, ParamData> = { weight: param(weight) };
  if (bias) params.bias = param(bias);
  return ctx.emit('convTranspose2d', [x], {
    inChannels: weight.dims[0], outChannels: weight.dims[1] * groups, kernelSize: pair(ctx.attrs.ints('kernel_shape', weight.dims.slice(2)), 'kernel_shape'),
    stride: pair(ctx.attrs.ints('strides', [1, 1]), 'strides'), padding: [top, left], outputPadding: [opH + top - bottom, opW + left - right],
    dilation: pair(ctx.attrs.ints('dilations', [1, 1]), 'dilations'), groups, bias: bias !== undefined,
  }, name, params);
};

export const ConvTranspose: Entry = { attrs: ['auto_pad', 'dilations', 'group', 'kernel_shape', 'pads', 'strides', 'output_padding', 'output_shape'], run };
