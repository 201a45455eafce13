/**
 * Whole networks and a few layers, typed exactly: type tests (see layers.test-d.ts); shapes.test.ts
 * builds the same networks and checks their IR.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { add, concat, input, mul, type ShapeOf, type Tensor } from '../src/index.js';
import { layer1, layer2, layer4, logits as resnetLogits } from './networks/resnet50.js';
import { logits as lenetLogits } from '../../../examples/lenet-mnist/src/lenet5.js';
import { logits as resnet18Logits } from '../../../examples/resnet18/src/resnet18.js';
import { logits as mobilenetLogits } from '../../../examples/mobilenet-v2/src/mobilenet-v2.js';

describe('whole networks', () => {
  it('LeNet-5', () => {
    expectTypeOf<ShapeOf<typeof lenetLogits>>().toEqualTypeOf<[1, 10]>();
  });
  it('ResNet-50 from the generic bottleneck block', () => {
    expectTypeOf(layer1.shape).toEqualTypeOf<[1, 256, 56, 56]>();
    expectTypeOf(layer2.shape).toEqualTypeOf<[1, 512, 28, 28]>();
    expectTypeOf(layer4.shape).toEqualTypeOf<[1, 2048, 7, 7]>();
    expectTypeOf(resnetLogits.shape).toEqualTypeOf<[1, 1000]>();
  });
  it('ResNet-18 and MobileNetV2', () => {
    expectTypeOf(resnet18Logits.shape).toEqualTypeOf<[1, 1000]>();
    expectTypeOf(mobilenetLogits.shape).toEqualTypeOf<[1, 1000]>();
  });
});

describe('layers', () => {
  const x = input([1, 3, 9, 7]);
  it('conv2d options', () => {
    expectTypeOf(x.conv2d({ outChannels: 4, kernelSize: [3, 2], padding: 'same', dilation: 2 }).shape).toEqualTypeOf<[1, 4, 9, 7]>();
    expectTypeOf(x.conv2d({ outChannels: 4, kernelSize: [4, 2], stride: [2, 3], padding: [1, 0] }).shape).toEqualTypeOf<[1, 4, 4, 2]>();
  });
  it('broadcasts and concatenates', () => {
    const a = input([2, 3, 4, 5]);
    const b = input([3, 1, 1]);
    expectTypeOf(add(a, b).shape).toEqualTypeOf<[2, 3, 4, 5]>();
    expectTypeOf(mul(b, a).shape).toEqualTypeOf<[2, 3, 4, 5]>();
    expectTypeOf(concat([a, a], 1).shape).toEqualTypeOf<[2, 6, 4, 5]>();
    const declared: Tensor<[2, 3, 4, 5]> = add(a, b);
  });
});
