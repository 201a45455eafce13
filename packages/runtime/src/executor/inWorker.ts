/**
 * A wasm network run off the calling thread: `createInWorker()` (bundles of the wasm target) loads
 * the weights here, as `create()` does, and hands the memory to one worker (a Web Worker from a Blob
 * of the source below, or a Node worker_threads worker), whose `run` answers with a promise — so a
 * page's main thread never blocks on an inference.
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
import { decodeBase64 } from './base64.js';
import { loadWeights, type WeightSource } from './load.js';
import type { TensorSpec } from './network.js';
import { threadsUnavailable, withSharedMemory } from './threads.js';
import type { WasmBundleSpec, WasmKernels } from './wasm.js';

/** A network whose inferences run in a worker. */
export interface WorkerNetwork<Outputs extends string = string> {
  readonly model: string;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /**
   * One inference in the worker; resolves to fresh arrays the caller owns. Runs queue in order.
   * `transfer: true` moves the inputs' buffers to the worker instead of copying them (they are
   * detached here afterwards).
   */
  run(inputs: Record<string, Float32Array>, options?: { transfer?: boolean }): Promise<Record<Outputs, Float32Array>>;
  /** Ends the worker; pending and later runs reject. */
  dispose(): void;
}

/** What the worker runs: instantiate over the memory it is given (or one it fills from bytes), then answer runs. */
export const inWorkerSource = `'use strict';
const node = typeof process === 'object' && process.getBuiltinModule ? process.getBuiltinModule('node:worker_threads') : undefined;
const port = node ? node.parentPort : self;
let forward, floats, inputs, outputs;
function handle(message) {
  if (message.type === 'init') {
    let memory = message.memory;
    if (!memory) {
      memory = new WebAssembly.Memory({ initial: message.pages, maximum: message.pages });
      new Uint8Array(memory.buffer).set(new Uint8Array(message.image));
    }
    const instance = new WebAssembly.Instance(message.module, { env: { memory } });
    instance.exports.warm();
    forward = instance.exports.forward;
    floats = new Float32Array(memory.buffer);
    inputs = message.inputs;
    outputs = message.outputs;
    port.postMessage({ type: 'ready' });
    return;
  }
  try {
    for (let i = 0; i < inputs.length; i++) floats.set(message.inputs[i], inputs[i].offset);
    forward();
    const result = outputs.map((o) => floats.slice(o.offset, o.offset + o.length));
    port.postMessage({ id: message.id, outputs: result }, result.map((r) => r.buffer));
  } catch (error) {
    port.postMessage({ id: message.id, error: String(error && error.message || error) });
  }
}
if (node) port.on('message', handle); else self.onmessage = (event) => handle(event.data);
`;

interface Port {
  post(message: unknown, transfer?: Transferable[]): void;
  terminate(): void;
  /** Node: whether the worker keeps the process alive — while an answer is awaited, and only then. */
  hold(held: boolean): void;
}

function startWorker(onMessage: (message: any) => void, onError: (error: Error) => void): Port {
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

const page = 65536;

export async function createWasmInWorker<Outputs extends string>(spec: WasmBundleSpec, kernels: WasmKernels, weights: WeightSource): Promise<WorkerNetwork<Outputs>> {
  const pages = Math.ceil(spec.memoryBytes / page);
  const shared = threadsUnavailable() === undefined;
  const bytes = decodeBase64(kernels.wasm) as Uint8Array<ArrayBuffer>;
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
    if (message.type === 'ready') {
      worker.hold(false);
      return ready();
    }
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (pending.size === 0) worker.hold(false);
    if (message.error) waiting.reject(new StrideError('graph', `model ${JSON.stringify(spec.model)}: ${message.error}`));
    else waiting.resolve(Object.freeze(Object.fromEntries(spec.outputs.map((o, i) => [o.name, message.outputs[i]]))) as Record<Outputs, Float32Array>);
  }, fail);
  const image = shared ? undefined : memory.buffer.slice(0);
  worker.post({
    type: 'init', module, pages, ...(shared ? { memory } : { image }),
    inputs: spec.inputs.map((t) => ({ offset: t.offset })), outputs: spec.outputs.map((t) => ({ offset: t.offset, length: elementCount(t.shape) })),
  }, image ? [image] : []);
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
        worker.post({ id, inputs: arrays }, options.transfer ? [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))] : []);
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
