/** A small ResNet-style network for soak runs: BasicBlocks with and without downsampling, 3×16×16 input. */
import { input, model } from '@stride/dsl';
import { basicBlock, downsampleBlock } from '../../examples/resnet18/src/resnet18.js';

export const image = input([1, 3, 16, 16], { name: 'image' });
export const logits = image
  .conv2d({ outChannels: 8, kernelSize: 3, padding: 1, bias: false, name: 'conv1' }).batchNorm2d({ name: 'bn1' }).relu()
  .apply(basicBlock(8), 'layer1.0')
  .apply(downsampleBlock(16, 2), 'layer2.0')
  .adaptiveAvgPool2d(1).flatten().linear({ outFeatures: 10, name: 'fc' });

export default model({ name: 'resnet-tiny', inputs: { image }, outputs: { logits } });
