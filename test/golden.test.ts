/**
 * The reference interpreter against PyTorch: every golden case (every op and option, 320 random window
 * ops, whole networks with PyTorch names) within max |Δ| ≤ 1e-4 · max(1, max |torch|). Prints the worst
 * case seen.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { interpret } from '@stride/runtime';
import { loadNetworkCases, loadOpCases, maxAbsDiff, tolerance, type GoldenCase } from './fixtures';

let worst = { id: '', op: '', error: 0, tolerance: 1, ratio: 0 };
function check(c: GoldenCase) {
  const out = interpret(c.graph, c.weights, c.inputs);
  for (const [name, expected] of Object.entries(c.expected)) {
    const error = maxAbsDiff(out[name], expected);
    const limit = tolerance(expected);
    if (error / limit > worst.ratio) worst = { id: c.id, op: c.op, error, tolerance: limit, ratio: error / limit };
    expect(error, `${c.id} ${c.op}(${JSON.stringify(c.args)}) output ${name}`).toBeLessThanOrEqual(limit);
  }
}

const opCases = loadOpCases();
const networkCases = loadNetworkCases();

describe('reference interpreter vs PyTorch', () => {
  it('has the cases the issue asks for', () => {
    expect(opCases.filter((c) => c.id.startsWith('case') && ['conv2d', 'maxPool2d', 'avgPool2d', 'convTranspose2d'].includes(c.op)).length).toBeGreaterThanOrEqual(300);
    expect(networkCases.map((c) => c.id)).toEqual(['lenet5', 'lenet5-sequential', 'cifar-vgg', 'resnet-basic', 'mobilenet-v2-stack']);
  });
  it.each(opCases.map((c) => [`${c.id} ${c.op} ${JSON.stringify(c.args)}`, c] as const))('%s', (_label, c) => check(c));
  it.each(networkCases.map((c) => [c.id, c] as const))('network %s', (_label, c) => check(c));
});

afterAll(() => {
  console.log(`golden: worst case ${worst.id} (${worst.op}): max |Δ| = ${worst.error.toExponential(2)}, tolerance ${worst.tolerance.toExponential(2)} (${(worst.ratio * 100).toFixed(1)}% of it)`);
});
