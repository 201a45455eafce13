/**
 * ResNet-18 from examples/resnet18 (torchvision's architecture and state_dict names, its blocks
 * imported unchanged), with a symbolic batch so one definition serves batch 1 and batch 8.
 */
import { input, model } from '@stride/dsl';
import { basicBlock, downsampleBlock } from '../../examples/resnet18/src/resnet18.js';

export const image = input(['batch', 3, 224, 224], { name: 'image' });

export const logits = image
  .conv2d({ outChannels: 64, kernelSize: 7, stride: 2, padding: 3, bias: false, name: 'conv1' })
  .batchNorm2d({ name: 'bn1' })
  .relu()
  .maxPool2d({ kernelSize: 3, stride: 2, padding: 1 })                         // [batch, 64, 56, 56]
  .apply(basicBlock(64), 'layer1.0').apply(basicBlock(64), 'layer1.1')
  .apply(downsampleBlock(128, 2), 'layer2.0').apply(basicBlock(128), 'layer2.1')
  .apply(downsampleBlock(256, 2), 'layer3.0').apply(basicBlock(256), 'layer3.1')
  .apply(downsampleBlock(512, 2), 'layer4.0').apply(basicBlock(512), 'layer4.1') // [batch, 512, 7, 7]
  .adaptiveAvgPool2d(1)
  .flatten()
  .linear({ outFeatures: 1000, name: 'fc' });                                  // [batch, 1000]

export default model({ name: 'resnet18', inputs: { image }, outputs: { logits } });
