/**
 * A wasm network on several threads: the calling thread and `threads − 1` workers (Node's
 * worker_threads, Web Workers in browsers) running one module over one shared
 * `WebAssembly.Memory`. The calling thread runs the schedule the compiler wrote (emit/wasm/threads.ts):
 * every step as `forward()` would, except that a split step's kernel is called over pieces of its
 * range (`pieceStart`) taken by the threads, after its border fills ran on the calling thread. Each
 * output element is computed by exactly one thread, the same way, so the bytes are those of one
 * thread, wherever the pieces are cut.
 *
 * The handoff, per split step, through an Int32Array control block (one 64-byte line per thread, so
 * no two threads write the same line):
 *   main:   next = 0; cut = where (a split of one piece per thread); task[w] = step; gen[w] += 1;
 *           if sleep[w]: notify(gen[w])   — for every worker w
 *           take pieces (k = next++) until k ≥ p
 *           for every worker: if claim[w] goes gen − 1 → gen here, it never joined: go on;
 *           else wait until done[w] = gen (spin, then Atomics.wait where the thread may block)
 *   worker: wait until gen moves (spin for `spinMs`, or as long as linger says when runs come close
 *           together, then sleep[w] = 1, Atomics.wait, sleep[w] = 0)
 *           if claim[w] goes gen − 1 → gen here: take pieces until none is left; busy[w], units[w] =
 *           what they took and covered; done[w] = gen; if sleep[main]: notify(done[w])
 *   main:   (a cut split every thread joined) cut = where both parts would have ended together
 * Pieces and claims are atomic read-modify-writes, so each piece runs on exactly one thread. Taking
 * pieces is what keeps a threaded run from ever being much slower than one thread: on a machine
 * with no idle core a worker may be descheduled for milliseconds, and the main thread then takes
 * what it left instead of waiting for it.
 * The sleep flags are sequentially consistent stores read after the other side's store of what it
 * waits for, so a waker either sees the flag or the sleeper sees the new value (no lost wake-up).
 * Measured on a 2-core VM: both sides spinning cost 0.2–0.5 µs per layer; Atomics.wait/notify alone
 * 9–41 µs (waking an idle vCPU), at times the whole gain of a split — hence spin first.
 */
import { StrideError } from '../errors.js';

/** What the compiler writes into a wasm bundle's spec for threads (codegen's `ThreadSchedule`). */
export interface ThreadSchedule {
  schedule: Array<string | number>;
  splits: Array<{ border?: string; kernel: string; units: number; rest: number[]; scratch?: boolean; pieces?: number }>;
  scratchBytes: number;
}

const GEN = 0;
const DONE = 1;
const SLEEP = 2;
const TASK = 3;
const ERROR = 4;
const CLAIM = 5;
/** In the main thread's line: the pieces of the current split not yet taken, [front, back) packed as front | back << 16. */
const NEXT = 6;
/** In the main thread's line: how long, in µs, a worker spins after a task before it sleeps, when runs come close together (`lingerMs`). */
const LINGER = 7;
/** In the main thread's line: where the current split is cut, if it is a cut split (`pieceStart`). */
const CUT = 8;
/** In a worker's line: how long its last task's pieces took (in 0.1 µs), and how many units they were. */
const BUSY = 9;
const UNITS = 10;
/**
 * Pieces per thread a split's range is cut into, taken one at a time from a shared counter: a
 * thread that starts late or is descheduled takes fewer, and none is idle while pieces are left
 * (7 Winograd chunks on 2 threads are not 3.5 each either way). Each piece is one kernel call. A
 * split may ask for fewer (`pieces`: a Winograd channel split, whose every call reads all of V).
 */
const piecesPerThread = 4;
/**
 * The first unit of piece k of a split of `units` units in `pieces` pieces; piece k is units
 * [pieceStart(k), pieceStart(k + 1)). Evenly, ⌊u·k/p⌋; or, for a split cut where its threads'
 * speeds meet (`cut` ≥ 0, one piece per thread: `cutAt`), piece 0 — the calling thread's — is
 * [0, cut) and the others share [cut, u) evenly. worker.ts has its twin.
 */
export function pieceStart(units: number, pieces: number, cut: number, k: number): number {
  if (cut < 0) return Math.floor((units * k) / pieces);
  return k === 0 ? 0 : cut + Math.floor(((units - cut) * (k - 1)) / (pieces - 1));
}

/**
 * Where to cut a split of one piece per thread next, from `ratio`: the workers' time per unit over
 * the calling thread's on it. The calling thread's share of all the threads' speed is r / (r + n − 1);
 * the cut moves only when that is a unit or more away from `current`, and leaves every thread a unit.
 */
