/**
 * LeNet-5 for 32×32 grey digits (MNIST's 28×28 zero-padded by 2), named as the PyTorch module in
 * `train/train.py`, so its trained state_dict binds unchanged.
 */
import { input, model } from '@stride/dsl';

export const image = input([1, 1, 32, 32], { name: 'image' });
export const logits = image
  .conv2d({ outChannels: 6, kernelSize: 5, name: 'conv1' })   // [1, 6, 28, 28]
  .relu()
  .maxPool2d({ kernelSize: 2 })                               // [1, 6, 14, 14]
  .conv2d({ outChannels: 16, kernelSize: 5, name: 'conv2' })  // [1, 16, 10, 10]
  .relu()
  .maxPool2d({ kernelSize: 2 })                               // [1, 16, 5, 5]
  .flatten()                                                  // [1, 400]
  .linear({ outFeatures: 120, name: 'fc1' })
  .relu()
  .linear({ outFeatures: 84, name: 'fc2' })
  .relu()
  .linear({ outFeatures: 10, name: 'fc3' });                  // [1, 10]

export default model({ name: 'lenet5-mnist', inputs: { image }, outputs: { logits } });
