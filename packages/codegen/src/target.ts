/**
 * The seam between the shared compiler and a target (`emit/js/`, `emit/wasm/`).
 *
 * What a target gets: the lowered program (steps over values, weight references and their data,
 * after passes and fusion; `plan/program.ts`), then the memory plan of its own choices.
 * What a target provides, in two calls:
 * 1. `plan` — its kernel choice and cost model: one `KernelChoice` per step (the variant, the
 *    temporaries it needs, whether the step is a view or may run in place), and how many bytes each
 *    value's storage takes in its layout. The shared memory plan (`plan/memory.ts`) then places
 *    values and temporaries in byte-addressed, aligned pools and `checkProgram` verifies the result.
 * 2. `emit` — weight packing (what ships, and how it becomes what the kernels read at load), the
 *    kernels module's source, and the bundle entry that ties that module to its executor.
 * Nothing in `plan/` knows a target's tuning; nothing in a target re-derives fusion or lifetimes.
 */
import type { MemoryPlan } from './plan/memory.js';
import type { LoweredProgram, Value } from './plan/program.js';

export type TargetName = 'js' | 'wasm';

/** Scratch a kernel needs while its step runs, in one of the target's pools. */
export interface Temporary {
  bytes: number;
  pool: string;
  /**
   * Live from this many steps before its own as well (default 0: its step only) — for a temporary a
   * thread of the step before already writes (the wasm target's Winograd V, `channelsIn`).
   */
  earlier?: number;
}

export interface KernelChoice {
  /** The kernel variant, for the report and the benchmarks (`conv2d/winograd-rows`). */
  kernel: string;
  /** Temporaries by slot, live during this step only (or from `earlier` steps before). */
  temporaries: Record<string, Temporary>;
  /** The output is the input under a new shape: no code runs and it shares the input's storage. */
  view?: boolean;
  /**
   * With `view`: the output is part of the input (the wasm target's channel slice: lanes of every
   * pixel), so no step may run in place over it — its output would take the input's storage in
   * another layout.
   */
  partial?: boolean;
  /**
   * With `view`: the value whose storage the output is part of, where that is not the step's
   * `input` (the wasm target's concat of a run of a later concat's placed inputs: DenseNet's).
   */
  of?: Value;
  /** Element-wise: the output may take the storage of this read slot when that read dies here. */
  inPlace?: string;
  /**
   * Read slots stored within this step's output: their producers write straight into the output's
   * storage (the wasm target's concat as placement: each input at its own channels), so they share
   * that storage from the first of them on, and the step itself handles only its other reads. The
   * target places them inside; the memory plan only keeps the storage alive for all of them.
   */
  within?: string[];
}

export interface Pool {
  /** Every offset in the pool is a multiple of this many bytes (16 at least, a SIMD vector). */
  align: number;
}

export interface TargetPlan<Choice extends KernelChoice = KernelChoice> {
  /** One choice per step, in step order. */
  kernels: Choice[];
  /** The target's memory pools: one linear memory, or an arena beside a scratch of another type. */
  pools: Record<string, Pool>;
  /** The pool values live in. */
  valuePool: string;
  /** Bytes a value's storage takes in this target's layout (padding and channel blocking included). */
  valueBytes(value: Value): number;
  /** Storages the target keeps for the whole run, by name (say, inputs and outputs in the caller's layout). */
  buffers?: Record<string, Temporary>;
}

/** A tensor the bundle exchanges with its caller, and where the module keeps it. */
export interface TensorSpec {
  name: string;
  shape: number[];
  /** Elements into the arena the executor copies the tensor in or out of. */
  offset: number;
}

/** What a target hands the bundler and the report. */
export interface TargetArtifact {
  target: TargetName;
  /** The kernels module as the compiler wrote it: an ES module with no imports, readable. */
  source: string;
  /** The names the kernels module exports, which the entry imports. */
  kernelsExports: string[];
  /** Code a readable build writes beside the bundle, as the compiler wrote it (the wasm module as WAT). */
  text?: string;
  /** The weights the bundle ships, in the order the module's `prepare` reads them. */
  storedWeights: Float32Array;
  /** Bytes the weights take after load, as the kernels hold them. */
  runtimeWeightBytes: number;
  /** Bytes of the arena and any scratch one network instance allocates. */
  memoryBytes: number;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /** The bundle entry module's source: imports the executor (`executor`) and `stride:kernels`. */
  entry(weights: { inline: string } | { sidecar: true }, spec: Record<string, unknown>): string;
  /** The runtime module the entry imports, as a package specifier. */
  executor: string;
}

export interface Target<Choice extends KernelChoice = KernelChoice> {
  readonly name: TargetName;
  plan(lowered: LoweredProgram): TargetPlan<Choice>;
  emit(lowered: LoweredProgram, plan: TargetPlan<Choice>, memory: MemoryPlan): TargetArtifact;
}
