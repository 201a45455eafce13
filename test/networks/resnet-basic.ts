/** A stack of torchvision BasicBlocks with downsampling shortcuts, torchvision names, batch 2. */
import { input, model } from '@stride/dsl';
import { basicBlock, downsampleBlock } from '../../examples/resnet18/src/resnet18.js';

export const image = input([2, 3, 32, 32], { name: 'image' });
export const logits = image
  .conv2d({ outChannels: 16, kernelSize: 3, padding: 1, bias: false, name: 'conv1' }).batchNorm2d({ name: 'bn1' }).relu()
  .apply(basicBlock(16), 'layer1.0').apply(basicBlock(16), 'layer1.1')
  .apply(downsampleBlock(32, 2), 'layer2.0').apply(basicBlock(32), 'layer2.1')
  .apply(downsampleBlock(64, 2), 'layer3.0')
  .adaptiveAvgPool2d(1).flatten().linear({ outFeatures: 10, name: 'fc' }); // [2, 10]

export default model({ name: 'resnet-basic', inputs: { image }, outputs: { logits } });
