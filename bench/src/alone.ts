/**
 * One engine's session timed alone in a fresh process, for settings its library keeps once per
 * process (ONNX Runtime Web's `numThreads`, TF.js wasm's thread count: both read when the library
 * first initializes, so a threaded session cannot sit beside a single-threaded one):
 * `tsx bench/src/alone.ts <engine> <network> <batch> <threads> <rounds>`. Warms up as the harness
 * does, times `rounds` runs, and prints one JSON line: the times, the threads the engine reports and
 * its output on the benchmark input (for the agreement check).
 */
import type { EngineName } from './engine.js';
import { engines } from './engines/registry.js';
import { jobInput, makeJob } from './job.js';
import type { NetworkName } from './networks.js';

const [engineName, network, batchText, threadsText, roundsText] = process.argv.slice(2);
const job = await makeJob(network as NetworkName, Number(batchText), Number(threadsText));
const input = jobInput(job);
const session = await engines[engineName as EngineName].open(job);
const output = await session.run(input);
let previous = Infinity;
for (let i = 0; i < 10; i++) {
  const t0 = performance.now();
  await session.run(input);
  const took = performance.now() - t0;
  if (i >= 1 && took > previous * 0.95) break;
  previous = took;
}
const times: number[] = [];
for (let i = 0; i < Number(roundsText); i++) {
  const t0 = performance.now();
  await session.run(input);
  times.push(performance.now() - t0);
}
await session.close();
process.stdout.write(`${JSON.stringify({ times, threads: session.threads, output: Array.from(output) })}\n`);
process.exit(0);