export function cutAt(units: number, threads: number, ratio: number, current: number): number {
  const target = (units * ratio) / (ratio + threads - 1);
  return Math.abs(target - current) < 1 ? current : Math.min(units - (threads - 1), Math.max(1, Math.round(target)));
}

/** Int32s per thread in the control block: 64 bytes, a cache line. */
const STRIDE = 16;

/**
 * How long a worker spins for its next task before it sleeps, in ms; and the calling thread for a
 * worker's last piece — about a piece's length, so that a worker descheduled mid-piece (a loaded
 * machine) gets the calling thread's core instead of watching it spin.
 */
const workerSpinMs = 0.3;
const mainSpinMs = 0.2;

/**
 * Runs that come within this many ms of each other — a network in a loop with a little work
 * between runs, or taking turns with another network (a pipeline's detector and classifier, the
 * benchmark's one-thread session) — keep the workers spinning through the gap: after each task a
 * worker spins a quarter more than the longest of the last three gaps under this, and never longer
 * than this (instead of `workerSpinMs`). Otherwise each such run starts by waking a sleeping worker,
 * which cost the calling thread ~11–40 µs in `Atomics.notify` and the run its first split's share.
 * Measured on cifar-vgg (0.45–0.5 ms on two threads) taking turns with a one-thread session of
 * 0.8–1.1 ms as the benchmark does (2t 1t 1t 2t: gaps of ~0 and ~2 ms): with the median of the gaps
 * under 2 ms, every other run found its worker asleep once the one-thread runs passed 1 ms (202 of
 * 400 runs); with the longest gap under 5 ms, 4–16 did. With 0.7 ms of other work after each
 * one-thread run (gaps of ~3 ms), ×1.68–1.72 of one thread → ×1.79–1.82 (three processes each,
 * alternating). Runs further apart — a 60 fps loop's 16 ms — let the workers sleep after
 * `workerSpinMs`. Nor do they spin while another threaded network of the page or process runs
 * (`turns`): two threaded networks taking turns would otherwise run each with the other's worker
 * spinning on its cores (×0.95 of one thread).
 */
const lingerMs = 5;

/** Threaded runs this much faster than alone ones are tried alone every 64th run instead of every 16th. */
const clearMargin = 1.25;

/**
 * Which threaded network of this realm started a run last, [current id, last id handed out]: one
 * board for every bundle's copy of the runtime (a realm-wide symbol), which each worker reads as it
 * spins and stops spinning when the network is not its own.
 */
function turns(): Int32Array {
  const realm = globalThis as unknown as Record<symbol, Int32Array | undefined>;
  const key = Symbol.for('@stride/runtime: threaded network turns');
  return (realm[key] ??= new Int32Array(new SharedArrayBuffer(8)));
}

/** Whether this engine can run a threaded network: shared memory, and (in a page) cross-origin isolation. */
export function threadsUnavailable(): string | undefined {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  if (isolated === false) return 'the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp), so it has no SharedArrayBuffer';
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object') return 'this engine has no SharedArrayBuffer';
  if (!nodeWorkers() && typeof Worker !== 'function') return 'this engine has no Worker';
  return undefined;
}

function nodeWorkers(): typeof import('node:worker_threads') | undefined {
  const node = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return node?.getBuiltinModule?.('node:worker_threads') as typeof import('node:worker_threads') | undefined;
}

/**
 * The module's bytes with its memory import made shared, of `pages` pages (initial and maximum):
 * the import section is rewritten, the rest kept byte for byte. The compiler writes one import,
 * `env.memory` (emit/wasm/encoder.ts), in section 2 right after the type section.
 */
export function withSharedMemory(bytes: Uint8Array, pages: number): Uint8Array<ArrayBuffer> {
  let at = 8;
  const u32 = () => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
  };
  const leb = (value: number) => {
    const out: number[] = [];
    do {
      let byte = value % 128;
      value = Math.floor(value / 128);
      if (value) byte |= 0x80;
      out.push(byte);
    } while (value);
    return out;
  };
  // Skip sections before the import section.
  for (;;) {
    const id = bytes[at];
    if (id === 2) break;
    if (id !== 0 && id !== 1) throw new Error('wasm: a module without the memory import the compiler writes');
    at++;
    const size = u32();
    at += size;
  }
  const start = at;
  at++;
  const size = u32();
  const end = at + size;
  const name = (text: string) => [...leb(text.length), ...Array.from(text, (ch) => ch.charCodeAt(0))];
  const body = [...leb(1), ...name('env'), ...name('memory'), 0x02, 0x03, ...leb(pages), ...leb(pages)];
  const section = [2, ...leb(body.length), ...body];
  const out = new Uint8Array(start + section.length + (bytes.length - end));
  out.set(bytes.subarray(0, start));
  out.set(section, start);
  out.set(bytes.subarray(end), start + section.length);
  return out;
}

