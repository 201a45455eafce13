/** A MobileNetV2 inverted-residual stack with torchvision's module names (features.N.conv.…). */
import { input, model } from '@stride/dsl';
import { depthwiseBlock, expandBlock, residualBlock } from '../../examples/mobilenet-v2/src/mobilenet-v2.js';

export const image = input([1, 3, 32, 32], { name: 'image' });
export const logits = image
  .conv2d({ outChannels: 16, kernelSize: 3, stride: 2, padding: 1, bias: false, name: 'features.0.0' })
  .batchNorm2d({ name: 'features.0.1' }).relu6()
  .apply(depthwiseBlock(16, 8), 'features.1')
  .apply(expandBlock(48, 12, 2), 'features.2')
  .apply(residualBlock(72, 12), 'features.3')
  .apply(expandBlock(72, 16, 2), 'features.4')
  .apply(residualBlock(96, 16), 'features.5')
  .conv2d({ outChannels: 64, kernelSize: 1, bias: false, name: 'features.6.0' })
  .batchNorm2d({ name: 'features.6.1' }).relu6()
  .adaptiveAvgPool2d(1).flatten().dropout(0.2)
  .linear({ outFeatures: 10, name: 'classifier.1' }); // [1, 10]

export default model({ name: 'mobilenet-v2-stack', inputs: { image }, outputs: { logits } });
