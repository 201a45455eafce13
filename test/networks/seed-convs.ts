/**
 * Circular- and replicate-padded convolutions with PyTorch's module names (test/fixtures/generate.py,
 * SeedConvs): factorized 1×3 and 3×1 around a residual add, dilated, grouped, depthwise, batch norm.
 */
import { add, input, model } from '@stride/dsl';

export const image = input([1, 3, 12, 10], { name: 'image' });
const stem = image.conv2d({ outChannels: 8, kernelSize: 3, padding: 1, paddingMode: 'circular', name: 'stem' }).relu();
const factorized = stem.conv2d({ outChannels: 8, kernelSize: [1, 3], padding: [0, 1], paddingMode: 'replicate', name: 'row' })
  .conv2d({ outChannels: 8, kernelSize: [3, 1], padding: [1, 0], paddingMode: 'replicate', name: 'col' }).relu();
export const logits = add(factorized, stem)
  .conv2d({ outChannels: 16, kernelSize: 3, padding: 2, dilation: 2, paddingMode: 'circular', name: 'dilated' })
  .conv2d({ outChannels: 16, kernelSize: 3, padding: 1, groups: 4, paddingMode: 'replicate', name: 'grouped' })
  .conv2d({ outChannels: 16, kernelSize: 3, padding: 1, groups: 16, paddingMode: 'circular', name: 'depthwise' })
  .batchNorm2d({ name: 'bn' }).relu()
  .conv2d({ outChannels: 4, kernelSize: 1, name: 'head' });

export default model({ name: 'seed-convs', inputs: { image }, outputs: { logits } });
