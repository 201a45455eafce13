/**
 * One engine's threaded session timed in a fresh process of its own:
 * `tsx bench/src/alone.ts <engine> <network> <batch> <threads> <minRounds> <maxRounds> <budgetMs>`.
 *
 * Threads need the machine's other cores; in the interleaved rounds of the harness the engine before
 * leaves them busy (V8's concurrent garbage collection after TF.js CPU or stride-js, ONNX Runtime's
 * spinning pool), and some libraries keep their thread count per process (ONNX Runtime Web's
 * `numThreads`, TF.js wasm's: read once when the library initializes). So every threaded row is timed
 * here. Where the engine takes a thread count per session (`Engine.threadsPerProcess` unset), a
 * single-threaded session of the same engine runs beside it, alternating run by run in a rotating
 * order, so the speedup threads give is measured side by side in one process (`singleTimes`).
 *
 * Warms each session up for at least 8 runs (stride-wasm's threaded session spends its first runs
 * measuring which way is faster), then until a run is no faster than the one before by more than 5%;
 * times at least `minRounds` rounds, then more while under `budgetMs`, up to `maxRounds`. Prints one
 * JSON line: the times, the threads the engine reports, its output on the benchmark input (for the
 * agreement check), and what the cores gave pure arithmetic just before and after the rounds (cores.ts).
 */
import { startCoresProbe } from './cores.js';
import type { EngineName, Session } from './engine.js';
import { engines } from './engines/registry.js';
import { jobInput, makeJob } from './job.js';
import type { NetworkName } from './networks.js';
import { warmUp } from './run.js';

const [engineName, network, batchText, threadsText, minText, maxText, budgetText] = process.argv.slice(2);
const engine = engines[engineName as EngineName];
const job = await makeJob(network as NetworkName, Number(batchText), Number(threadsText));
const input = jobInput(job);
const session = await engine.open(job);
const single = engine.threadsPerProcess ? undefined : await engine.open({ ...job, threads: 1 });
const sessions: Session[] = single ? [session, single] : [session];
const output = await session.run(input);
const timeRun = async (s: Session) => {
  const t0 = performance.now();
  await s.run(input);
  return performance.now() - t0;
};

for (const s of sessions) await warmUp(s, input, 8, 20);

// What the cores give pure arithmetic (cores.ts), sampled right before and right after the timed
// rounds, not between them: an engine's threads spin for a while after a run (stride-wasm's up to
// 2.5 ms, ORT's pool longer), and a sample then would measure the cores the spinning takes.
const cores = startCoresProbe(Number(threadsText));
const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
await pause();
for (let i = 0; i < 15; i++) cores.sample();
const times: number[] = [];
const singleTimes: number[] = [];
const started = performance.now();
for (let round = 0; round < Number(maxText); round++) {
  if (round >= Number(minText) && performance.now() - started > Number(budgetText)) break;
  if (single && round % 2 === 1) singleTimes.push(await timeRun(single));
  times.push(await timeRun(session));
  if (single && round % 2 === 0) singleTimes.push(await timeRun(single));
}
await pause();
for (let i = 0; i < 15; i++) cores.sample();
for (const s of sessions) await s.close();
await cores.close();
process.stdout.write(`${JSON.stringify({ times, ...(single ? { singleTimes } : {}), coresSpeedup: cores.speedup(), threads: session.threads, output: Array.from(output) })}\n`);
process.exit(0);
