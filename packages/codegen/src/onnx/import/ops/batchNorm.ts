/** BatchNormalization (inference) → batchNorm2d with the state_dict's four tensors. */
import { Unsupported, type OpImporter } from '../context.js';
import { param, written, type Entry } from './shared.js';

const run: OpImporter = (ctx) => {
  if (ctx.attrs.int('training_mode', 0) !== 0) throw new Unsupported('training_mode 1 is not supported (inference only)');
  if (ctx.node.output.filter((o) => o).length > 1) throw new Unsupported('the running-statistics outputs (training) are not supported');
  const x = ctx.input(0);
  const [weight, bias, mean, variance] = [1, 2, 3, 4].map((i) => ctx.requireConstant(i, ['', 'scale', 'bias', 'mean', 'variance'][i]));
  const name = ctx.layerName(ctx.node.input.slice(1), 'batchNorm');
  return ctx.emit('batchNorm2d', [x], { numFeatures: weight.dims[0], eps: written(ctx.attrs.float('epsilon', 1e-5), [1e-5, 1e-3, 1e-4, 1e-6, 1e-2]) }, name, {
    weight: param(weight), bias: param(bias), running_mean: param(mean), running_var: param(variance),
  });
};

export const BatchNormalization: Entry = { attrs: ['epsilon', 'momentum', 'training_mode', 'spatial'], run };
