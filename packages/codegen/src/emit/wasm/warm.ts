/**
 * `warm()`: every kernel called with no work, often enough that V8 compiles it with its optimizing
 * tier (TurboFan) in the background while `create()` goes on loading weights — so the first
 * inference does not run in the baseline tier (Liftoff), 4–8× slower for these kernels.
 *
 * How V8 decides (dynamic tiering, V8 11–12, Node 20 and Chromium alike): every function starts in
 * Liftoff with a budget (`--wasm-tiering-budget`, 1,800,000). Liftoff code subtracts from it at each
 * loop back edge (the loop body's machine-code bytes) and at each return (the machine-code offset of
 * the return, so the whole function when it returns at its end), at most a quarter of the budget
 * per check. When the budget runs out the function is queued for TurboFan; the code is swapped in
 * when compiled and used from the next call on — a call already running stays in Liftoff (no
 * on-stack replacement for wasm). A kernel is called once per layer per inference, so without this
 * the whole first inference ran in Liftoff (ResNet-18: 280 ms of kernels against 57).
 *
 * An empty range returns at once from the function's end, so a call costs a few nanoseconds and
 * spends the function's Liftoff code size, which measured 1.8–4× its wasm body bytes
 * (`--trace-wasm-compilation-times` on ResNet-18's kernels). `warmCalls` counts 1.5× the body
 * bytes per call, so it over-calls a little, harmlessly: a queued function is not queued again.
 */
import { FunctionBuilder } from './encoder.js';

/** V8's `--wasm-tiering-budget` default. */
const tieringBudget = 1_800_000;

/** Empty calls that exhaust a function's budget, given its wasm body bytes. */
export function warmCalls(bodyBytes: number): number {
  // At most a quarter of the budget per check, and one spare.
  return Math.min(4096, Math.max(5, Math.ceil(tieringBudget / (1.5 * Math.max(1, bodyBytes)))) + 1);
}

/** `warm()` over the functions that can be called with no work (`FunctionBuilder.idleArguments`). */
export function warmFunction(functions: FunctionBuilder[]): FunctionBuilder {
  const f = new FunctionBuilder('warm');
  const count = f.local('i', 'i32');
  f.comment('Each kernel called with no work until V8 queues it for its optimizing tier (emit/wasm/warm.ts).');
  for (const fn of functions) {
    const idle = fn.idleArguments;
    if (!idle) continue;
    const calls = warmCalls(fn.encodeBody(() => 0).length);
    f.setTo(count, calls);
    f.loop('calls', () => {
      for (const value of idle) f.i32(value);
      f.call(fn);
      f.get(count).i32(1).op('i32.sub').tee(count).brIf('calls');
    });
  }
  return f;
}
