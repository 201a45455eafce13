/** Whole networks built by the runtime twins: their IR's last shapes and names (types: shapes.test-d.ts). */
import { describe, expect, it } from 'vitest';
import { add, concat, input, mul, type ShapeOf, type Tensor } from '../src/index.js';
import resnet50, { layer1, layer2, layer4, logits as resnetLogits } from './networks/resnet50.js';
import lenet, { logits as lenetLogits } from '../../../examples/lenet-mnist/src/lenet5.js';
import resnet18, { logits as resnet18Logits } from '../../../examples/resnet18/src/resnet18.js';
import mobilenet, { logits as mobilenetLogits } from '../../../examples/mobilenet-v2/src/mobilenet-v2.js';

describe('whole networks', () => {
  it('LeNet-5', () => {
    expect(lenet.toIR().nodes.at(-1)!.shape).toEqual([1, 10]);
  });
  it('ResNet-50 from the generic bottleneck block', () => {
    const ir = resnet50.toIR();
    expect(ir.nodes.find((n) => n.name === 'layer2.0.conv2')?.params).toMatchObject({ weight: { name: 'layer2.0.conv2.weight', shape: [128, 128, 3, 3] } });
    expect(ir.nodes.at(-1)!.shape).toEqual([1, 1000]);
  });
  it('ResNet-18 and MobileNetV2', () => {
    expect(resnet18.toIR().nodes.at(-1)!.shape).toEqual([1, 1000]);
    expect(mobilenet.toIR().nodes.at(-1)!.shape).toEqual([1, 1000]);
  });
});

describe('layers', () => {
  const x = input([1, 3, 9, 7]);
  it('broadcasts and concatenates', () => {
    const a = input([2, 3, 4, 5]);
    const b = input([3, 1, 1]);
    const declared: Tensor<[2, 3, 4, 5]> = add(a, b);
    expect(declared.shape).toEqual([2, 3, 4, 5]);
    expect(x.shape).toEqual([1, 3, 9, 7]);
  });
});
