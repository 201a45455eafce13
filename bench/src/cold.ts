/**
 * One cold start, run in a fresh process by the harness: `tsx bench/src/cold.ts <engine> <network>
 * <batch> [threads]`. Times opening the engine (importing its library, loading its weights) through
 * the first result, then runs a few more inferences and reports the process's peak RSS. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import type { EngineName } from './engine.js';
import { engines } from './engines/registry.js';
import { jobInput, makeJob } from './job.js';
import type { NetworkName } from './networks.js';

const [engineName, network, batchText, threads] = process.argv.slice(2);
const job = await makeJob(network as NetworkName, Number(batchText), Number(threads ?? 1));
const input = jobInput(job);
const engine = engines[engineName as EngineName];
if (!engine) throw new Error(`cold: unknown engine '${engineName}'`);

const started = performance.now();
const session = await engine.open(job);
await session.run(input);
const coldStartMs = performance.now() - started;
for (let i = 0; i < 3; i++) await session.run(input);
await session.close();
process.stdout.write(`${JSON.stringify({ coldStartMs, peakRssMb: peakRss() / 1024 })}\n`);

/**
 * This process's peak resident set in KiB. On Linux from /proc (VmHWM): getrusage's maxRSS survives
 * exec, so a child forked from the harness would report the harness's own peak (hundreds of MB once
 * every engine is loaded) whatever the engine does.
 */
function peakRss(): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS;
}
