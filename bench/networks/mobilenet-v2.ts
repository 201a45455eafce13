/**
 * MobileNetV2 from examples/mobilenet-v2 (torchvision's architecture and state_dict names, its blocks
 * imported unchanged), with a symbolic batch so one definition serves batch 1 and batch 8.
 */
import { input, model } from '@stride/dsl';
import { depthwiseBlock, expandBlock, residualBlock } from '../../examples/mobilenet-v2/src/mobilenet-v2.js';

export const image = input(['batch', 3, 224, 224], { name: 'image' });

export const logits = image
  .conv2d({ outChannels: 32, kernelSize: 3, stride: 2, padding: 1, bias: false, name: 'features.0.0' })
  .batchNorm2d({ name: 'features.0.1' })
  .relu6()                                                                            // [batch, 32, 112, 112]
  .apply(depthwiseBlock(32, 16), 'features.1')
  .apply(expandBlock(96, 24, 2), 'features.2')
  .apply(residualBlock(144, 24), 'features.3')
  .apply(expandBlock(144, 32, 2), 'features.4')
  .apply(residualBlock(192, 32), 'features.5')
  .apply(residualBlock(192, 32), 'features.6')
  .apply(expandBlock(192, 64, 2), 'features.7')
  .apply(residualBlock(384, 64), 'features.8')
  .apply(residualBlock(384, 64), 'features.9')
  .apply(residualBlock(384, 64), 'features.10')
  .apply(expandBlock(384, 96, 1), 'features.11')
  .apply(residualBlock(576, 96), 'features.12')
  .apply(residualBlock(576, 96), 'features.13')
  .apply(expandBlock(576, 160, 2), 'features.14')
  .apply(residualBlock(960, 160), 'features.15')
  .apply(residualBlock(960, 160), 'features.16')
  .apply(expandBlock(960, 320, 1), 'features.17')
  .conv2d({ outChannels: 1280, kernelSize: 1, bias: false, name: 'features.18.0' })
  .batchNorm2d({ name: 'features.18.1' })
  .relu6()                                                                            // [batch, 1280, 7, 7]
  .adaptiveAvgPool2d(1)
  .flatten()
  .dropout(0.2)
  .linear({ outFeatures: 1000, name: 'classifier.1' });                              // [batch, 1000]

export default model({ name: 'mobilenet-v2', inputs: { image }, outputs: { logits } });
