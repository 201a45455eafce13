/**
 * Built bundles of both targets against the reference interpreter (1e-5 relative) and PyTorch (the
 * fixture tolerance), for every golden case: every op and option, the random window ops, the NaN/±∞
 * cases, whole networks. Each case is compiled and bundled as `stride build` does (kernels, executor,
 * inline weights, minified by esbuild) and run through the bundle's own `create()` and `run()`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { compileGraph, type TargetName } from '@stride/codegen';
import { interpret } from '@stride/runtime';
import { runBundle } from '../packages/codegen/test/load.js';
import { loadMathCases, loadNetworkCases, loadNonFiniteCases, loadOpCases, loadResampleNormCases, maxAbsDiff, tolerance, type GoldenCase } from './fixtures/index.js';

const worstInterpreter = { js: { id: '', relative: 0 }, wasm: { id: '', relative: 0 } };
const worstTorch = { js: { id: '', ratio: 0 }, wasm: { id: '', ratio: 0 } };
/** The worst of the resampling and normalization cases alone (ops-resample-norm), reported apart. */
const worstResampleNorm = { js: { id: '', error: 0, ratio: 0 }, wasm: { id: '', error: 0, ratio: 0 } };
/** The worst max |Δ| against PyTorch of each op of ops-math, per target. */
const worstMath = { js: new Map<string, number>(), wasm: new Map<string, number>() };

async function check(c: GoldenCase, target: TargetName) {
  const batch = typeof c.graph.nodes[0].shape[0] === 'number' ? (c.graph.nodes[0].shape[0] as number) : 1;
  const compiled = compileGraph(c.graph, c.weights, { batch, target });
  const out = await runBundle(compiled, c.inputs, c.id);
  const reference = interpret(c.graph, c.weights, c.inputs);
  for (const [name, expected] of Object.entries(c.expected)) {
    let scale = 0;
    for (const v of reference[name]) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
    const relative = maxAbsDiff(out[name], reference[name]) / Math.max(1, scale);
    if (relative > worstInterpreter[target].relative) worstInterpreter[target] = { id: `${c.id} ${c.op}`, relative };
    expect(relative, `${c.id} ${c.op} vs interpreter`).toBeLessThanOrEqual(1e-5);
    const ratio = maxAbsDiff(out[name], expected) / tolerance(expected);
    if (ratio > worstTorch[target].ratio) worstTorch[target] = { id: `${c.id} ${c.op}`, ratio };
    if (c.id.startsWith('resample-norm/') && ratio >= worstResampleNorm[target].ratio) worstResampleNorm[target] = { id: `${c.id} ${c.op}`, error: maxAbsDiff(out[name], expected), ratio };
    if (c.id.startsWith('math/')) worstMath[target].set(c.op, Math.max(worstMath[target].get(c.op) ?? 0, maxAbsDiff(out[name], expected)));
    expect(ratio, `${c.id} ${c.op} vs PyTorch`).toBeLessThanOrEqual(1);
  }
}

describe.each(['js', 'wasm'] as const)('compiled for the %s target vs interpreter and PyTorch', (target) => {
  it.each(loadOpCases().map((c) => [`${c.id} ${c.op} ${JSON.stringify(c.args)}`, c] as const))('%s', async (_label, c) => check(c, target));
  it.each(loadNetworkCases().map((c) => [c.id, c] as const))('network %s', async (_label, c) => check(c, target));
  // NaN and ±∞ land where PyTorch puts them: maxAbsDiff counts NaN against a number, or ∞ against
  // anything else, as a difference no tolerance covers.
  it.each(loadNonFiniteCases().map((c) => [`${c.id} ${c.op} ${JSON.stringify(c.args)}`, c] as const))('non-finite %s', async (_label, c) => check(c, target));
  it.each(loadResampleNormCases().map((c) => [`${c.id} ${c.op} ${JSON.stringify(c.args)}`, c] as const))('%s', async (_label, c) => check(c, target));
  it.each(loadMathCases().map((c) => [`${c.id} ${c.op} ${JSON.stringify(c.args)}`, c] as const))('%s', async (_label, c) => check(c, target));
});

afterAll(() => {
  for (const target of ['js', 'wasm'] as const) {
    const interpreter = worstInterpreter[target];
    const torch = worstTorch[target];
    const own = worstResampleNorm[target];
    console.log(`golden-compiled (${target}): resampling and normalization, worst vs PyTorch ${own.id}: max |Δ| = ${own.error.toExponential(2)} (${(own.ratio * 100).toFixed(1)}% of tolerance)`);
    console.log(`golden-compiled (${target}): ops-math, worst max |Δ| vs PyTorch per op: ${[...worstMath[target]].map(([op, error]) => `${op} ${error.toExponential(2)}`).join(', ')}`);
    console.log(`golden-compiled (${target}): worst vs interpreter ${interpreter.id} (${interpreter.relative.toExponential(2)} relative); worst vs PyTorch ${torch.id} (${(torch.ratio * 100).toFixed(1)}% of tolerance)`);
  }
});
