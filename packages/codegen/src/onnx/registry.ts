/**
 * Every IR op's ONNX converter, listed explicitly. The mapped type makes a new op in `OpAttrs` a
 * type error here until it has a converter. `input` has none: graph inputs are the model's inputs.
 */
import type { OpName } from '@stride/dsl';
import type { Converter } from './context.js';
import { activations } from './ops/activations.js';
import { adaptiveAvgPool2d } from './ops/adaptiveAvgPool2d.js';
import { adaptiveMaxPool2d } from './ops/adaptiveMaxPool2d.js';
import { groupNorm, instanceNorm2d, layerNorm } from './ops/normalization.js';
import { add } from './ops/add.js';
import { div } from './ops/div.js';
import { logSoftmax } from './ops/logSoftmax.js';
import { mean } from './ops/mean.js';
import { sub } from './ops/sub.js';
import { avgPool2d } from './ops/avgPool2d.js';
import { batchNorm2d } from './ops/batchNorm2d.js';
import { concat } from './ops/concat.js';
import { conv2d } from './ops/conv2d.js';
import { convTranspose2d } from './ops/convTranspose2d.js';
import { dropout } from './ops/dropout.js';
import { flatten } from './ops/flatten.js';
import { linear } from './ops/linear.js';
import { maxPool2d } from './ops/maxPool2d.js';
import { mul } from './ops/mul.js';
import { reshape } from './ops/reshape.js';
import { softmax } from './ops/softmax.js';
import { upsample } from './ops/upsample.js';

export type Converters = { [Op in Exclude<OpName, 'input'>]: Converter<Op> };

export const converters: Converters = {
  conv2d, convTranspose2d, maxPool2d, avgPool2d, adaptiveAvgPool2d, adaptiveMaxPool2d, batchNorm2d, groupNorm, instanceNorm2d, layerNorm, linear, flatten, reshape,
  upsample, dropout, softmax, ...activations, add, mul, concat,
  mean, sub, div, logSoftmax,
};
