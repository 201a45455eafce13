/**
 * What the editor shows on hover: the language service (ts-morph) asked for a variable's quick info —
 * shapes, the layers in the user's words inside a generic block, and never the type-level machinery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { internalNames, quickInfo, removeScratch, scratch } from './harness/index.js';

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
    // Inside a generic block, where the shape is not known yet, and after a repeated block.
    'inside.ts': [
      "import { add, input, type Shape, type Tensor } from '@stride/dsl';",
      'const block = <P extends number>(planes: P) => <S extends Shape>(x: Tensor<S>) => {',
      "  const y = x.conv2d({ outChannels: planes, kernelSize: 3, padding: 1, name: 'conv' });",
      "  const z = y.batchNorm2d().relu().maxPool2d({ kernelSize: 2 });",
      '  return add(z.upsample({ scaleFactor: 2 }), x);',
      '};',
      'const residual = <S extends Shape>(x: Tensor<S>) => add(x.conv2d({ outChannels: 64, kernelSize: 3, padding: 1 }).relu(), x);',
      'const stage = input([1, 64, 16, 16]).repeat(3, residual, (i) => `layer1.${i}`);',
      'export const out = stage.apply(block(64));',
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
    // flatten() is the overload without arguments, whose `this` is the tensor when the range 1…−1 fits.
    expect(quickInfo(folder, 'blocks.ts', 16, 'flatten')).toBe('(method) Tensor<[1, 512, 1, 1]>.flatten(this: Tensor<[1, 512, 1, 1]>): Tensor<[1, 512]> (+1 overload)');
  });
  it('shows the sentence on a layer that does not fit, even before it is called', () => {
    const hover = quickInfo(folder, 'blocks.ts', 18, 'batchNorm2d');
    expect(hover).toMatch(/^\(method\) Tensor<\[1, 512\]>\.batchNorm2d<Options>\(this: ShapeErrorMessage<"batchNorm2d: expects a rank-4 NCHW tensor, got \[1, 512\]">, options\?: /);
    expect(hover).not.toMatch(internalNames);
  });
  it('shows a tensor inside a generic block as the layers that make it, in the user’s words', () => {
    const y = quickInfo(folder, 'inside.ts', 3, 'y');
    expect(y).toBe('const y: Tensor<Conv2dShape<S, {\n    readonly outChannels: P;\n    readonly kernelSize: 3;\n    readonly padding: 1;\n    readonly name: "conv";\n}>>');
    const z = quickInfo(folder, 'inside.ts', 4, 'z');
    expect(z.replace(/\s+/g, ' ')).toBe(
      'const z: Tensor<MaxPool2dShape<BatchNorm2dShape<Conv2dShape<S, { readonly outChannels: P; readonly kernelSize: 3; readonly padding: 1; readonly name: "conv"; }>, {}>, { readonly kernelSize: 2; }>>');
    const block = quickInfo(folder, 'inside.ts', 2, 'block');
    expect(block.replace(/\s+/g, ' ')).toContain('=> Tensor<AddShape<UpsampleShape<MaxPool2dShape<BatchNorm2dShape<Conv2dShape<S, {');
    for (const hover of [y, z, block]) expect(hover).not.toMatch(internalNames);
  });
  it('shows the shape after a repeated block, and after applying a block to it', () => {
    expect(quickInfo(folder, 'inside.ts', 8, 'stage')).toBe('const stage: Tensor<[1, 64, 16, 16]>');
    expect(quickInfo(folder, 'inside.ts', 9, 'out')).toBe('const out: Tensor<[1, 64, 16, 16]>');
  });
});
