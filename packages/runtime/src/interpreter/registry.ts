/** The explicit registry: every IR op (except `input`) and its reference kernel. */
import type { OpName } from '@stride/dsl';
import { clamp, elu, gelu, hardsigmoid, hardswish, leakyRelu, relu, relu6, sigmoid, silu, tanh } from './kernels/activations.js';
import { adaptiveAvgPool2d } from './kernels/adaptiveAvgPool2d.js';
import { adaptiveMaxPool2d } from './kernels/adaptiveMaxPool2d.js';
import { add } from './kernels/add.js';
import { avgPool2d } from './kernels/avgPool2d.js';
import { batchNorm2d } from './kernels/batchNorm2d.js';
import { concat } from './kernels/concat.js';
import { conv2d } from './kernels/conv2d.js';
import { convTranspose2d } from './kernels/convTranspose2d.js';
import { dropout } from './kernels/dropout.js';
import { flatten } from './kernels/flatten.js';
import { groupNorm } from './kernels/groupNorm.js';
import { instanceNorm2d } from './kernels/instanceNorm2d.js';
import { layerNorm } from './kernels/layerNorm.js';
import { linear } from './kernels/linear.js';
import { maxPool2d } from './kernels/maxPool2d.js';
import { mul } from './kernels/mul.js';
import { reshape } from './kernels/reshape.js';
import { softmax } from './kernels/softmax.js';
import { upsample } from './kernels/upsample.js';
import { div } from './kernels/div.js';
import { logSoftmax } from './kernels/logSoftmax.js';
import { mean } from './kernels/mean.js';
import { sub } from './kernels/sub.js';
import type { Kernel } from './kernels/types.js';

export const kernels: { [Op in Exclude<OpName, 'input'>]: Kernel<Op> } = {
  conv2d, convTranspose2d, maxPool2d, avgPool2d, adaptiveAvgPool2d, adaptiveMaxPool2d, batchNorm2d, groupNorm, instanceNorm2d, layerNorm, linear, flatten, reshape, upsample, dropout, softmax,
  relu, relu6, leakyRelu, sigmoid, tanh, gelu, silu, hardswish, hardsigmoid, add, mul, concat,
  mean, sub, div, elu, logSoftmax, clamp,
};
