/**
 * LeNet-5 as in examples/lenet-mnist (same layers and state_dict names), with a symbolic batch so one
 * definition serves batch 1 and batch 8.
 */
import { input, model } from '@stride/dsl';

export const image = input(['batch', 1, 32, 32], { name: 'image' });
export const logits = image
  .conv2d({ outChannels: 6, kernelSize: 5, name: 'conv1' })   // [batch, 6, 28, 28]
  .relu()
  .maxPool2d({ kernelSize: 2 })                               // [batch, 6, 14, 14]
  .conv2d({ outChannels: 16, kernelSize: 5, name: 'conv2' })  // [batch, 16, 10, 10]
  .relu()
  .maxPool2d({ kernelSize: 2 })                               // [batch, 16, 5, 5]
  .flatten()                                                  // [batch, 400]
  .linear({ outFeatures: 120, name: 'fc1' })
  .relu()
  .linear({ outFeatures: 84, name: 'fc2' })
  .relu()
  .linear({ outFeatures: 10, name: 'fc3' });                  // [batch, 10]

export default model({ name: 'lenet5', inputs: { image }, outputs: { logits } });
