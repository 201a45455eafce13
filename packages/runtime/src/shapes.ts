/** Concrete shapes for a run: every symbolic dim replaced by the size the inputs bound it to. */
import type { Dim, Graph } from '@stride/dsl';
import { StrideError } from './errors.js';

export function resolveShape(shape: readonly Dim[], bindings: ReadonlyMap<string, number>): number[] {
  return shape.map((d) => {
    if (typeof d === 'number') return d;
    const size = bindings.get(d);
    if (size === undefined) throw new StrideError('graph', `symbolic dimension '${d}' is not bound by any input`);
    return size;
  });
}

/** Node id → concrete shape. */
export function resolveShapes(graph: Graph, bindings: ReadonlyMap<string, number>): Map<string, number[]> {
  return new Map(graph.nodes.map((node) => [node.id, resolveShape(node.shape, bindings)]));
}
