/**
 * SqueezeNet 1.1 as torchvision builds it (`torchvision.models.squeezenet1_1`), with its state_dict
 * names: `features.0.weight` (stem), `features.N.squeeze.weight`, `features.N.expand1x1.weight`,
 * `features.N.expand3x3.weight`, `classifier.1.weight`. Input batch×3×224×224; output 1000 scores.
 */
import { concat, input, model, type Shape, type Tensor } from '@stride/dsl';

/** torchvision's Fire module: a 1×1 squeeze, then 1×1 and 3×3 expands side by side, concatenated on channels. */
export const fire = <Squeeze extends number, Expand1 extends number, Expand3 extends number>(squeeze: Squeeze, expand1x1: Expand1, expand3x3: Expand3) =>
  <S extends Shape>(x: Tensor<S>) => {
    const squeezed = x.conv2d({ outChannels: squeeze, kernelSize: 1, name: 'squeeze' }).relu();
    const left = squeezed.conv2d({ outChannels: expand1x1, kernelSize: 1, name: 'expand1x1' }).relu();
    const right = squeezed.conv2d({ outChannels: expand3x3, kernelSize: 3, padding: 1, name: 'expand3x3' }).relu();
    return concat([left, right], 1);
  };

export const image = input(['batch', 3, 224, 224], { name: 'image' });

const features = image
  .conv2d({ outChannels: 64, kernelSize: 3, stride: 2, name: 'features.0' }).relu()     // [batch, 64, 111, 111]
  .maxPool2d({ kernelSize: 3, stride: 2, ceilMode: true })                               // [batch, 64, 55, 55]
  .apply(fire(16, 64, 64), 'features.3')
  .apply(fire(16, 64, 64), 'features.4')
  .maxPool2d({ kernelSize: 3, stride: 2, ceilMode: true })                               // [batch, 128, 27, 27]
  .apply(fire(32, 128, 128), 'features.6')
  .apply(fire(32, 128, 128), 'features.7')
  .maxPool2d({ kernelSize: 3, stride: 2, ceilMode: true })                               // [batch, 256, 13, 13]
  .apply(fire(48, 192, 192), 'features.9')
  .apply(fire(48, 192, 192), 'features.10')
  .apply(fire(64, 256, 256), 'features.11')
  .apply(fire(64, 256, 256), 'features.12');                                             // [batch, 512, 13, 13]

export const logits = features
  .dropout(0.5)
  .conv2d({ outChannels: 1000, kernelSize: 1, name: 'classifier.1' }).relu()
  .adaptiveAvgPool2d(1)
  .flatten();                                                                            // [batch, 1000]

export default model({ name: 'squeezenet1.1', inputs: { image }, outputs: { logits } });
