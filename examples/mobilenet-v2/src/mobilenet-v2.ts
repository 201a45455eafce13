/**
 * MobileNetV2 as torchvision builds it (`torchvision.models.mobilenet_v2`, width 1.0), with its
 * state_dict names: `features.0.0.weight` (stem conv), `features.N.conv.…` (inverted residuals),
 * `features.18.0.weight`, `classifier.1.weight`. Input 1×3×224×224 NCHW; output 1000 logits.
 */
import { add, input, model, type Shape, type Tensor } from '@stride/dsl';

/** The first inverted residual (expansion 1): depthwise 3×3, then a linear 1×1 projection. */
export const depthwiseBlock = <Channels extends number, Out extends number>(channels: Channels, out: Out) =>
  <S extends Shape>(x: Tensor<S>) =>
    x
      .conv2d({ outChannels: channels, kernelSize: 3, padding: 1, groups: channels, bias: false, name: 'conv.0.0' })
      .batchNorm2d({ name: 'conv.0.1' })
      .relu6()
      .conv2d({ outChannels: out, kernelSize: 1, bias: false, name: 'conv.1' })
      .batchNorm2d({ name: 'conv.2' });

/** An inverted residual with expansion: 1×1 expand, depthwise 3×3 (strided), linear 1×1 projection. */
export const expandBlock = <Hidden extends number, Out extends number, Stride extends number>(hidden: Hidden, out: Out, stride: Stride) =>
  <S extends Shape>(x: Tensor<S>) =>
    x
      .conv2d({ outChannels: hidden, kernelSize: 1, bias: false, name: 'conv.0.0' })
      .batchNorm2d({ name: 'conv.0.1' })
      .relu6()
      .conv2d({ outChannels: hidden, kernelSize: 3, stride, padding: 1, groups: hidden, bias: false, name: 'conv.1.0' })
      .batchNorm2d({ name: 'conv.1.1' })
      .relu6()
      .conv2d({ outChannels: out, kernelSize: 1, bias: false, name: 'conv.2' })
      .batchNorm2d({ name: 'conv.3' });

/**
 * The same block with its identity shortcut (stride 1, same width), as torchvision's use_res_connect.
 * The expand chain is called directly, not through `apply`, so its layers keep this block's scope.
 */
export const residualBlock = <Hidden extends number, Out extends number>(hidden: Hidden, out: Out) =>
  <S extends Shape>(x: Tensor<S>) => add(expandBlock(hidden, out, 1)(x), x);

export const image = input([1, 3, 224, 224], { name: 'image' });

const stem = image
  .conv2d({ outChannels: 32, kernelSize: 3, stride: 2, padding: 1, bias: false, name: 'features.0.0' })
  .batchNorm2d({ name: 'features.0.1' })
  .relu6();                                                                           // [1, 32, 112, 112]

const features = stem
  .apply(depthwiseBlock(32, 16), 'features.1')                                        // [1, 16, 112, 112]
  .apply(expandBlock(96, 24, 2), 'features.2')
  .apply(residualBlock(144, 24), 'features.3')                                        // [1, 24, 56, 56]
  .apply(expandBlock(144, 32, 2), 'features.4')
  .apply(residualBlock(192, 32), 'features.5')
  .apply(residualBlock(192, 32), 'features.6')                                        // [1, 32, 28, 28]
  .apply(expandBlock(192, 64, 2), 'features.7')
  .apply(residualBlock(384, 64), 'features.8')
  .apply(residualBlock(384, 64), 'features.9')
  .apply(residualBlock(384, 64), 'features.10')                                       // [1, 64, 14, 14]
  .apply(expandBlock(384, 96, 1), 'features.11')
  .apply(residualBlock(576, 96), 'features.12')
  .apply(residualBlock(576, 96), 'features.13')                                       // [1, 96, 14, 14]
  .apply(expandBlock(576, 160, 2), 'features.14')
  .apply(residualBlock(960, 160), 'features.15')
  .apply(residualBlock(960, 160), 'features.16')                                      // [1, 160, 7, 7]
  .apply(expandBlock(960, 320, 1), 'features.17')
  .conv2d({ outChannels: 1280, kernelSize: 1, bias: false, name: 'features.18.0' })
  .batchNorm2d({ name: 'features.18.1' })
  .relu6();                                                                           // [1, 1280, 7, 7]

export const logits = features
  .adaptiveAvgPool2d(1)
  .flatten()
  .dropout(0.2)
  .linear({ outFeatures: 1000, name: 'classifier.1' });                              // [1, 1000]

export default model({ name: 'mobilenet-v2', inputs: { image }, outputs: { logits } });
