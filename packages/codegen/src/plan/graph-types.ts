/** The IR types the planner reads, and binding a graph's symbolic dims to the build's batch size. */
export { macsOf, type Graph, type Node, type NodeOf, type Dim } from '@stride/dsl';
import type { Dim } from '@stride/dsl';

/**
 * Generated code bakes every size in, so a symbolic dimension (`'batch'`) is fixed at build time
 * (`stride build --batch N`, default 1).
 */
export function resolveShapeForBatch(shape: readonly Dim[], batch: number): number[] {
  return shape.map((d) => (typeof d === 'number' ? d : batch));
}
