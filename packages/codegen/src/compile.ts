/**
 * `compileGraph`: IR + bound weights → a target's kernels module, the shared pipeline around the
 * target seam (`target.ts`):
 *
 *   passes (IR → IR, validated after each) → lowering with fusion (target-independent program)
 *   → target.plan (kernel choice, layouts) → memory plan (byte offsets in the target's pools)
 *   → checkProgram → target.emit (weight packing, kernels module, bundle entry).
 */
import type { Graph } from '@stride/dsl';
import { jsTarget } from './emit/js/target.js';
import { wasmTarget } from './emit/wasm/target.js';
import { runPasses } from './passes/pipeline.js';
import { checkProgram } from './plan/check.js';
import { lower } from './plan/lower.js';
import { planMemory, type MemoryPlan } from './plan/memory.js';
import type { Program } from './plan/program.js';
import type { KernelChoice, Target, TargetArtifact, TargetName, TensorSpec } from './target.js';

/** The targets `compileGraph` and `stride build --target` know, by name. */
export const targets: Record<TargetName, Target> = { js: jsTarget as Target, wasm: wasmTarget as Target };

export interface CompileOptions {
  /** The size bound to symbolic dimensions (`'batch'`): generated code bakes every size in. @default 1 */
  batch?: number;
  /** What to compile for: WebAssembly SIMD, or plain JavaScript for engines and policies without wasm. @default 'wasm' */
  target?: TargetName | Target;
}

export interface LayerReport {
  /** The IR layers fused into this kernel. */
  layers: string[];
  kernel: string;
  shape: number[];
  macs: number;
}

export interface CompileReport {
  layers: LayerReport[];
  /** Bytes one network instance allocates: the arena and any scratch. */
  arenaBytes: number;
  /** Bytes of stored weights (float32), what a bundle ships before any float16 conversion. */
  weightBytes: number;
  /** Bytes the weights take after load, as the kernels hold them. */
  runtimeWeightBytes: number;
  macs: number;
  passes: { pass: string; changed: number }[];
}

export interface CompiledProgram {
  target: TargetName;
  /** The target-independent program the target compiled. */
  program: Program;
  /** The target's kernel choice for each step. */
  kernels: KernelChoice[];
  memory: MemoryPlan;
  /** What the bundler needs: the kernels module, the stored weights, the entry. */
  artifact: TargetArtifact;
  /** The kernels module's source, as the compiler wrote it (`artifact.source`). */
  source: string;
  /** The stored weights after batch-norm folding, packed for the target (`artifact.storedWeights`). */
  weights: Float32Array;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  report: CompileReport;
}

export function resolveTarget(target: TargetName | Target | undefined): Target {
  if (target === undefined) return wasmTarget as Target;
  if (typeof target === 'object') return target;
  const found = Object.hasOwn(targets, target) ? targets[target] : undefined;
  if (!found) throw new Error(`codegen: unknown target ${JSON.stringify(target)}; the targets are ${Object.keys(targets).map((t) => `'${t}'`).join(', ')}`);
  return found;
}

export function compileGraph(graph: Graph, params: Map<string, Float32Array>, options: CompileOptions = {}): CompiledProgram {
  const batch = options.batch ?? 1;
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`codegen: batch must be a positive integer, got ${batch}`);
  const target = resolveTarget(options.target);
  const { graph: optimized, weights, log } = runPasses(graph, params);
  const lowered = lower(optimized, weights, batch);
  const plan = target.plan(lowered);
  const memory = planMemory(lowered.program, plan);
  checkProgram(lowered.program, plan, memory);
  const artifact = target.emit(lowered, plan, memory);
  const { program } = lowered;
  const layers = program.steps.map((step, i) => ({ layers: step.layers, kernel: plan.kernels[i].kernel, shape: step.output.shape, macs: step.macs }));
  return {
    target: target.name, program, kernels: plan.kernels, memory, artifact, source: artifact.source, weights: artifact.storedWeights,
    inputs: artifact.inputs, outputs: artifact.outputs,
    report: {
      layers, arenaBytes: artifact.memoryBytes, weightBytes: artifact.storedWeights.byteLength, runtimeWeightBytes: artifact.runtimeWeightBytes,
      macs: layers.reduce((a, l) => a + l.macs, 0), passes: log,
    },
  };
}
