/** What the editor shows on hover: the language service (ts-morph) asked for a variable's quick info. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickInfo, removeScratch, scratch } from './harness/index.js';

let folder: string;
beforeAll(() => {
  folder = scratch({
    'lenet.ts': [
      "import { input } from '@stride/dsl';",
      "const image = input([1, 1, 32, 32], { name: 'image' });",
      'const features = image.conv2d({ outChannels: 6, kernelSize: 5, name: "conv1" }).relu().maxPool2d({ kernelSize: 2 });',
      'const flat = features.conv2d({ outChannels: 16, kernelSize: 5 }).relu().maxPool2d({ kernelSize: 2 }).flatten();',
      "const batch = input(['batch', 3, 64, 64]).conv2d({ outChannels: 8, kernelSize: 3, stride: 2, padding: 1 });",
      'export { flat, batch };',
    ].join('\n'),
    // The generic block, applied: the hover shows the shape the block computes for this input.
    'blocks.ts': [
      "import { add, input, type Shape, type Tensor } from '@stride/dsl';",
      'const bottleneck = <P extends number, O extends number, St extends number>(planes: P, out: O, stride: St) =>',
      '  <S extends Shape>(x: Tensor<S>) => {',
      '    const y = x',
      "      .conv2d({ outChannels: planes, kernelSize: 1, bias: false, name: 'conv1' }).batchNorm2d({ name: 'bn1' }).relu()",
      "      .conv2d({ outChannels: planes, kernelSize: 3, stride, padding: 1, bias: false, name: 'conv2' }).batchNorm2d({ name: 'bn2' }).relu()",
      "      .conv2d({ outChannels: out, kernelSize: 1, bias: false, name: 'conv3' }).batchNorm2d({ name: 'bn3' });",
      "    const shortcut = x.conv2d({ outChannels: out, kernelSize: 1, stride, bias: false, name: 'downsample.0' })",
      "      .batchNorm2d({ name: 'downsample.1' });",
      '    return add(y, shortcut).relu();',
      '  };',
      'const layer1 = input([1, 256, 56, 56]);',
      "const layer2 = layer1.apply(bottleneck(128, 512, 2), 'layer2.0');",
      'const pooled = layer2',
      '  .adaptiveAvgPool2d(1)',
      '  .flatten();',
      'export { pooled };',
      'export const misfit = pooled.batchNorm2d;',
    ].join('\n'),
  });
});
afterAll(() => removeScratch(folder));

describe('editor', () => {
  it('shows the shape of a tensor in the middle of a chain on hover', () => {
    expect(quickInfo(folder, 'lenet.ts', 3, 'features')).toBe('const features: Tensor<[1, 6, 14, 14]>');
    expect(quickInfo(folder, 'lenet.ts', 4, 'flat')).toBe('const flat: Tensor<[1, 400]>');
    expect(quickInfo(folder, 'lenet.ts', 5, 'batch')).toBe('const batch: Tensor<["batch", 8, 32, 32]>');
  });
  it('shows the result of a generic block applied with apply, and of a layer method inside a chain', () => {
    expect(quickInfo(folder, 'blocks.ts', 13, 'layer2')).toBe('const layer2: Tensor<[1, 512, 28, 28]>');
    expect(quickInfo(folder, 'blocks.ts', 16, 'flatten'))
      .toBe('(method) Tensor<[1, 512, 1, 1]>.flatten<1, -1>(startDim?: 1 | undefined, endDim?: -1 | undefined): Tensor<[1, 512]>');
  });
  it('shows the sentence on a layer that does not fit, even before it is called', () => {
    expect(quickInfo(folder, 'blocks.ts', 18, 'batchNorm2d'))
      .toBe('(property) Tensor<[1, 512]>.batchNorm2d: ShapeErrorMessage<"batchNorm2d: expects a rank-4 NCHW tensor, got [1, 512]">');
  });
});
