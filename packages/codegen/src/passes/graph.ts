/** Helpers shared by the passes. A pass takes a graph and its weights and returns new ones. */
import type { Graph } from '@stride/dsl';

export interface PassResult {
  graph: Graph;
  weights: Map<string, Float32Array>;
  /** How many rewrites the pass made, for the build report. */
  changed: number;
}

/** Node id → ids of the nodes that read it (graph outputs count as readers named `output:<name>`). */
export function consumers(graph: Graph): Map<string, string[]> {
  const readers = new Map<string, string[]>(graph.nodes.map((n) => [n.id, []]));
  for (const node of graph.nodes) for (const input of node.inputs) readers.get(input)!.push(node.id);
  for (const output of graph.outputs) readers.get(output.node)?.push(`output:${output.name}`);
  return readers;
}
