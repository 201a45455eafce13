/**
 * What the harness needs from each engine: build what it ships once (`prepare`), then open a session
 * from those files alone (`open`: what cold start measures) and run it. Engines are listed explicitly
 * in ./engines/registry.ts.
 */
import type { Graph } from '@stride/dsl';

export const engineNames = ['stride-wasm', 'stride-js', 'tfjs-cpu', 'tfjs-wasm', 'ort-web', 'ort-node'] as const;
/** `stride-interp` (the reference interpreter) stands in for stride-js in development runs only. */
export type EngineName = (typeof engineNames)[number] | 'stride-interp';

/** One network at one batch size, with its files in `dir`. */
export interface Job {
  network: string;
  /** The network's DSL module (default export: the model). */
  file: string;
  batch: number;
  /** The IR with its symbolic batch. */
  graph: Graph;
  /** `weights.safetensors` (seeded, PyTorch names) and each engine's artifacts live here. */
  dir: string;
  /** The input's concrete shape at this batch size. */
  inputShape: number[];
  /** Threads the engine is asked to use: 1, or what `--threads N` gave (engines that support threads only). */
  threads: number;
}

/** Bytes an application ships to run the network with this engine. */
export interface Shipped {
  /** The engine's JavaScript, minified and gzipped (Stride: the generated bundle without its weights). */
  codeBytesGzip: number;
  /** WebAssembly or native library bytes, gzipped (0 if none). */
  binaryBytesGzip: number;
  /** The weights file(s) as shipped. */
  weightBytes: number;
}

export interface Session {
  /** One inference on the input (NCHW, flat); resolves to a copy of the single output. */
  run(input: Float32Array): Promise<Float32Array>;
  /** Threads the engine computes with. */
  threads: number;
  close(): Promise<void>;
}

export interface Engine {
  name: EngineName;
  /** Whether `open` honors `job.threads` > 1 (`--threads N` adds a row for it beside the single-threaded one). */
  threaded?: boolean;
  /**
   * Its library keeps one thread count per process, so its threaded session (timed in a process of its
   * own, alone.ts) cannot be paired with a single-threaded session of the same engine.
   */
  threadsPerProcess?: boolean;
  prepare(job: Job): Promise<Shipped>;
  open(job: Job): Promise<Session>;
}
