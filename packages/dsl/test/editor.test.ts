/**
 * What the editor shows: hover text from the language service (ts-morph), and the type-check cost of
 * the benchmark networks kept under ceilings (instantiations are deterministic; time is reported by
 * bench/typecheck.ts, not asserted, as the machine is shared).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure, networks } from '../bench/typecheck';
import { quickInfo, removeScratch, scratch } from './harness';

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
  });
});
afterAll(() => removeScratch(folder));

describe('editor', () => {
  it('shows the shape of a tensor in the middle of a chain on hover', () => {
    expect(quickInfo(folder, 'lenet.ts', 3, 'features')).toBe('const features: Tensor<[1, 6, 14, 14]>');
    expect(quickInfo(folder, 'lenet.ts', 4, 'flat')).toBe('const flat: Tensor<[1, 400]>');
    expect(quickInfo(folder, 'lenet.ts', 5, 'batch')).toBe('const batch: Tensor<["batch", 8, 32, 32]>');
  });
});

describe('type-check cost (TypeScript 7 instantiations, baseline subtracted)', () => {
  const ceilings: Record<keyof typeof networks, number> = { 'lenet5': 40_000, 'resnet18': 100_000, 'resnet50': 200_000, 'mobilenet-v2': 200_000 };
  it('importing the DSL costs a bounded amount (the type-level rules themselves are checked once)', () => {
    const { totalInstantiations, instantiations } = measure(networks.lenet5);
    expect(totalInstantiations - instantiations).toBeLessThan(150_000);
  });
  it.each(Object.entries(networks))('%s stays under its ceiling', (name, path) => {
    const { instantiations } = measure(path);
    expect(instantiations).toBeGreaterThan(0);
    expect(instantiations).toBeLessThan(ceilings[name as keyof typeof networks]);
  });
});