/** A handle on one helper thread, whichever platform made it. */
interface Thread {
  post(message: unknown): void;
  /** Resolves when the worker says 'ready'; rejects if it fails first. */
  ready: Promise<void>;
  /** Lets the process exit while the thread lives (Node). */
  unref(): void;
  terminate(): void;
}

function startThread(source: string): Thread {
  const node = nodeWorkers();
  if (node) {
    const worker = new node.Worker(source, { eval: true });
    const ready = new Promise<void>((resolve, reject) => {
      worker.once('message', (message) => (message === 'ready' ? resolve() : reject(new Error(String((message as { error?: string }).error ?? message)))));
      worker.once('error', reject);
    });
    return { post: (message) => worker.postMessage(message), ready, unref: () => worker.unref(), terminate: () => void worker.terminate() };
  }
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  const ready = new Promise<void>((resolve, reject) => {
    worker.onmessage = (event) => (event.data === 'ready' ? resolve() : reject(new Error(String(event.data?.error ?? event.data))));
    worker.onerror = (event) => reject(new Error(event.message || 'the worker failed to start (a Content-Security-Policy without worker-src blob:?)'));
  });
  return { post: (message) => worker.postMessage(message), ready, unref() {}, terminate: () => worker.terminate() };
}

export interface Threaded {
  forward(): void;
  dispose(): void;
}

/**
 * Starts `threads − 1` workers on `module` over `memory` and returns the threaded forward pass.
 * `scratchBase` is where the memory has room for each worker's own scratch (`schedule.scratchBytes`
 * each), past what the compiler laid out. `helperSource` is what each worker runs: worker.ts's
 * `workerSource`, passed in rather than imported so that createInWorker()'s worker program, which
 * bundles this file (inWorkerMain.ts), takes it from its caller instead of carrying a second copy.
 */
