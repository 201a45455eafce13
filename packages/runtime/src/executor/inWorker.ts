/**
 * A wasm network run off the calling thread: `createInWorker()` (bundles of the wasm target) loads
 * the weights here, as `create()` does, and hands the memory to one worker (a Web Worker from a Blob
 * of inWorkerMain.ts's program, or a Node worker_threads worker), whose `run` answers with a promise
 * — so a page's main thread never blocks on an inference. With `threads: n` that worker starts
 * `n − 1` helpers of its own and runs the network as `create({ threads: n })` would on this thread:
 * off the main thread and on several cores at once.
 *
 * What moves, and what is copied:
 * - the weights: where SharedArrayBuffer exists (Node, cross-origin isolated pages) they are read
 *   straight into a shared memory the worker uses as it is; elsewhere into an ordinary memory whose
 *   bytes are copied once into a buffer transferred to the worker (a wasm memory cannot be
 *   transferred).
 * - inputs: structured-cloned (one copy), or moved with `run(inputs, { transfer: true })`, which
 *   detaches the caller's buffers.
 * - outputs: copied out of the worker's memory into fresh arrays, which are transferred back (the
 *   one copy there is: the memory's next run would overwrite views).
 */
import { elementCount } from '@stride/dsl';
import { StrideError } from '../errors.js';
import { checkInputs } from '../inputs.js';
import { decodeByteString } from './byteString.js';
import type { InWorkerAnswer, InWorkerInit, InWorkerRun } from './inWorkerMain.js';
import { inWorkerSource } from './inWorkerSource.js';
import { loadWeights, type WeightSource } from './load.js';
import type { TensorSpec } from './network.js';
import { threadsUnavailable, withSharedMemory } from './threads.js';
import { memoryFor, threadCount, type WasmBundleSpec, type WasmCreateOptions, type WasmKernels } from './wasm.js';
import { workerSource } from './worker.js';

/** A network whose inferences run in a worker. */
export interface WorkerNetwork<Outputs extends string = string> {
  readonly model: string;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** Threads the worker runs on: itself and `threads − 1` helpers it started (1 where threads are unavailable, as for `create()`). */
  readonly threads: number;
  /**
   * One inference in the worker; resolves to fresh arrays the caller owns. Runs queue in order.
   * `transfer: true` moves the inputs' buffers to the worker instead of copying them (they are
   * detached here afterwards).
   */
  run(inputs: Record<string, Float32Array>, options?: { transfer?: boolean }): Promise<Record<Outputs, Float32Array>>;
  /** Ends the worker (and its helpers); pending and later runs reject. */
  dispose(): void;
}

interface Port {
  post(message: unknown, transfer?: Transferable[]): void;
  terminate(): void;
  /** Node: whether the worker keeps the process alive — while an answer is awaited, and only then. */
  hold(held: boolean): void;
}

function startWorker(onMessage: (message: InWorkerAnswer) => void, onError: (error: Error) => void): Port {
  const node = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:worker_threads') as typeof import('node:worker_threads') | undefined;
  if (node) {
    const worker = new node.Worker(inWorkerSource, { eval: true });
    worker.on('message', onMessage);
    worker.on('error', onError);
    return {
      post: (message, transfer) => worker.postMessage(message, transfer as never), terminate: () => void worker.terminate(),
      hold: (held) => (held ? worker.ref() : worker.unref()),
    };
  }
  if (typeof Worker !== 'function') throw new StrideError('graph', 'createInWorker(): this engine has no Worker; use create()');
  const url = URL.createObjectURL(new Blob([inWorkerSource], { type: 'text/javascript' }));
  const worker = new Worker(url);
  URL.revokeObjectURL(url);
  worker.onmessage = (event) => onMessage(event.data);
  worker.onerror = (event) => onError(new Error(event.message || 'the worker failed to start (a Content-Security-Policy without worker-src blob:?)'));
  return { post: (message, transfer) => worker.postMessage(message, transfer ?? []), terminate: () => worker.terminate(), hold() {} };
}

export async function createWasmInWorker<Outputs extends string>(spec: WasmBundleSpec, kernels: WasmKernels, weights: WeightSource, options: WasmCreateOptions = {}): Promise<WorkerNetwork<Outputs>> {
  const threads = threadCount(spec, options, 'createInWorker');
  const { scratchBase, pages } = memoryFor(spec, threads);
  const shared = threadsUnavailable() === undefined;
  const bytes = decodeByteString(kernels.wasm, spec.model);
  let module: WebAssembly.Module;
  try {
    module = await WebAssembly.compile(shared ? withSharedMemory(bytes, pages) : bytes);
  } catch (error) {
    throw new StrideError('graph', `model ${JSON.stringify(spec.model)}: this engine cannot compile its WebAssembly module (${(error as Error).message}); WebAssembly with SIMD is needed, and in a browser a Content-Security-Policy allowing 'wasm-unsafe-eval'`, { cause: error });
  }
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, ...(shared ? { shared: true } : {}) });
  await loadWeights(spec, kernels.weights, kernels.expand, weights, memory.buffer);

  const pending = new Map<number, { resolve(value: Record<Outputs, Float32Array>): void; reject(error: Error): void }>();
  let ready!: () => void;
  let failed!: (error: Error) => void;
  const started = new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject)));
  let broken: Error | undefined;
  const fail = (error: Error) => {
    broken = new StrideError('graph', `model ${JSON.stringify(spec.model)}: its worker failed (${error.message})`, { cause: error });
    failed(broken);
    for (const { reject } of pending.values()) reject(broken);
    pending.clear();
  };
  const worker = startWorker((message) => {
    if ('type' in message) {
      worker.hold(false);
      return message.type === 'ready' ? ready() : fail(new Error(message.error));
    }
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (pending.size === 0) worker.hold(false);
    if ('error' in message) waiting.reject(new StrideError('graph', `model ${JSON.stringify(spec.model)}: ${message.error}`));
    else waiting.resolve(Object.freeze(Object.fromEntries(spec.outputs.map((o, i) => [o.name, message.outputs[i]]))) as Record<Outputs, Float32Array>);
  }, fail);
  const image = shared ? undefined : memory.buffer.slice(0);
  const init: InWorkerInit = {
    type: 'init', model: spec.model, module, pages, ...(shared ? { memory } : { image }),
    inputs: spec.inputs.map((t) => ({ offset: t.offset })), outputs: spec.outputs.map((t) => ({ offset: t.offset, length: elementCount(t.shape) })),
    threads, ...(threads > 1 ? { plan: spec.threads!, scratchBase, helperSource: workerSource } : {}),
  };
  worker.post(init, image ? [image] : []);
  try {
    await started;
  } catch (error) {
    worker.terminate();
    throw error;
  }

  let next = 0;
  let disposed = false;
  return {
    model: spec.model,
    inputs: spec.inputs,
    outputs: spec.outputs,
    threads,
    run(inputs, options = {}) {
      if (disposed) return Promise.reject(new StrideError('graph', `model ${JSON.stringify(spec.model)} was disposed; create it again to run it`));
      if (broken) return Promise.reject(broken);
      try {
        checkInputs(spec.inputs, inputs);
      } catch (error) {
        return Promise.reject(error);
      }
      const arrays = spec.inputs.map((t) => inputs[t.name]);
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.hold(true);
        worker.post({ id, inputs: arrays } satisfies InWorkerRun, options.transfer ? [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))] : []);
      });
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      worker.terminate();
      const error = new StrideError('graph', `model ${JSON.stringify(spec.model)} was disposed while a run was pending`);
      for (const { reject } of pending.values()) reject(error);
      pending.clear();
    },
  };
}
