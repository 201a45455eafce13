/**
 * Kernel micro-benchmark: the compiled 64→64 3×3 convolution at 56×56 (padding 1, batch 1) and
 * LeNet-5, each interleaved round by round with the reference interpreter in one process. Prints
 * medians, GFLOP/s (2 · multiply-accumulates per second) and speed-ups.
 *
 *   npx tsx bench/kernels/conv.ts [rounds]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { input, model, type Graph } from '@stride/dsl';
import { compileGraph } from '@stride/codegen';
import { interpret, seededWeights } from '@stride/runtime';
import type { Kernels } from '@stride/runtime/executor';
import lenet from '../../examples/lenet-mnist/src/lenet5.js';

const rounds = Number(process.argv[2] ?? 15);
const folder = join(import.meta.dirname, '..', 'node_modules', '.kernels');
mkdirSync(folder, { recursive: true });

async function compiled(graph: Graph, weights: Map<string, Float32Array>, name: string) {
  const program = compileGraph(graph, weights);
  const file = join(folder, `${name}.mjs`);
  writeFileSync(file, program.source);
  const { forward, prepare, scratch } = (await import(pathToFileURL(file).href)) as Kernels;
  const { w, u } = prepare(program.weights);
  const arena = new Float32Array(program.memory.pools.arena / 4);
  const d = scratch();
  const image = Float32Array.from({ length: program.inputs[0].shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i));
  return { run: () => { arena.set(image, program.inputs[0].offset); forward(arena, w, d, u); }, image, macs: program.report.macs };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function measure(name: string, graph: Graph, innerCompiled: number, innerInterpreter: number) {
  const weights = seededWeights(graph, 1);
  const stride = await compiled(graph, weights, name);
  const inputName = graph.nodes[0].name;
  const interpreted = () => interpret(graph, weights, { [inputName]: stride.image });
  for (let i = 0; i < 3; i++) { stride.run(); interpreted(); } // warm-up
  const strideTimes: number[] = [];
  const interpreterTimes: number[] = [];
  for (let round = 0; round < rounds; round++) {
    // The interpreter allocates per op; collect its garbage before timing the compiled code, so the
    // collector's work is not charged to the engine that allocates nothing.
    (globalThis as { gc?: () => void }).gc?.();
    let start = performance.now();
    for (let i = 0; i < innerCompiled; i++) stride.run();
    strideTimes.push((performance.now() - start) / innerCompiled);
    start = performance.now();
    for (let i = 0; i < innerInterpreter; i++) interpreted();
    interpreterTimes.push((performance.now() - start) / innerInterpreter);
  }
  const ms = median(strideTimes);
  const reference = median(interpreterTimes);
  console.log(`${name.padEnd(22)} stride ${ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`} (${((2 * stride.macs) / (ms / 1000) / 1e9).toFixed(2)} GFLOP/s)` +
    `   interpreter ${reference.toFixed(2)} ms   ×${(reference / ms).toFixed(1)}   (${stride.macs.toLocaleString('en-US')} MACs, median of ${rounds} interleaved rounds)`);
  return { ms, gflops: (2 * stride.macs) / (ms / 1000) / 1e9 };
}

const x = input([1, 64, 56, 56], { name: 'x' });
const conv = model({ name: 'conv64', inputs: { x }, outputs: { y: x.conv2d({ outChannels: 64, kernelSize: 3, padding: 1, name: 'conv' }) } }).toIR();
await measure('conv 64→64 3×3 @56', conv, 3, 1);
await measure('lenet5', lenet.toIR(), 2000, 20);
