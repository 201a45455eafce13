/** The explicit registry: every IR op (except `input`) and its reference kernel. */
import type { OpName } from '@stride/dsl';
import { gelu, hardsigmoid, hardswish, leakyRelu, relu, relu6, sigmoid, silu, tanh } from './kernels/activations';
import { adaptiveAvgPool2d } from './kernels/adaptiveAvgPool2d';
import { add } from './kernels/add';
import { avgPool2d } from './kernels/avgPool2d';
import { batchNorm2d } from './kernels/batchNorm2d';
import { concat } from './kernels/concat';
import { conv2d } from './kernels/conv2d';
import { convTranspose2d } from './kernels/convTranspose2d';
import { dropout } from './kernels/dropout';
import { flatten } from './kernels/flatten';
import { linear } from './kernels/linear';
import { maxPool2d } from './kernels/maxPool2d';
import { mul } from './kernels/mul';
import { reshape } from './kernels/reshape';
import { softmax } from './kernels/softmax';
import { upsample } from './kernels/upsample';
import type { Kernel } from './kernels/types';

export const kernels: { [Op in Exclude<OpName, 'input'>]: Kernel<Op> } = {
  conv2d, convTranspose2d, maxPool2d, avgPool2d, adaptiveAvgPool2d, batchNorm2d, linear, flatten, reshape, upsample, dropout, softmax,
  relu, relu6, leakyRelu, sigmoid, tanh, gelu, silu, hardswish, hardsigmoid, add, mul, concat,
};
