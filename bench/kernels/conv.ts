/**
 * Kernel micro-benchmark: the compiled 64→64 3×3 convolution at 56×56 (padding 1, batch 1), LeNet-5,
 * and two decoder upsamplings (convTranspose2d 2×2 and 3×3, stride 2, 64→64 from 28×28) beside the
 * convolutions of the same multiply-adds, each interleaved round by round with the reference
 * interpreter in one process. Prints medians, GFLOP/s (2 · multiply-accumulates per second) and
 * speed-ups.
 *
 *   npx tsx bench/kernels/conv.ts [rounds]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { elementCount, input, model, type Graph } from '@stride/dsl';
import { compileGraph } from '@stride/codegen';
import { interpret, seededWeights } from '@stride/runtime';
import type { Kernels } from '@stride/runtime/executor';
import lenet from '../../examples/lenet-mnist/src/lenet5.js';

const rounds = Number(process.argv[2] ?? 15);
const folder = join(import.meta.dirname, '..', 'node_modules', '.kernels');
mkdirSync(folder, { recursive: true });

async function compiled(graph: Graph, weights: Map<string, Float32Array>, name: string) {
  // The JavaScript target's kernels (compileGraph's default target is wasm; bench/kernels/wasm.ts times those).
  const program = compileGraph(graph, weights, { target: 'js' });
  const file = join(folder, `${name}.mjs`);
  writeFileSync(file, program.source);
  const { forward, prepare, scratch } = (await import(pathToFileURL(file).href)) as Kernels;
  const { w, u } = prepare(program.weights);
  const arena = new Float32Array(program.memory.pools.arena / 4);
  const d = scratch();
  const image = Float32Array.from({ length: elementCount(program.inputs[0].shape) }, (_, i) => Math.sin(i));
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

// Upsampling as U-Nets and decoders do it, beside convolutions of the same multiply-adds.
const small = input([1, 64, 28, 28], { name: 'x' });
const up2 = model({ name: 'up2', inputs: { x: small }, outputs: { y: small.convTranspose2d({ outChannels: 64, kernelSize: 2, stride: 2, name: 'up' }) } }).toIR();
const large = input([1, 64, 56, 56], { name: 'x' });
const pointwise = model({ name: 'pointwise', inputs: { x: large }, outputs: { y: large.conv2d({ outChannels: 64, kernelSize: 1, name: 'conv' }) } }).toIR();
const up3 = model({ name: 'up3', inputs: { x: small }, outputs: { y: small.convTranspose2d({ outChannels: 64, kernelSize: 3, stride: 2, padding: 1, outputPadding: 1, name: 'up' }) } }).toIR();
const conv3 = model({ name: 'conv3', inputs: { x: small }, outputs: { y: small.conv2d({ outChannels: 64, kernelSize: 3, padding: 1, dilation: 1, stride: 1, name: 'conv' }) } }).toIR();
const conv5 = model({ name: 'conv5x5', inputs: { x: small }, outputs: { y: small.conv2d({ outChannels: 64, kernelSize: [9, 1], padding: [4, 0], name: 'conv' }) } }).toIR();
await measure('convT 64→64 2×2 s2 @28', up2, 20, 1);
await measure('conv 64→64 1×1 @56', pointwise, 20, 1);
await measure('convT 64→64 3×3 s2 @28', up3, 10, 1);
await measure('conv 64→64 3×3 @28', conv3, 10, 1);
await measure('conv 64→64 9×1 @28', conv5, 10, 1);
