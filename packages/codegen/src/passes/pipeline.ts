/**
 * The IR-to-IR passes in order, the graph validated after each so a pass that breaks an invariant
 * fails where it did. Fusion happens later, when the graph is lowered to kernels (plan/lower.ts).
 */
import { validateGraph, type Graph } from '@stride/dsl';
import { dropIdentities } from './dropIdentities.js';
import { foldBatchNorm } from './foldBatchNorm.js';
import type { PassResult } from './graph.js';

export const passes = [
  { name: 'dropIdentities', run: dropIdentities },
  { name: 'foldBatchNorm', run: foldBatchNorm },
] as const;

export function runPasses(graph: Graph, weights: Map<string, Float32Array>): PassResult & { log: { pass: string; changed: number }[] } {
  let current: PassResult = { graph: structuredClone(graph), weights: new Map(weights), changed: 0 };
  const log: { pass: string; changed: number }[] = [];
  for (const pass of passes) {
    current = pass.run(current.graph, current.weights);
    try {
      validateGraph(current.graph);
    } catch (error) {
      throw new Error(`codegen: pass ${pass.name} produced an invalid graph: ${(error as Error).message}`, { cause: error });
    }
    log.push({ pass: pass.name, changed: current.changed });
  }
  return { ...current, log };
}
