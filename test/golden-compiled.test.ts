/**
 * Built bundles against the reference interpreter (1e-5 relative) and PyTorch (the fixture tolerance),
 * for every golden case: every op and option, the random window ops, whole networks. Each case is
 * compiled and bundled as `stride build` does (kernels, executor, inline weights, minified by esbuild)
 * and run through the bundle's own `create()` and `run()`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileGraph } from '@stride/codegen';
import { interpret } from '@stride/runtime';
import { runBundle } from '../packages/codegen/test/load.js';
import { loadNetworkCases, loadNonFiniteCases, loadOpCases, maxAbsDiff, tolerance, type GoldenCase } from './fixtures/index.js';

let worstInterpreter = { id: '', relative: 0 };
let worstTorch = { id: '', ratio: 0 };

async function check(c: GoldenCase) {
  const batch = typeof c.graph.nodes[0].shape[0] === 'number' ? (c.graph.nodes[0].shape[0] as number) : 1;
  const compiled = compileGraph(c.graph, c.weights, { batch });
  const out = await runBundle(compiled, c.inputs, c.id);
  const reference = interpret(c.graph, c.weights, c.inputs);
  for (const [name, expected] of Object.entries(c.expected)) {
    let scale = 0;
    for (const v of reference[name]) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
    const relative = maxAbsDiff(out[name], reference[name]) / Math.max(1, scale);
    if (relative > worstInterpreter.relative) worstInterpreter = { id: `${c.id} ${c.op}`, relative };
    expect(relative, `${c.id} ${c.op} vs interpreter`).toBeLessThanOrEqual(1e-5);
    const ratio = maxAbsDiff(out[name], expected) / tolerance(expected);
    if (ratio > worstTorch.ratio) worstTorch = { id: `${c.id} ${c.op}`, ratio };
    expect(ratio, `${c.id} ${c.op} vs PyTorch`).toBeLessThanOrEqual(1);
  }
}

describe('compiled JavaScript vs interpreter and PyTorch', () => {
  it.each(loadOpCases().map((c) => [`${c.id} ${c.op} ${JSON.stringify(c.args)}`, c] as const))('%s', async (_label, c) => check(c));
  it.each(loadNetworkCases().map((c) => [c.id, c] as const))('network %s', async (_label, c) => check(c));
  // NaN and ±∞ land where PyTorch puts them: maxAbsDiff counts NaN against a number, or ∞ against
  // anything else, as a difference no tolerance covers.
  it.each(loadNonFiniteCases().map((c) => [`${c.id} ${c.op} ${JSON.stringify(c.args)}`, c] as const))('non-finite %s', async (_label, c) => check(c));
});

afterAll(() => {
  console.log(`golden-compiled: worst vs interpreter ${worstInterpreter.id} (${worstInterpreter.relative.toExponential(2)} relative); worst vs PyTorch ${worstTorch.id} (${(worstTorch.ratio * 100).toFixed(1)}% of tolerance)`);
});
