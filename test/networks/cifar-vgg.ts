/**
 * A small VGG-style CIFAR net, as PyTorch's `nn.Sequential` `features` and `classifier`: the layers
 * inside each are unnamed and take their Sequential index (features.0.weight, features.1.running_var…).
 */
import { input, model, type Shape, type Tensor } from '@stride/dsl';

const features = <S extends Shape>(x: Tensor<S>) => x
  .conv2d({ outChannels: 16, kernelSize: 3, padding: 1, bias: false }).batchNorm2d().relu()
  .conv2d({ outChannels: 16, kernelSize: 3, padding: 1, bias: false }).batchNorm2d().relu()
  .maxPool2d({ kernelSize: 2 })
  .conv2d({ outChannels: 32, kernelSize: 3, padding: 1, bias: false }).batchNorm2d().relu()
  .conv2d({ outChannels: 32, kernelSize: 3, padding: 1, bias: false }).batchNorm2d().relu()
  .maxPool2d({ kernelSize: 2 })
  .conv2d({ outChannels: 64, kernelSize: 3, padding: 1, bias: false }).batchNorm2d().relu()
  .maxPool2d({ kernelSize: 2 });

const classifier = <S extends Shape>(x: Tensor<S>) => x
  .flatten().linear({ outFeatures: 64 }).relu().dropout(0.5).linear({ outFeatures: 10 });

export const image = input([1, 3, 32, 32], { name: 'image' });
export const logits = image.apply(features, 'features').apply(classifier, 'classifier'); // [1, 10]

export default model({ name: 'cifar-vgg', inputs: { image }, outputs: { logits } });
