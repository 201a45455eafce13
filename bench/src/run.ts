/**
 * The harness: for each network and batch size, every engine builds what it ships, opens a session
 * and is checked against the reference engine's output; then all are timed in interleaved rounds
 * (one inference per engine per round, in a rotating order) so drift in the machine's speed hits every
 * engine alike; then each is started cold in a fresh process.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { EngineName, Session, Shipped } from './engine.js';
import { engines } from './engines/registry.js';
import { jobInput, makeJob, writeWeights } from './job.js';
import type { NetworkName } from './networks.js';
import { maxAbsDiff, quantile } from './stats.js';
import type { Result } from './results.js';

export interface RunOptions {
  networks: NetworkName[];
  batches: number[];
  /** The first engine is the reference the others are checked against. */
  engines: EngineName[];
  /** Untimed runs per engine before timing. */
  warmup: number;
  /** Timed rounds: at least `minRounds`, then more while under `budgetMs` per network and batch, up to `maxRounds`. */
  minRounds: number;
  maxRounds: number;
  budgetMs: number;
  /** Start each engine cold in a fresh process (slow: one process per engine, network and batch). */
  coldStart: boolean;
  threads: boolean;
  /** A peer whose output differs from the reference's by more than this fails the run. */
  tolerance: number;
  log: (line: string) => void;
}

export async function runBench(options: RunOptions): Promise<Result[]> {
  const results: Result[] = [];
  const [reference] = options.engines;
  for (const network of options.networks) {
    for (const batch of options.batches) {
      const job = await makeJob(network, batch, options.threads);
      writeWeights(job);
      const input = jobInput(job);
      const shipped = new Map<EngineName, Shipped>();
      const sessions = new Map<EngineName, Session>();
      const diffs = new Map<EngineName, number>();
      let expected: Float32Array | undefined;
      for (const name of options.engines) {
        shipped.set(name, await engines[name].prepare(job));
        const session = await engines[name].open(job);
        sessions.set(name, session);
        const output = await session.run(input);
        expected ??= output;
        const diff = maxAbsDiff(output, expected);
        diffs.set(name, diff);
        if (!(diff <= options.tolerance)) {
          throw new Error(`bench: ${name} disagrees with ${reference} on ${network} batch ${batch}: max abs diff ${diff} > ${options.tolerance}`);
        }
      }
      for (const session of sessions.values()) await warmUp(session, input, options.warmup);

      const samples = new Map<EngineName, number[]>(options.engines.map((name) => [name, []]));
      const started = performance.now();
      for (let round = 0; round < options.maxRounds; round++) {
        if (round >= options.minRounds && performance.now() - started > options.budgetMs) break;
        // Rotate the order each round so no engine always runs right after the same neighbour.
        const order = options.engines.map((_, i) => options.engines[(i + round) % options.engines.length]);
        for (const name of order) {
          const session = sessions.get(name)!;
          const t0 = performance.now();
          await session.run(input);
          samples.get(name)!.push(performance.now() - t0);
        }
      }
      for (const session of sessions.values()) await session.close();

      for (const name of options.engines) {
        const cold = options.coldStart ? coldStart(name, network, batch, options.threads) : { coldStartMs: null, peakRssMb: null };
        const times = samples.get(name)!;
        const result: Result = {
          network, batch, engine: name,
          medianMs: quantile(times, 0.5), p90Ms: quantile(times, 0.9),
          ...cold, ...shipped.get(name)!,
          maxAbsDiff: diffs.get(name)!, threads: sessions.get(name)!.threads, rounds: times.length,
        };
        results.push(result);
        options.log(`${network} batch ${batch} ${name}: median ${result.medianMs.toFixed(3)} ms, p90 ${result.p90Ms.toFixed(3)} ms (${times.length} rounds), cold ${cold.coldStartMs?.toFixed(0) ?? '—'} ms, diff ${result.maxAbsDiff.toExponential(1)}`);
      }
    }
  }
  return results;
}

/**
 * Untimed runs until the engine is warm: at least `minimum`, then until a run is no faster than the
 * one before it by more than 5% — JIT engines (stride-js, tfjs-cpu) tier their code up over the first
 * few runs — for at most 10 runs or 10 s. Cold behaviour is what the cold-start measure is for.
 */
async function warmUp(session: Session, input: Float32Array, minimum: number): Promise<void> {
  const started = performance.now();
  let previous = Infinity;
  for (let i = 0; i < 10 && performance.now() - started < 10_000; i++) {
    const t0 = performance.now();
    await session.run(input);
    const took = performance.now() - t0;
    if (i + 1 >= minimum && took > previous * 0.95) return;
    previous = took;
  }
}

/** Runs bench/src/cold.ts in a fresh Node process (through tsx, as the harness itself runs). */
function coldStart(engine: EngineName, network: NetworkName, batch: number, threads: boolean): { coldStartMs: number; peakRssMb: number } {
  const args = ['--import', 'tsx', join(import.meta.dirname, 'cold.ts'), engine, network, String(batch), ...(threads ? ['--threads'] : [])];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: join(import.meta.dirname, '..'), maxBuffer: 1 << 24 });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    throw new Error(`bench: cold start of ${engine} on ${network} batch ${batch} failed (exit ${child.status}):\n${child.stderr.slice(-2000)}`);
  }
  return JSON.parse(line) as { coldStartMs: number; peakRssMb: number };
}
