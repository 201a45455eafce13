/**
 * The harness: for each network and batch size, every engine builds what it ships, opens a session
 * and is checked against the reference engine's output; then all are timed in interleaved rounds
 * (one inference per engine per round, in a rotating order) so drift in the machine's speed hits every
 * engine alike; then each is started cold in a fresh process.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { EngineName, Session, Shipped } from './engine.js';
import { coresFloor, coresTries } from './cores.js';
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
  /**
   * Above 1: besides every engine on one thread, each engine that supports threads (`Engine.threaded`)
   * runs again with this many, as a row of its own, timed in a process of its own (alone.ts), beside a
   * single-threaded session of the same engine where the engine allows both in one process.
   */
  threads: number;
  /** A peer whose output differs from the reference's by more than this fails the run. */
  tolerance: number;
  log: (line: string) => void;
}

export async function runBench(options: RunOptions): Promise<Result[]> {
  const results: Result[] = [];
  const [reference] = options.engines;
  for (const network of options.networks) {
    for (const batch of options.batches) {
      const job = await makeJob(network, batch);
      writeWeights(job);
      const input = jobInput(job);
      // Every engine on one thread; then, with --threads N, those that support threads on N.
      const variants: Array<{ key: string; name: EngineName; threads: number }> = [
        ...options.engines.map((name) => ({ key: name, name, threads: 1 })),
        ...(options.threads > 1 ? options.engines.filter((name) => engines[name].threaded).map((name) => ({ key: `${name} ×${options.threads}`, name, threads: options.threads })) : []),
      ];
      const shipped = new Map<EngineName, Shipped>();
      const sessions = new Map<string, Session>();
      const diffs = new Map<string, number>();
      const alone = new Map<string, number[]>();
      const paired = new Map<string, number[]>();
      const ceilings = new Map<string, number>();
      const tried = new Map<string, NonNullable<Result['tries']>>();
      let expected: Float32Array | undefined;
      for (const { key, name, threads } of variants) {
        if (!shipped.has(name)) shipped.set(name, await engines[name].prepare(job));
        if (threads > 1) {
          // Timed in a process of its own (see alone.ts), at least 10 rounds, within the same budget as the interleaved rounds.
          const tries = timeAloneOnCores(name, network, batch, threads, { ...options, minRounds: Math.max(options.minRounds, 10) });
          const { times, singleTimes, coresSpeedup, threads: got, output } = tries.kept;
          if (tries.all.length > 1) {
            tried.set(key, tries.all.map((t) => ({ medianMs: quantile(t.times, 0.5), ...(t.singleTimes ? { singleThreadMs: quantile(t.singleTimes, 0.5) } : {}), ...(t.coresSpeedup !== undefined ? { coresSpeedup: t.coresSpeedup } : {}) })));
            options.log(`${network} batch ${batch} ${key}: the cores gave ×${tries.all.map((t) => t.coresSpeedup?.toFixed(2)).join(', ×')} in ${tries.all.length} processes; kept the one with most`);
          }
          alone.set(key, times);
          if (singleTimes) paired.set(key, singleTimes);
          if (coresSpeedup !== undefined) ceilings.set(key, coresSpeedup);
          sessions.set(key, { threads: got, run: async () => Float32Array.from(output), close: async () => {} });
        }
        const session = sessions.get(key) ?? await engines[name].open({ ...job, threads });
        sessions.set(key, session);
        const output = await session.run(input);
        expected ??= output;
        const diff = maxAbsDiff(output, expected);
        diffs.set(key, diff);
        if (!(diff <= options.tolerance)) {
          throw new Error(`bench: ${key} disagrees with ${reference} on ${network} batch ${batch}: max abs diff ${diff} > ${options.tolerance}`);
        }
      }
      for (const key of sessions.keys()) if (!alone.has(key)) await warmUp(sessions.get(key)!, input, options.warmup);

      const keys = variants.map((v) => v.key).filter((key) => !alone.has(key));
      const samples = new Map<string, number[]>([...keys.map((key): [string, number[]] => [key, []]), ...alone]);
      const started = performance.now();
      for (let round = 0; round < options.maxRounds; round++) {
        if (round >= options.minRounds && performance.now() - started > options.budgetMs) break;
        // Rotate the order each round so no engine always runs right after the same neighbour.
        const order = keys.map((_, i) => keys[(i + round) % keys.length]);
        for (const key of order) {
          const session = sessions.get(key)!;
          const t0 = performance.now();
          await session.run(input);
          samples.get(key)!.push(performance.now() - t0);
        }
      }
      for (const session of sessions.values()) await session.close();

      for (const { key, name, threads } of variants) {
        const cold = options.coldStart ? coldStart(name, network, batch, threads) : { coldStartMs: null, peakRssMb: null };
        const times = samples.get(key)!;
        const result: Result = {
          network, batch, engine: name,
          medianMs: quantile(times, 0.5), p90Ms: quantile(times, 0.9),
          ...cold, ...shipped.get(name)!,
          maxAbsDiff: diffs.get(key)!, threads: sessions.get(key)!.threads, ...(threads > 1 ? { threadsAsked: threads } : {}), rounds: times.length,
          ...(paired.has(key) ? { singleThreadMs: quantile(paired.get(key)!, 0.5) } : {}),
          ...(ceilings.has(key) ? { coresSpeedup: ceilings.get(key)! } : {}),
          ...(tried.has(key) ? { tries: tried.get(key)! } : {}),
        };
        results.push(result);
        options.log(`${network} batch ${batch} ${key}: median ${result.medianMs.toFixed(3)} ms, p90 ${result.p90Ms.toFixed(3)} ms (${times.length} rounds, ${result.threads} thread(s)), cold ${cold.coldStartMs?.toFixed(0) ?? '—'} ms, diff ${result.maxAbsDiff.toExponential(1)}`);
      }
    }
  }
  return results;
}

