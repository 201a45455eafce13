/**
 * A LeNet-style network for 32×32 grey images with 10 classes. TypeScript computes each layer's
 * output shape (hover a tensor to see it): change `kernelSize: 5` below to `50` and `npx tsc`
 * underlines that option with the sizes that do not fit.
 *
 * Names follow PyTorch's state_dict (`conv1.weight`, `fc3.bias`, …), so weights trained in PyTorch and
 * saved as safetensors load by name: `stride build src/net.ts --weights lenet.safetensors --out dist/net`.
 */
import { input, model } from '@stride/dsl';

const image = input([1, 1, 32, 32], { name: 'image' });          // NCHW: batch, channels, height, width
const logits = image
  .conv2d({ outChannels: 6, kernelSize: 5, name: 'conv1' })      // [1, 6, 28, 28]; in-channels are inferred
  .relu()
  .maxPool2d({ kernelSize: 2 })                                  // [1, 6, 14, 14]
  .conv2d({ outChannels: 16, kernelSize: 5, name: 'conv2' })     // [1, 16, 10, 10]
  .relu()
  .maxPool2d({ kernelSize: 2 })                                  // [1, 16, 5, 5]
  .flatten()                                                     // [1, 400]
  .linear({ outFeatures: 120, name: 'fc1' })                     // in-features are inferred too
  .relu()
  .linear({ outFeatures: 84, name: 'fc2' })
  .relu()
  .linear({ outFeatures: 10, name: 'fc3' });                     // [1, 10]

export default model({ name: 'lenet', inputs: { image }, outputs: { logits } });
