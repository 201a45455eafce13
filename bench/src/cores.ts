/**
 * What the machine's cores give at this moment: the speedup `threads` threads get on pure arithmetic
 * (eight independent multiply-add chains in registers: no memory traffic, no shared data), sampled
 * right before and after a threaded row's timed rounds (alone.ts). It is the ceiling a threaded engine's speedup is
 * to be read against. On a virtual machine it moves: this 2-core VM's vCPUs at times run on one
 * physical core's two hardware threads, or beside another guest's, and two threads of arithmetic
 * then take as long as one does twice (a speedup near ×1.0), where at other times they give ×1.9–2.0.
 *
 * The helpers sleep in `Atomics.wait` between samples, so they take no core from the engine timed.
 */
import { Worker } from 'node:worker_threads';

/**
 * A threaded row whose cores gave pure arithmetic less than this share of its threads (×1.5 of one
 * thread for two) measured the machine, not the engine: its vCPUs shared a physical core, or
 * sat beside another guest's work, meanwhile (this VM's slow minutes, docs/threads.md), and no
 * engine's threads could gain. Such a row is timed again in a new process, up to `coresTries`
 * processes in all, and keeps the process whose cores gave most — chosen by the cores alone, never by
 * the engine's times; every process's figures stay in the row (`Result.tries`). The same for every
 * engine's threaded rows (bench/src/run.ts).
 */
export const coresFloor = 0.75;
export const coresTries = 3;

/** Iterations of the chains per sample: about 1 ms on one core here. */
const iterations = 500_000;

const source = `
const { workerData } = require('node:worker_threads');
const flags = new Int32Array(workerData.flags);
const times = new Float64Array(workerData.times);
const index = workerData.index;
${work.toString()}
for (let generation = 1; ; generation++) {
  Atomics.wait(flags, index, generation - 1);
  if (Atomics.load(flags, 0) < 0) break;
  const t0 = performance.now();
  work(${iterations});
  times[index] = performance.now() - t0;
  Atomics.store(flags, index, generation);
  Atomics.add(flags, 0, 1);
  Atomics.notify(flags, 0);
}
`;

function work(n: number): number {
  let a = 1.0, b = 1.1, c = 1.2, d = 1.3, e = 1.4, f = 1.5, g = 1.6, h = 1.7;
  const m = 0.999999, k = 1e-7;
  for (let i = 0; i < n; i++) {
    a = a * m + k; b = b * m + k; c = c * m + k; d = d * m + k;
    e = e * m + k; f = f * m + k; g = g * m + k; h = h * m + k;
  }
  return a + b + c + d + e + f + g + h;
}

export interface CoresProbe {
  /** One sample: the arithmetic on this thread alone, then on all threads at once. */
  sample(): void;
  /** The median sample's speedup: threads × (one thread's time) / (the slowest thread's time together). */
  speedup(): number | undefined;
  close(): Promise<void>;
}

export function startCoresProbe(threads: number): CoresProbe {
  // flags[0]: helpers done this generation (−1: stop); flags[w]: helper w's generation.
  const flags = new Int32Array(new SharedArrayBuffer(4 * threads));
  const times = new Float64Array(new SharedArrayBuffer(8 * threads));
  const workers = Array.from({ length: threads - 1 }, (_, i) => new Worker(source, { eval: true, workerData: { flags: flags.buffer, times: times.buffer, index: i + 1 } }));
  const speedups: number[] = [];
  let generation = 0;
  let sink = 0;
  return {
    sample() {
      let t0 = performance.now();
      sink += work(iterations);
      const alone = performance.now() - t0;
      generation++;
      Atomics.store(flags, 0, 0);
      for (let w = 1; w < threads; w++) {
        Atomics.store(flags, w, generation);
        Atomics.notify(flags, w);
      }
      t0 = performance.now();
      sink += work(iterations);
      let slowest = performance.now() - t0;
      for (let done = Atomics.load(flags, 0); done < threads - 1; done = Atomics.load(flags, 0)) Atomics.wait(flags, 0, done, 1000);
      for (let w = 1; w < threads; w++) slowest = Math.max(slowest, times[w]);
      if (sink !== sink) throw new Error('unreachable: the chains stay finite');
      speedups.push((threads * alone) / slowest);
    },
    speedup() {
      if (!speedups.length) return undefined;
      const sorted = [...speedups].sort((x, y) => x - y);
      return sorted[sorted.length >> 1];
    },
    async close() {
      Atomics.store(flags, 0, -1);
      for (let w = 1; w < threads; w++) {
        Atomics.store(flags, w, generation + 1);
        Atomics.notify(flags, w);
      }
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
