/**
 * One network on 1 thread and on N, interleaved in one process: the median time of each and their
 * ratio, with the split plan (how many steps split, of how many).
 *
 *   npx tsx bench/kernels/threads.ts <bench network name> [--threads 2] [--rounds 15] [--split measured|every|none]
 *
 * Seeded weights, batch 1, the bundle as `stride build` writes it (inline weights). Wall-clock
 * time: a threaded run's cost is the slower thread's.
 */
import { elementCount } from '@stride/dsl';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleProgram, compileGraph, loadNetwork, wasmTargetWith, type SplitPolicy } from '@stride/codegen';
import { seededWeights } from '@stride/runtime';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { threads: { type: 'string', default: '2' }, rounds: { type: 'string', default: '15' }, split: { type: 'string', default: 'measured' } } });
const threads = Number(values.threads);
const rounds = Number(values.rounds);
const folder = join(import.meta.dirname, '..', 'node_modules', '.kernels');
mkdirSync(folder, { recursive: true });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const name of positionals) {
  const { graph } = await loadNetwork(join(import.meta.dirname, '..', 'networks', `${name}.ts`));
  const compiled = compileGraph(graph, seededWeights(graph, 1), { batch: 1, target: wasmTargetWith({ split: values.split as SplitPolicy }) });
  const { code } = await bundleProgram(compiled, name, { inlineLimit: Infinity });
  const file = join(folder, `threads-${name}-${process.pid}.mjs`);
  writeFileSync(file, code);
  const bundle = await import(pathToFileURL(file).href);
  const one = await bundle.create();
  const many = await bundle.create({ threads });
  const inputs = Object.fromEntries(one.inputs.map((t: { name: string; shape: number[] }) => [t.name, Float32Array.from({ length: elementCount(t.shape) }, (_, i) => Math.sin(i))]));
  const time = (net: { run(x: unknown): unknown }) => {
    const start = performance.now();
    net.run(inputs);
    return performance.now() - start;
  };
  for (let i = 0; i < 3; i++) (time(one), time(many));
  const a: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    a.push(time(one));
    b.push(time(many));
  }
  // Split kernels are named after their step (`s7_conv2d_blocks`); a step may run as two splits
  // (an input transform, then channel blocks), and the input's conversion is one of its own.
  const kernels: string[] = bundle.spec.threads.splits.map((s: { kernel: string }) => s.kernel);
  const steps = new Set(kernels.map((k) => /^s(\d+)_/.exec(k)?.[1]).filter((k) => k !== undefined)).size;
  console.log(`${name}: 1 thread ${median(a).toFixed(2)} ms, ${many.threads} threads ${median(b).toFixed(2)} ms, ×${(median(a) / median(b)).toFixed(2)} (${steps} of ${compiled.program.steps.length} steps split; ${kernels.length} splits in the schedule)`);
  one.dispose();
  many.dispose();
}
