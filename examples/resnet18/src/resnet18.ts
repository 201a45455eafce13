/**
 * ResNet-18 as torchvision builds it (`torchvision.models.resnet18`), layer for layer and name for
 * name, so a torchvision state_dict saved as safetensors binds unchanged: `conv1.weight`,
 * `layer2.0.downsample.0.weight`, `fc.bias`, … Input 1×3×224×224 NCHW; output 1000 logits.
 */
import { add, input, model, type Shape, type Tensor } from '@stride/dsl';

/** torchvision's BasicBlock whose shortcut is the identity (same channels, stride 1). */
export const basicBlock = <Planes extends number>(planes: Planes) =>
  <S extends Shape>(x: Tensor<S>) => {
    const y = x
      .conv2d({ outChannels: planes, kernelSize: 3, padding: 1, bias: false, name: 'conv1' })
      .batchNorm2d({ name: 'bn1' })
      .relu()
      .conv2d({ outChannels: planes, kernelSize: 3, padding: 1, bias: false, name: 'conv2' })
      .batchNorm2d({ name: 'bn2' });
    return add(y, x).relu();
  };

/** torchvision's BasicBlock that changes resolution and width: a 1×1 strided conv on the shortcut. */
export const downsampleBlock = <Planes extends number, Stride extends number>(planes: Planes, stride: Stride) =>
  <S extends Shape>(x: Tensor<S>) => {
    const y = x
      .conv2d({ outChannels: planes, kernelSize: 3, stride, padding: 1, bias: false, name: 'conv1' })
      .batchNorm2d({ name: 'bn1' })
      .relu()
      .conv2d({ outChannels: planes, kernelSize: 3, padding: 1, bias: false, name: 'conv2' })
      .batchNorm2d({ name: 'bn2' });
    const shortcut = x
      .conv2d({ outChannels: planes, kernelSize: 1, stride, bias: false, name: 'downsample.0' })
      .batchNorm2d({ name: 'downsample.1' });
    return add(y, shortcut).relu();
  };

export const image = input([1, 3, 224, 224], { name: 'image' });

const stem = image
  .conv2d({ outChannels: 64, kernelSize: 7, stride: 2, padding: 3, bias: false, name: 'conv1' })
  .batchNorm2d({ name: 'bn1' })
  .relu()
  .maxPool2d({ kernelSize: 3, stride: 2, padding: 1 });                       // [1, 64, 56, 56]

const layer1 = stem.apply(basicBlock(64), 'layer1.0').apply(basicBlock(64), 'layer1.1');
const layer2 = layer1.apply(downsampleBlock(128, 2), 'layer2.0').apply(basicBlock(128), 'layer2.1');
const layer3 = layer2.apply(downsampleBlock(256, 2), 'layer3.0').apply(basicBlock(256), 'layer3.1');
const layer4 = layer3.apply(downsampleBlock(512, 2), 'layer4.0').apply(basicBlock(512), 'layer4.1'); // [1, 512, 7, 7]

export const logits = layer4
  .adaptiveAvgPool2d(1)
  .flatten()
  .linear({ outFeatures: 1000, name: 'fc' });                                  // [1, 1000]

export default model({ name: 'resnet18', inputs: { image }, outputs: { logits } });