export async function startThreads(model: string, module: WebAssembly.Module, instance: WebAssembly.Instance, memory: WebAssembly.Memory, threads: number, plan: ThreadSchedule, scratchBase: number, helperSource: string): Promise<Threaded> {
  const control = new SharedArrayBuffer(4 * STRIDE * threads);
  const turn = turns();
  const id = Atomics.add(turn, 1, 1) + 1;
  const c = new Int32Array(control);
  const workers: Thread[] = [];
  const stop = () => {
    for (let w = 1; w < threads; w++) {
      Atomics.store(c, w * STRIDE + TASK, -1);
      Atomics.add(c, w * STRIDE + GEN, 1);
      Atomics.notify(c, w * STRIDE + GEN);
    }
    for (const worker of workers) worker.terminate();
  };
  try {
    for (let w = 1; w < threads; w++) {
      const worker = startThread(helperSource);
      workers.push(worker);
      worker.post({ module, memory, control, index: w, threads, splits: plan.splits, scratch: scratchBase + (w - 1) * plan.scratchBytes, spinMs: workerSpinMs, pieces: piecesPerThread, turns: turn.buffer, id });
    }
    await Promise.all(workers.map((w) => w.ready));
  } catch (error) {
    stop();
    throw new StrideError('graph', `model ${JSON.stringify(model)}: could not start ${threads - 1} worker thread(s) (${(error as Error).message})`, { cause: error });
  }
  for (const worker of workers) worker.unref();

  const exports = instance.exports as Record<string, (...args: number[]) => void>;
  // Each split's kernel as (from, to), its other arguments bound.
  const calls = plan.splits.map((s) => {
    const fn = exports[s.kernel];
    const rest = s.rest;
    return rest.length === 0 ? (from: number, to: number) => fn(from, to) : rest.length === 1 ? (from: number, to: number) => fn(from, to, rest[0]) : (from: number, to: number) => fn(from, to, ...rest);
  });
  const pieceCounts = plan.splits.map((s) => Math.min(s.units, (s.pieces ?? piecesPerThread) * threads));
  // A split of one piece per thread (a one-image Winograd layer's channel blocks: each call reads
  // all of V) cannot rebalance by pieces when one core runs slower than the other — in this VM's slow
  // phases the calling thread then waited 300–800 µs for its worker in each. So it is cut where the
  // threads' measured speeds on it say both parts end together (-1: a split of even pieces).
  const cuts = plan.splits.map((s, i) => (pieceCounts[i] === threads && (s.pieces ?? piecesPerThread) === 1 ? Math.floor(s.units / threads) : -1));
  // Per cut split, the last five ratios of the workers' time per unit to the calling thread's.
  const ratios = plan.splits.map(() => [] as number[]);
  const sorted = new Float64Array(5);
  const middle = (xs: number[]) => {
    for (let k = 0; k < xs.length; k++) {
      let j = k;
      for (; j > 0 && sorted[j - 1] > xs[k]; j--) sorted[j] = sorted[j - 1];
      sorted[j] = xs[k];
    }
    return sorted[xs.length >> 1];
  };
  // The units the calling thread's pieces of the current split covered.
  let ownUnits = 0;
  // The calling thread's loop over each split's pieces (the workers' twin is in worker.ts).
  const parts = plan.splits.map((s, i) => {
    const call = calls[i];
    const p = pieceCounts[i];
    // From the front: the calling thread's pieces are contiguous from unit 0, the workers' from the
    // end, so two threads share at most one boundary (NHWC: the cache lines of the pixels where one
    // thread's channel blocks end and the other's begin). Taking alternate pieces measured ×0.7 of
    // one thread on MobileNetV2 — both threads storing into every pixel's lines at the same time.
    return () => {
      ownUnits = 0;
      for (let v = Atomics.load(c, NEXT); (v & 0xffff) < v >>> 16; v = Atomics.load(c, NEXT)) {
        if (Atomics.compareExchange(c, NEXT, v, v + 1) !== v) continue;
        const k = v & 0xffff;
        const from = pieceStart(s.units, p, cuts[i], k);
        const to = pieceStart(s.units, p, cuts[i], k + 1);
        call(from, to);
        ownUnits += to - from;
      }
    };
  });
  // After every thread took part in cut split i: the ratio of the workers' pace to the calling
  // thread's, and the cut from the median of the last five (two disturbed runs move nothing).
  const recut = (i: number, ownMs: number) => {
    let units = 0;
    let ms = 0;
    for (let w = 1; w < threads; w++) {
      units += Atomics.load(c, w * STRIDE + UNITS);
      ms += Atomics.load(c, w * STRIDE + BUSY) / 1e4;
    }
    if (ownUnits === 0 || units === 0 || !(ownMs > 0) || !(ms > 0)) return;
    const last = ratios[i];
    last.push(ms / units / (ownMs / ownUnits));
    if (last.length > 5) last.shift();
    cuts[i] = cutAt(plan.splits[i].units, threads, middle(last), cuts[i]);
  };
  // A run alone calls each split kernel once over its whole range: no pieces, no atomics.
  const wholes = plan.splits.map((s, i) => () => calls[i](0, s.units));
  const borders = plan.splits.map((s) => (s.border ? exports[s.border] : undefined));
  const serial = plan.schedule.map((entry) => (typeof entry === 'string' ? exports[entry] : undefined));
  let canWait = true;
  let generation = 0;
  const now = typeof performance === 'object' ? () => performance.now() : () => Date.now();
  const awaitWorker = (w: number) => {
    const done = w * STRIDE + DONE;
    if (Atomics.load(c, done) === generation) return;
    const until = now() + mainSpinMs;
    for (let i = 1; Atomics.load(c, done) !== generation; i++) {
      if ((i & 1023) !== 0 || !canWait || now() < until) continue;
      const seen = Atomics.load(c, done);
      if (seen === generation) break;
      Atomics.store(c, SLEEP, 1);
      try {
        Atomics.wait(c, done, seen, 50);
      } catch {
        canWait = false; // a page's main thread may not block: spin
      }
      Atomics.store(c, SLEEP, 0);
    }
  };
  let disposed = false;
  // On a machine whose other core is busy (other processes), the workers cannot help: a worker
  // spinning or holding a piece takes the core the others then take from this thread, and a run
  // measured ×0.7 of one thread (MobileNetV2, four other agents' tests on this 2-core VM). So each
  // run is timed, and runs go the way that has been faster: the median of each way's last three
  // (one sample, or the best of three, follows the noise of a shared machine). The other way is
  // tried every 16th run, and again on the next run while trials beat the current way's median, so
  // that a way measured slow while V8 was still compiling (the first runs after create()) takes two
  // runs to come back, not two trials. While threaded runs beat alone ones by more than a quarter
  // (`clearMargin`), trials come every 64th run only: a trial alone then costs a run's whole gain
  // (ResNet-18 alone 34 ms where threaded takes 20) and can find nothing — a core that gets busy
  // slows the threaded runs themselves, which then lose to alone's median at once. Trials matter the
  // other way round, to find the free core again. Both ways give the same bytes.
  const recent = { threaded: [] as number[], alone: [] as number[] };
  // The median of one to three times (of two, the larger), without allocating per run.
  const median = (t: number[]) => (t.length === 1 ? t[0] : t.length === 2 ? Math.max(t[0], t[1]) : Math.max(Math.min(t[0], t[1]), Math.min(Math.max(t[0], t[1]), t[2])));
  let runs = 0;
  // The last three gaps between one run's end and the next one's start (`lingerMs`).
  const gaps: number[] = [];
  let ended: number | undefined;
  let retry = false;
  let trial = false;
  const choose = (): boolean => {
    runs++;
    // The first run is cold (page faults, tier-up) and not counted; then three each way, alternating
    // (one way's runs in a row would see the machine in one mood).
    if (runs === 1) return false;
    if (runs <= 7) return runs % 2 === 1;
    const alone = median(recent.alone);
    const threaded = median(recent.threaded);
    const faster = alone < threaded;
    trial = retry || runs % (threaded * clearMargin < alone ? 64 : 16) === 0;
    return trial ? !faster : faster;
  };
  const record = (alone: boolean, ms: number) => {
    if (runs === 1) return;
    const times = alone ? recent.alone : recent.threaded;
    times.push(ms);
    if (times.length > 3) times.shift();
    retry = trial && ms < median(alone ? recent.threaded : recent.alone);
  };
  return {
    forward() {
      // Threaded or alone (the same bytes either way): whichever has been faster lately, trying the
      // other every 16th or 64th run (see above).
      const alone = choose();
      const started = now();
      Atomics.store(turn, 0, id);
      if (ended !== undefined) {
        gaps.push(started - ended);
        if (gaps.length > 3) gaps.shift();
        // The longest of the last three gaps that lingering can bridge: runs that alternate with other
        // work come at two gaps (the benchmark's 2t 1t 1t 2t: ~0 and two runs of the other session),
        // and a median would follow the short one and let the worker sleep through every long one.
        let gap = 0;
        for (const g of gaps) if (g < lingerMs && g > gap) gap = g;
        Atomics.store(c, LINGER, Math.round(1000 * Math.min(lingerMs, 1.25 * gap)));
      }
      // A sleeping worker takes 9–41 µs to wake on this VM: wake it now, so that it is spinning by
      // the first split layer instead of starting its pieces late (cifar-vgg's first split measured
      // ×0.88 of one thread without this and ×1.32 with it).
      if (!alone) for (let w = 1; w < threads; w++) if (Atomics.load(c, w * STRIDE + SLEEP) !== 0) Atomics.notify(c, w * STRIDE + GEN);
      for (let i = 0; i < serial.length; i++) {
        const fn = serial[i];
        if (fn) {
          fn();
          continue;
        }
        const task = plan.schedule[i] as number;
        borders[task]?.();
        if (alone) {
          wholes[task]();
          continue;
        }
        // Pieces [front, back) are left: the front in the low 16 bits, the back in the high. A cut
        // split's cut goes out before the task does.
        const cut = cuts[task] >= 0;
        if (cut) Atomics.store(c, CUT, cuts[task]);
        Atomics.store(c, NEXT, pieceCounts[task] << 16);
        generation++;
        for (let w = 1; w < threads; w++) {
          const at = w * STRIDE;
          Atomics.store(c, at + TASK, task);
          Atomics.store(c, at + GEN, generation);
          if (Atomics.load(c, at + SLEEP) !== 0) Atomics.notify(c, at + GEN);
        }
        const before = cut ? now() : 0;
        parts[task]();
        const ownMs = cut ? now() - before : 0;
        let joined = 0;
        for (let w = 1; w < threads; w++) {
          if (Atomics.compareExchange(c, w * STRIDE + CLAIM, generation - 1, generation) !== generation - 1) {
            awaitWorker(w);
            joined++;
          }
        }
        // A worker that never joined left no pace to compare.
        if (cut && joined === threads - 1) recut(task, ownMs);
      }
      for (let w = 1; w < threads; w++) {
        if (Atomics.load(c, w * STRIDE + ERROR) !== 0) throw new StrideError('graph', `model ${JSON.stringify(model)}: a worker thread failed while running the network`);
      }
      ended = now();
      record(alone, ended - started);
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      stop();
    },
  };
}
