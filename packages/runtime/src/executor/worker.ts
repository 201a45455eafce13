/**
 * What each helper thread of a threaded wasm network runs, as source text: a Node worker_threads
 * worker is started from it with `eval: true`, a browser Worker from a Blob of it. It is text the
 * runtime owns (never a function's `toString()`, which a bundler or a coverage tool may rewrite),
 * plain ES2020 with no imports, and the same on both platforms.
 *
 * The worker instantiates the network's module over the shared memory, says 'ready', then serves
 * tasks until told to stop: wait for its `gen` counter to move (spinning first, then Atomics.wait),
 * join split step `task` (unless the main thread claimed its place first), take pieces of its
 * range from the shared counter until none is left, publish `done = gen`, and wake the main thread
 * if it sleeps.
 * The protocol and the control block's layout are threads.ts's; the field numbers below are its.
 */
export const workerSource = `'use strict';
const GEN = 0, DONE = 1, SLEEP = 2, TASK = 3, ERROR = 4, CLAIM = 5, NEXT = 6, LINGER = 7, CUT = 8, BUSY = 9, UNITS = 10, STRIDE = 16;
const node = typeof process === 'object' && process.getBuiltinModule ? process.getBuiltinModule('node:worker_threads') : undefined;
const port = node ? node.parentPort : self;
function serve(init) {
  const { module, memory, control, index, threads, splits, scratch, spinMs, pieces: PIECES, id } = init;
  // [the network running now, …] (threads.ts, turns()): another network's run ends the spinning.
  const turns = new Int32Array(init.turns);
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const c = new Int32Array(control);
  const base = index * STRIDE;
  // Each split's pieces (pieceStart() in threads.ts): piece k is units [⌊u·k/p⌋, ⌊u·(k+1)/p⌋); for a
  // split of one piece per thread, cut where the threads' speeds meet, piece 0 is [0, cut) (CUT, in
  // the main thread's line) and the others share [cut, u) evenly.
  const calls = splits.map((s) => {
    const fn = instance.exports[s.kernel];
    const p = Math.min(s.units, (s.pieces || PIECES) * threads);
    const cut = p === threads && (s.pieces || PIECES) === 1;
    const start = (k, at) => (!cut ? Math.floor((s.units * k) / p) : k === 0 ? 0 : at + Math.floor(((s.units - at) * (k - 1)) / (p - 1)));
    const rest = s.scratch ? [scratch, ...s.rest.slice(1)] : s.rest;
    const call = rest.length === 0 ? (from, to) => fn(from, to) : rest.length === 1 ? (from, to) => fn(from, to, rest[0]) : (from, to) => fn(from, to, ...rest);
    // From the back (the calling thread takes from the front): [front, back) packed in NEXT.
    // Returns the units its pieces covered.
    return () => {
      let units = 0;
      for (let v = Atomics.load(c, NEXT); (v & 0xffff) < v >>> 16; v = Atomics.load(c, NEXT)) {
        const k = (v >>> 16) - 1;
        if (Atomics.compareExchange(c, NEXT, v, (v & 0xffff) | (k << 16)) !== v) continue;
        const at = cut ? Atomics.load(c, CUT) : 0;
        const from = start(k, at);
        const to = start(k + 1, at);
        call(from, to);
        units += to - from;
      }
      return units;
    };
  });
  port.postMessage('ready');
  const now = typeof performance === 'object' ? () => performance.now() : () => Date.now();
  let seen = 0;
  for (;;) {
    let gen = Atomics.load(c, base + GEN);
    if (gen === seen) {
      // Spin a while (the next split layer is usually a few layers away, the next run maybe as close:
      // LINGER), then sleep.
      let until = now() + Math.max(spinMs, Atomics.load(c, LINGER) / 1000);
      for (let i = 1; (gen = Atomics.load(c, base + GEN)) === seen; i++) {
        if ((i & 1023) === 0 && (now() > until || Atomics.load(turns, 0) !== id)) {
          Atomics.store(c, base + SLEEP, 1);
          Atomics.wait(c, base + GEN, seen);
          Atomics.store(c, base + SLEEP, 0);
          i = 0;
          // Woken without work (forward() wakes sleepers as a run starts): spin again.
          until = now() + spinMs;
        }
      }
    }
    seen = gen;
    const task = Atomics.load(c, base + TASK);
    if (task < 0) break;
    // Unclaimed, the worker joins the task: it takes pieces until none is left. The main thread
    // claims a worker that has not joined by the time it runs out of pieces, and stops waiting for it.
    if (Atomics.compareExchange(c, base + CLAIM, gen - 1, gen) !== gen - 1) continue;
    try {
      const started = now();
      const units = calls[task]();
      // What its pieces took, for the main thread's cuts (threads.ts, recut()).
      Atomics.store(c, base + BUSY, Math.round((now() - started) * 1e4));
      Atomics.store(c, base + UNITS, units);
    } catch (error) {
      Atomics.store(c, base + ERROR, 1);
      port.postMessage({ error: String(error && error.message || error) });
    }
    Atomics.store(c, base + DONE, gen);
    if (Atomics.load(c, SLEEP) !== 0) Atomics.notify(c, base + DONE);
  }
  if (node) port.close(); else self.close();
}
if (node) port.once('message', serve); else self.onmessage = (event) => { self.onmessage = null; serve(event.data); };
`;
