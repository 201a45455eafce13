/** Removes dropout (the identity at inference) by rewiring its readers to its input. */
import type { Graph, Node } from '@stride/dsl';
import type { PassResult } from './graph.js';

export function dropIdentities(graph: Graph, weights: Map<string, Float32Array>): PassResult {
  const forward = new Map<string, string>();
  for (const node of graph.nodes) if (node.op === 'dropout') forward.set(node.id, forward.get(node.inputs[0]) ?? node.inputs[0]);
  const nodes = graph.nodes.filter((n) => !forward.has(n.id)).map((n) => ({ ...n, inputs: n.inputs.map((id) => forward.get(id) ?? id) }) as Node);
  const outputs = graph.outputs.map((o) => ({ ...o, node: forward.get(o.node) ?? o.node }));
  return { graph: { ...graph, nodes, outputs }, weights, changed: forward.size };
}
