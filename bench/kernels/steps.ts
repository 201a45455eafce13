/**
 * Where a network's time goes: each fused step of its compiled kernels timed on its own, then totals
 * per kernel kind.
 *
 *   npx tsx bench/kernels/steps.ts <network> [--target js|wasm] [--batch N] [--rounds N]
 *
 * `<network>` is a module whose default export is the model (`examples/lenet-mnist/src/lenet5.ts`) or
 * a name from `bench/networks` (`resnet18`). Seeded weights. Before a step is timed, `forward` runs
 * once: later steps may reuse arena spans and scratch of earlier ones, so a step's inputs only hold
 * real values right after a full run. CPU time of this process, median of the rounds; each sample
 * calls its step for about 2 ms (reading the CPU clock costs about 20 µs on this VM, which a sample
 * of one call of a short step measured instead of the step).
 */
import { elementCount } from '@stride/dsl';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { compileGraph, loadNetwork } from '@stride/codegen';
import { seededWeights } from '@stride/runtime';
import { decodeByteString, type Kernels, type WasmKernels } from '@stride/runtime/executor';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { batch: { type: 'string', default: '1' }, rounds: { type: 'string', default: '9' }, target: { type: 'string', default: 'js' } } });
if (positionals.length !== 1) {
  process.stderr.write('usage: npx tsx bench/kernels/steps.ts <network.ts | bench network name> [--target js|wasm] [--batch N] [--rounds N]\n');
  process.exit(2);
}
const network = /\.[cm]?[jt]s$/.test(positionals[0]) ? resolve(positionals[0]) : join(import.meta.dirname, '..', 'networks', `${positionals[0]}.ts`);
const batch = Number(values.batch);
const { graph } = await loadNetwork(network);
const target = values.target === 'wasm' ? 'wasm' as const : 'js' as const;
const program = compileGraph(graph, seededWeights(graph, 1), { batch, target });
const folder = join(import.meta.dirname, '..', 'node_modules', '.kernels');
mkdirSync(folder, { recursive: true });
const file = join(folder, `steps-${process.pid}.mjs`);
let running = program.program.steps.map((step, i) => ({ step, index: i, kernel: program.kernels[i].kernel })).filter((_, i) => !program.kernels[i].view);
let forward: () => void;
let runStep: (i: number) => void;
const image = (shape: number[]) => Float32Array.from({ length: elementCount(shape) }, (_, i) => Math.sin(i));
if (target === 'wasm') {
  // The module exports forward() and step<i>() for every step that runs code (border fills included).
  writeFileSync(file, program.source);
  const kernels = (await import(pathToFileURL(file).href)) as WasmKernels;
  const memory = new WebAssembly.Memory({ initial: program.artifact.memoryBytes / 65536, maximum: program.artifact.memoryBytes / 65536 });
  const { instance } = await WebAssembly.instantiate(decodeByteString(kernels.wasm, graph.name), { env: { memory } });
  const arena = new Float32Array(memory.buffer);
  kernels.prepare(program.weights, arena);
  for (const input of program.inputs) arena.set(image(input.shape), input.offset);
  const exports = instance.exports as Record<string, () => void>;
  forward = exports.forward;
  // A concat whose inputs were all written in place by their producers runs no code and has no export.
  running = running.filter((r) => typeof exports[`step${r.index}`] === 'function');
  runStep = (i) => exports[`step${running[i].index}`]();
} else {
  // Each line of forward is one step's call (kernels are shared between steps of the same shape;
  // views run no code and have no line); the tool exports each as its own function, `step0(a, w, d, u)`, ….
  const calls = /export function forward\(a, w, d, u\) \{\n([\s\S]*?)\n\}/.exec(program.source)![1].split('\n').map((line) => line.trim().replace(/;\s*\/\/.*$/, ';'));
  if (calls.length !== running.length) throw new Error('steps: forward has a line per step no more');
  writeFileSync(file, `${program.source}\n${calls.map((call, i) => `export function step${i}(a, w, d, u) { ${call} }`).join('\n')}\n`);
  const kernels = (await import(pathToFileURL(file).href)) as Kernels & Record<string, (...args: unknown[]) => void>;
  const arena = new Float32Array(program.memory.pools.arena / 4);
  const scratch = kernels.scratch();
  const { w, u } = kernels.prepare(program.weights);
  for (const input of program.inputs) arena.set(image(input.shape), input.offset);
  forward = () => kernels.forward(arena, w, scratch, u);
  runStep = (i) => kernels[`step${i}`](arena, w, scratch, u);
}

// Warm up until a full run is as fast as the one before it (tiered up), at most 2 s.
let previous = Infinity;
for (const started = performance.now(); performance.now() - started < 2000;) {
  const t = performance.now();
  for (let i = 0; i < 5; i++) forward();
  const now = performance.now() - t;
  if (now > previous * 0.98) break;
  previous = now;
}
const steps = running;
// Calls per sample, per step: enough for about 2 ms, so a step of a few µs is not timed as the CPU
// clock's own cost (one call each measured EfficientNet's SE convolutions at 22 µs, 0.02 GFLOP/s).
const inner = steps.map((_, i) => {
  forward();
  let calls = 0;
  const started = performance.now();
  while (performance.now() - started < 1) {
    runStep(i);
    calls++;
  }
  return Math.max(1, Math.round(2 * calls));
});
const times = steps.map(() => [] as number[]);
for (let round = 0; round < Number(values.rounds); round++) {
  steps.forEach((_, i) => {
    forward();
    const start = process.cpuUsage().user;
    for (let k = 0; k < inner[i]; k++) runStep(i);
    times[i].push((process.cpuUsage().user - start) / inner[i]);
  });
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const perStep = times.map(median);
const total = perStep.reduce((a, b) => a + b, 0);
const µs = (t: number) => (t >= 1000 ? `${(t / 1000).toFixed(2)} ms` : `${t.toFixed(1)} µs`);
const gflops = (macs: number, t: number) => (macs > 0 ? `${((2 * macs) / (t * 1000)).toFixed(2)} GF/s` : '');
console.log(`${graph.name}, ${target} target, batch ${batch}: ${steps.length} steps, ${µs(total)} in all (CPU time, median of ${values.rounds} rounds)\n`);
steps.forEach((step, i) => {
  console.log(`${String(i).padStart(3)}  ${µs(perStep[i]).padStart(10)}  ${((100 * perStep[i]) / total).toFixed(1).padStart(5)}%  ${step.kernel.padEnd(22)} ${gflops(step.step.macs, perStep[i]).padStart(11)}  ${step.step.layers.join(' + ').slice(0, 60)}`);
});
const byKernel = new Map<string, { time: number; macs: number }>();
steps.forEach((step, i) => {
  const entry = byKernel.get(step.kernel) ?? { time: 0, macs: 0 };
  byKernel.set(step.kernel, { time: entry.time + perStep[i], macs: entry.macs + step.step.macs });
});
console.log('\nby kernel:');
for (const [kernel, { time, macs }] of [...byKernel].sort((a, b) => b[1].time - a[1].time)) {
  console.log(`  ${kernel.padEnd(24)} ${µs(time).padStart(10)}  ${((100 * time) / total).toFixed(1).padStart(5)}%  ${gflops(macs, time).padStart(11)}`);
}
