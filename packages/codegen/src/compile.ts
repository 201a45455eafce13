/**
 * `compileGraph`: IR + bound weights → a specialized JavaScript program.
 *
 * Pipeline: passes (plan-independent IR rewrites, validated after each) → lowering with fusion →
 * static memory plan → weight packing and emission by the JavaScript target. A second target (say
 * WebAssembly SIMD) would reuse everything up to the memory plan and add its own emitter.
 */
import type { Graph } from '@stride/dsl';
import { emitJavaScript, packWeights } from './emit/js/module.js';
import { runPasses } from './passes/pipeline.js';
import { lower } from './plan/lower.js';
import { planMemory } from './plan/memory.js';
import { sizeOf, type Program } from './plan/program.js';

export interface CompileOptions {
  /** The size bound to symbolic dimensions (`'batch'`): generated code bakes every size in. @default 1 */
  batch?: number;
}

export interface LayerReport {
  /** The IR layers fused into this kernel. */
  layers: string[];
  kernel: string;
  shape: number[];
  macs: number;
}

export interface CompiledProgram {
  /**
   * ES module source, no imports, a function per distinct fused layer: `export function prepare(s)`
   * (stored weights → runtime weights `{ w, u }`, once at load), `export function scratch()` (one
   * instance's float64 scratch) and `export function forward(a, w, d, u)` (the arena, the runtime
   * weights, the scratch).
   */
  source: string;
  /** The arena's size in floats (one ArrayBuffer for every intermediate value). */
  arenaFloats: number;
  /** The float64 scratch's size in doubles (Winograd-rows transforms; 0 for most networks). */
  scratchDoubles: number;
  /** Stored weights after batch-norm folding: what a bundle ships, the input of the module's `prepare`. */
  weights: Float32Array;
  inputs: { name: string; shape: number[]; offset: number }[];
  outputs: { name: string; shape: number[]; offset: number }[];
  report: { layers: LayerReport[]; arenaBytes: number; weightBytes: number; runtimeWeightBytes: number; macs: number; passes: { pass: string; changed: number }[] };
  /** The planned program, for tests and other targets. */
  program: Program;
}

export function compileGraph(graph: Graph, params: Map<string, Float32Array>, options: CompileOptions = {}): CompiledProgram {
  const batch = options.batch ?? 1;
  if (!Number.isInteger(batch) || batch < 1) throw new Error(`codegen: batch must be a positive integer, got ${batch}`);
  const { graph: optimized, weights, log } = runPasses(graph, params);
  const { program: lowered, params: raw } = lower(optimized, weights, batch);
  const { arenaFloats, scratchDoubles } = planMemory(lowered);
  const packed = packWeights(lowered.steps, raw);
  const program: Program = {
    ...lowered, weights: packed.weights, weightRefs: packed.refs, runtimeWeightFloats: packed.runtimeWeightFloats,
    runtimeWeightDoubles: packed.runtimeWeightDoubles, weightSegments: packed.segments, arenaFloats, scratchDoubles,
  };
  checkProgram(program);
  const source = emitJavaScript(program);
  const layers = program.steps.map((s) => ({ layers: s.layers, kernel: s.kernel, shape: s.output.shape, macs: s.macs }));
  return {
    source, arenaFloats, scratchDoubles, weights: packed.weights,
    inputs: program.inputs.map((i) => ({ name: i.name, shape: i.value.shape, offset: i.value.offset })),
    outputs: program.outputs.map((o) => ({ name: o.name, shape: o.value.shape, offset: o.value.offset })),
    report: { layers, arenaBytes: arenaFloats * 4 + scratchDoubles * 8, weightBytes: packed.weights.byteLength, runtimeWeightBytes: packed.runtimeWeightFloats * 4 + packed.runtimeWeightDoubles * 8, macs: layers.reduce((a, l) => a + l.macs, 0), passes: log },
    program,
  };
}

/** Invariants of a planned program: spans inside the arena, weights inside the weight array. */
export function checkProgram(program: Program): void {
  for (const value of program.values) {
    const pool = value.dtype === 'f64' ? { size: program.scratchDoubles, name: 'double scratch' } : { size: program.arenaFloats, name: 'float arena' };
    if (value.offset < 0 || value.offset + sizeOf(value.shape) > pool.size) {
      throw new Error(`codegen: value ${value.id} ${JSON.stringify(value.shape)} at ${value.offset} lies outside the ${pool.size}-element ${pool.name}`);
    }
  }
  for (const ref of program.weightRefs) {
    const size = ref.dtype === 'f64' ? program.runtimeWeightDoubles : program.runtimeWeightFloats;
    if (ref.offset < 0 || ref.offset + ref.length > size) throw new Error(`codegen: weight ${ref.name} lies outside the runtime weights`);
  }
}
