/** ResNet-50 written with the generic `bottleneck` block, torchvision names. */
import { add, input, model, type Shape, type Tensor } from '../../src/index.js';

const bottleneck = <P extends number, O extends number, St extends number>(planes: P, out: O, stride: St) =>
  <S extends Shape>(x: Tensor<S>) => {
    const y = x
      .conv2d({ outChannels: planes, kernelSize: 1, bias: false, name: 'conv1' }).batchNorm2d({ name: 'bn1' }).relu()
      .conv2d({ outChannels: planes, kernelSize: 3, stride, padding: 1, bias: false, name: 'conv2' }).batchNorm2d({ name: 'bn2' }).relu()
      .conv2d({ outChannels: out, kernelSize: 1, bias: false, name: 'conv3' }).batchNorm2d({ name: 'bn3' });
    const shortcut = x.conv2d({ outChannels: out, kernelSize: 1, stride, bias: false, name: 'downsample.0' })
      .batchNorm2d({ name: 'downsample.1' });
    return add(y, shortcut).relu();
  };

const identity = <P extends number, O extends number>(planes: P, out: O) =>
  <S extends Shape>(x: Tensor<S>) => {
    const y = x
      .conv2d({ outChannels: planes, kernelSize: 1, bias: false, name: 'conv1' }).batchNorm2d({ name: 'bn1' }).relu()
      .conv2d({ outChannels: planes, kernelSize: 3, padding: 1, bias: false, name: 'conv2' }).batchNorm2d({ name: 'bn2' }).relu()
      .conv2d({ outChannels: out, kernelSize: 1, bias: false, name: 'conv3' }).batchNorm2d({ name: 'bn3' });
    return add(y, x).relu();
  };

export const image = input([1, 3, 224, 224], { name: 'image' });
const stem = image
  .conv2d({ outChannels: 64, kernelSize: 7, stride: 2, padding: 3, bias: false, name: 'conv1' })
  .batchNorm2d({ name: 'bn1' }).relu()
  .maxPool2d({ kernelSize: 3, stride: 2, padding: 1 });
export const layer1 = stem.apply(bottleneck(64, 256, 1), 'layer1.0').apply(identity(64, 256), 'layer1.1').apply(identity(64, 256), 'layer1.2');
export const layer2 = layer1.apply(bottleneck(128, 512, 2), 'layer2.0')
  .apply(identity(128, 512), 'layer2.1').apply(identity(128, 512), 'layer2.2').apply(identity(128, 512), 'layer2.3');
export const layer3 = layer2.apply(bottleneck(256, 1024, 2), 'layer3.0')
  .apply(identity(256, 1024), 'layer3.1').apply(identity(256, 1024), 'layer3.2').apply(identity(256, 1024), 'layer3.3')
  .apply(identity(256, 1024), 'layer3.4').apply(identity(256, 1024), 'layer3.5');
export const layer4 = layer3.apply(bottleneck(512, 2048, 2), 'layer4.0')
  .apply(identity(512, 2048), 'layer4.1').apply(identity(512, 2048), 'layer4.2');
export const logits = layer4.adaptiveAvgPool2d(1).flatten().linear({ outFeatures: 1000, name: 'fc' });

export default model({ name: 'resnet50', inputs: { image }, outputs: { logits } });
