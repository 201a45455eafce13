/**
 * The trained LeNet-5, built into a bundle, on the real held-out MNIST digits: at least 97% accurate,
 * the same prediction as PyTorch on at least 99.9% of digits, logits within the fixture tolerance.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tolerance } from '../../../test/fixtures/index.js';
import { classifyHeldOut } from '../src/classify.js';

describe('LeNet-5 on MNIST, as a bundle', () => {
  it.each(['js', 'wasm'] as const)('classifies the held-out digits like PyTorch (%s target)', async (target) => {
    const result = await classifyHeldOut({ out: join(import.meta.dirname, '..', 'node_modules', '.test-out', target), log: () => {}, target });
    console.log(`lenet-mnist (${target}): accuracy ${(result.accuracy * 100).toFixed(2)}%, agreement with PyTorch ${(result.agreement * 100).toFixed(2)}%, max |Δlogit| ${result.maxAbsDiff.toExponential(2)}, ${result.microsecondsPerImage.toFixed(0)} µs/image`);
    expect(result.digits).toHaveLength(2004);
    expect(result.accuracy).toBeGreaterThanOrEqual(0.97);
    expect(result.agreement).toBeGreaterThanOrEqual(0.999);
    expect(result.maxAbsDiff).toBeLessThanOrEqual(tolerance(result.torchLogits));
  });
});