/**
 * Untimed runs until the engine is warm: at least `minimum`, then until a run is no faster than the
 * one before it by more than 5% — JIT engines (stride-js, tfjs-cpu) tier their code up over the first
 * few runs — for at most `maximum` runs or 10 s. Cold behaviour is what the cold-start measure is for.
 */
export async function warmUp(session: Session, input: Float32Array, minimum: number, maximum = 10): Promise<void> {
  const started = performance.now();
  let previous = Infinity;
  for (let i = 0; i < maximum && performance.now() - started < 10_000; i++) {
    const t0 = performance.now();
    await session.run(input);
    const took = performance.now() - t0;
    if (i + 1 >= minimum && took > previous * 0.95) return;
    previous = took;
  }
}

interface Alone {
  times: number[];
  /** The same engine on one thread, alternating with the threaded session in that process. */
  singleTimes?: number[];
  /** What the cores gave pure arithmetic right before and after the rounds (cores.ts). */
  coresSpeedup?: number;
  threads: number;
  output: number[];
}


function timeAloneOnCores(engine: EngineName, network: NetworkName, batch: number, threads: number, rounds: Pick<RunOptions, 'minRounds' | 'maxRounds' | 'budgetMs'>): { kept: Alone; all: Alone[] } {
  const all: Alone[] = [];
  const cores = (a: Alone) => a.coresSpeedup ?? threads;
  while (all.length < coresTries) {
    all.push(timeAlone(engine, network, batch, threads, rounds));
    if (cores(all.at(-1)!) >= coresFloor * threads) break;
  }
  const kept = all.reduce((best, a) => (cores(a) > cores(best) ? a : best));
  return { kept, all };
}

/** Runs bench/src/alone.ts in a fresh Node process: an engine's threaded session timed with the machine to itself. */
function timeAlone(engine: EngineName, network: NetworkName, batch: number, threads: number, rounds: Pick<RunOptions, 'minRounds' | 'maxRounds' | 'budgetMs'>): Alone {
  const args = ['--import', 'tsx', join(import.meta.dirname, 'alone.ts'), engine, network, String(batch), String(threads), String(rounds.minRounds), String(rounds.maxRounds), String(rounds.budgetMs)];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: join(import.meta.dirname, '..'), maxBuffer: 1 << 26 });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    throw new Error(`bench: ${engine} on ${threads} threads, ${network} batch ${batch}, failed (exit ${child.status}):\n${child.stderr.slice(-2000)}`);
  }
  return JSON.parse(line) as Alone;
}

/** Runs bench/src/cold.ts in a fresh Node process (through tsx, as the harness itself runs). */
function coldStart(engine: EngineName, network: NetworkName, batch: number, threads: number): { coldStartMs: number; peakRssMb: number } {
  const args = ['--import', 'tsx', join(import.meta.dirname, 'cold.ts'), engine, network, String(batch), String(threads)];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', cwd: join(import.meta.dirname, '..'), maxBuffer: 1 << 24 });
  const line = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !line.startsWith('{')) {
    throw new Error(`bench: cold start of ${engine} on ${network} batch ${batch} failed (exit ${child.status}):\n${child.stderr.slice(-2000)}`);
  }
  return JSON.parse(line) as { coldStartMs: number; peakRssMb: number };
}
