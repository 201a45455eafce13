/**
 * Every IR op's ONNX converter, listed explicitly. The mapped type makes a new op in `OpAttrs` a
 * type error here until it has a converter. `input` has none: graph inputs are the model's inputs.
 */
import type { OpName } from '@stride/dsl';
import type { Converter } from './context';
import { activations } from './ops/activations';
import { adaptiveAvgPool2d } from './ops/adaptiveAvgPool2d';
import { add } from './ops/add';
import { avgPool2d } from './ops/avgPool2d';
import { batchNorm2d } from './ops/batchNorm2d';
import { concat } from './ops/concat';
import { conv2d } from './ops/conv2d';
import { convTranspose2d } from './ops/convTranspose2d';
import { dropout } from './ops/dropout';
import { flatten } from './ops/flatten';
import { linear } from './ops/linear';
import { maxPool2d } from './ops/maxPool2d';
import { mul } from './ops/mul';
import { reshape } from './ops/reshape';
import { softmax } from './ops/softmax';
import { upsample } from './ops/upsample';

export type Converters = { [Op in Exclude<OpName, 'input'>]: Converter<Op> };

export const converters: Converters = {
  conv2d, convTranspose2d, maxPool2d, avgPool2d, adaptiveAvgPool2d, batchNorm2d, linear, flatten, reshape,
  upsample, dropout, softmax, ...activations, add, mul, concat,
};
