/**
 * The program of `createInWorker()`'s worker: instantiate the network's module over the memory it
 * is given (or one it fills from the bytes it is sent), start its own helper threads when asked
 * (threads.ts's `startThreads`, the calling thread's side of the protocol run here), say 'ready',
 * then answer runs in order.
 *
 * A worker is started from source text (a Node worker_threads worker with `eval: true`, a browser
 * Worker from a Blob), so this file is not imported: scripts/in-worker-source.ts bundles it with
 * esbuild into inWorkerSource.ts, which inWorker.ts starts — and a test fails when that text is
 * not this file's and threads.ts's as they are.
 */
import { startThreads, type ThreadSchedule } from './threads.js';

/** What the calling thread sends first (inWorker.ts). */
export interface InWorkerInit {
  type: 'init';
  model: string;
  module: WebAssembly.Module;
  /** The memory, shared (weights already in it); or, where memory cannot be shared, `pages` and the bytes to fill a new one with. */
  memory?: WebAssembly.Memory;
  pages: number;
  image?: ArrayBuffer;
  /** Where each input and output is, in floats. */
  inputs: Array<{ offset: number }>;
  outputs: Array<{ offset: number; length: number }>;
  /** Threads to run on (1: this worker alone); with more, the schedule, the workers' scratch and what they run (worker.ts). */
  threads: number;
  plan?: ThreadSchedule;
  scratchBase?: number;
  helperSource?: string;
}

/** One run: the inputs in the order of `InWorkerInit.inputs`. */
export interface InWorkerRun {
  id: number;
  inputs: Float32Array[];
}

/** What the worker answers: 'ready' or 'failed' once, then each run's outputs or error by id. */
export type InWorkerAnswer =
  | { type: 'ready' }
  | { type: 'failed'; error: string }
  | { id: number; outputs: Float32Array[] }
  | { id: number; error: string };

interface Port {
  postMessage(message: InWorkerAnswer, transfer?: Transferable[]): void;
}

const node = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.('node:worker_threads') as typeof import('node:worker_threads') | undefined;
const port: Port = node ? (node.parentPort as unknown as Port) : (globalThis as unknown as Port);

let forward: () => void;
let floats: Float32Array;
let setup: InWorkerInit;

const message = (error: unknown) => String((error as Error)?.message ?? error);

async function start(init: InWorkerInit): Promise<void> {
  let memory = init.memory;
  if (!memory) {
    memory = new WebAssembly.Memory({ initial: init.pages, maximum: init.pages });
    new Uint8Array(memory.buffer).set(new Uint8Array(init.image!));
  }
  const instance = new WebAssembly.Instance(init.module, { env: { memory } });
  (instance.exports.warm as () => void)();
  forward = instance.exports.forward as () => void;
  if (init.threads > 1) forward = (await startThreads(init.model, init.module, instance, memory, init.threads, init.plan!, init.scratchBase!, init.helperSource!)).forward;
  floats = new Float32Array(memory.buffer);
  setup = init;
}

function answer(run: InWorkerRun): void {
  try {
    for (let i = 0; i < setup.inputs.length; i++) floats.set(run.inputs[i], setup.inputs[i].offset);
    forward();
    const outputs = setup.outputs.map((o) => floats.slice(o.offset, o.offset + o.length));
    port.postMessage({ id: run.id, outputs }, outputs.map((o) => o.buffer));
  } catch (error) {
    port.postMessage({ id: run.id, error: message(error) });
  }
}

// Runs come only after 'ready' (createInWorker() resolves then), so none meets a worker still starting.
function handle(data: InWorkerInit | InWorkerRun): void {
  if ('type' in data) {
    start(data).then(() => port.postMessage({ type: 'ready' }), (error: unknown) => port.postMessage({ type: 'failed', error: message(error) }));
  } else answer(data);
}

if (node) node.parentPort!.on('message', handle);
else (globalThis as unknown as { onmessage: (event: MessageEvent) => void }).onmessage = (event) => handle(event.data);
