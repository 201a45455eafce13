/**
 * Built bundles of both targets against the reference interpreter (1e-5 relative) and PyTorch (the
 * fixture tolerance), for every golden case: every op and option, the random window ops, the NaN/±∞
 * cases, whole networks. Each case is compiled and bundled as `stride build` does (kernels, executor,
 * inline weights, minified by esbuild) and run through the bundle's own `create()` and `run()`.
 *
 * The whole networks go through `bundleProgram` one by one, as `stride build` does. The ~750 op cases
 * per target are bundled together (`importBundles`: each case's own entry and kernels module, one
 * esbuild build and minification per target instead of one per case, which cost ~40 ms of esbuild
 * each) and each is still created and run alone, by its own test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph, type TargetName } from '@stride/codegen';
import { interpret } from '@stride/runtime';
import { importBundles, runBundle, type BundledNetwork } from '../packages/codegen/test/load.js';
import { type GoldenCase, loadLayoutCases, loadLayoutNetworkCases, loadMathCases, loadNetworkCases, loadNonFiniteCases, loadOpCases, loadResampleNormCases, maxAbsDiff, tolerance } from './fixtures/index.js';

const worstInterpreter = { js: { id: '', relative: 0 }, wasm: { id: '', relative: 0 } };
const worstTorch = { js: { id: '', ratio: 0 }, wasm: { id: '', ratio: 0 } };
/** The worst of the resampling and normalization cases alone (ops-resample-norm), reported apart. */
const worstResampleNorm = { js: { id: '', error: 0, ratio: 0 }, wasm: { id: '', error: 0, ratio: 0 } };
/** The worst max |Δ| against PyTorch of each op of ops-math, per target. */
const worstMath = { js: new Map<string, number>(), wasm: new Map<string, number>() };
/** The layout ops' worst max |Δ| against PyTorch (ops-layout), per target and op. */
const worstLayout = { js: new Map<string, number>(), wasm: new Map<string, number>() };

/** Each op case with its test title: id, op and arguments. */
const titled = (cases: GoldenCase[]) => cases.map((c) => [`${c.id} ${c.op} ${JSON.stringify(c.args)}`, c] as const);

const batchOf = (c: GoldenCase) => (typeof c.graph.nodes[0].shape[0] === 'number' ? (c.graph.nodes[0].shape[0] as number) : 1);

/** A case's outputs from the bundle it shares with the other op cases of its target (see the header). */
type Shared = Map<GoldenCase, { create(): Promise<BundledNetwork> } | { error: unknown }>;

async function check(c: GoldenCase, target: TargetName, shared?: Shared) {
  let out: Record<string, Float32Array>;
  if (shared) {
    const program = shared.get(c)!;
    if ('error' in program) throw program.error;
    const outputs = (await program.create()).run(c.inputs);
    out = Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, value.slice()]));
  } else {
    out = await runBundle(compileGraph(c.graph, c.weights, { batch: batchOf(c), target }), c.inputs, c.id);
  }
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
    if (c.id.startsWith('layout/')) worstLayout[target].set(c.op, Math.max(worstLayout[target].get(c.op) ?? 0, maxAbsDiff(out[name], expected)));
    expect(ratio, `${c.id} ${c.op} vs PyTorch`).toBeLessThanOrEqual(1);
  }
}

describe.each(['js', 'wasm'] as const)('compiled for the %s target vs interpreter and PyTorch', (target) => {
  const ops = loadOpCases();
  const nonFinite = loadNonFiniteCases();
  const resampleNorm = loadResampleNormCases();
  const math = loadMathCases();
  const layout = loadLayoutCases();
  const shared: Shared = new Map();
  beforeAll(async () => {
    // A case the compiler refuses fails its own test with the compiler's error, not the whole file.
    const compiled = [...ops, ...nonFinite, ...resampleNorm, ...math, ...layout].flatMap((c) => {
      try {
        return [{ c, compiled: compileGraph(c.graph, c.weights, { batch: batchOf(c), target }), model: c.id }];
      } catch (error) {
        shared.set(c, { error });
        return [];
      }
    });
    const modules = await importBundles(compiled);
    compiled.forEach(({ c }, i) => shared.set(c, modules[i]));
  }, 300_000);
  it.each(titled(ops))('%s', async (_label, c) => check(c, target, shared));
  it.each(loadNetworkCases().map((c) => [c.id, c] as const))('network %s', async (_label, c) => check(c, target));
  it.each(loadLayoutNetworkCases().map((c) => [c.id, c] as const))('network %s (networks-layout)', async (_label, c) => check(c, target));
  // NaN and ±∞ land where PyTorch puts them: maxAbsDiff counts NaN against a number, or ∞ against
  // anything else, as a difference no tolerance covers.
  it.each(titled(nonFinite))('non-finite %s', async (_label, c) => check(c, target, shared));
  it.each(titled(resampleNorm))('%s', async (_label, c) => check(c, target, shared));
  it.each(titled(math))('%s', async (_label, c) => check(c, target, shared));
  it.each(titled(layout))('%s', async (_label, c) => check(c, target, shared));
});

afterAll(() => {
  for (const target of ['js', 'wasm'] as const) {
    const interpreter = worstInterpreter[target];
    const torch = worstTorch[target];
    console.log(`golden-compiled (${target}): layout ops, worst max |Δ| vs PyTorch: ${[...worstLayout[target]].map(([op, error]) => `${op} ${error.toExponential(2)}`).join(', ')}`);
    const own = worstResampleNorm[target];
    console.log(`golden-compiled (${target}): resampling and normalization, worst vs PyTorch ${own.id}: max |Δ| = ${own.error.toExponential(2)} (${(own.ratio * 100).toFixed(1)}% of tolerance)`);
    console.log(`golden-compiled (${target}): ops-math, worst max |Δ| vs PyTorch per op: ${[...worstMath[target]].map(([op, error]) => `${op} ${error.toExponential(2)}`).join(', ')}`);
    console.log(`golden-compiled (${target}): worst vs interpreter ${interpreter.id} (${interpreter.relative.toExponential(2)} relative); worst vs PyTorch ${torch.id} (${(torch.ratio * 100).toFixed(1)}% of tolerance)`);
  }
});
