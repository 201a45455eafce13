/** LeNet-5 written without names: parameters take nn.Sequential's indices (0, 3, 7, 9, 11). */
import { input, model } from '@stride/dsl';

export const image = input([1, 1, 32, 32], { name: 'image' });
export const logits = image
  .conv2d({ outChannels: 6, kernelSize: 5 }).relu().maxPool2d({ kernelSize: 2 })
  .conv2d({ outChannels: 16, kernelSize: 5 }).relu().maxPool2d({ kernelSize: 2 })
  .flatten()
  .linear({ outFeatures: 120 }).relu()
  .linear({ outFeatures: 84 }).relu()
  .linear({ outFeatures: 10 });

export default model({ name: 'lenet5-sequential', inputs: { image }, outputs: { logits } });
