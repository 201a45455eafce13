/**
 * A VGG-style CIFAR-10 net (conv-bn-relu pairs, three stages of 32/64/128 channels, a two-layer
 * classifier), as PyTorch's `nn.Sequential` `features` and `classifier` name it: features.0.weight,
 * features.1.running_var, …, classifier.4.bias.
 */
import { input, model, type Shape, type Tensor } from '@stride/dsl';

const features = <S extends Shape>(x: Tensor<S>) => x
  .conv2d({ outChannels: 32, kernelSize: 3, padding: 1, bias: false }).batchNorm2d().relu()
  .conv2d({ outChannels: 32, kernelSize: 3, padding: 1, bias: false }).batchNorm2d().relu()
  .maxPool2d({ kernelSize: 2 })                                                              // [batch, 32, 16, 16]
  .conv2d({ outChannels: 64, kernelSize: 3, padding: 1, bias: false }).batchNorm2d().relu()
  .conv2d({ outChannels: 64, kernelSize: 3, padding: 1, bias: false }).batchNorm2d().relu()
  .maxPool2d({ kernelSize: 2 })                                                              // [batch, 64, 8, 8]
  .conv2d({ outChannels: 128, kernelSize: 3, padding: 1, bias: false }).batchNorm2d().relu()
  .conv2d({ outChannels: 128, kernelSize: 3, padding: 1, bias: false }).batchNorm2d().relu()
  .maxPool2d({ kernelSize: 2 });                                                             // [batch, 128, 4, 4]

const classifier = <S extends Shape>(x: Tensor<S>) => x
  .flatten().linear({ outFeatures: 256 }).relu().dropout(0.5).linear({ outFeatures: 10 });

export const image = input(['batch', 3, 32, 32], { name: 'image' });
export const logits = image.apply(features, 'features').apply(classifier, 'classifier');   // [batch, 10]

export default model({ name: 'cifar-vgg', inputs: { image }, outputs: { logits } });
