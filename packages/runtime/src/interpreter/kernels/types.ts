import type { NodeOf, OpName } from '@stride/dsl';

/**
 * A reference kernel: reads its inputs (flat, row-major, with concrete shapes) and the node's bound
 * parameters, returns a fresh output of `outShape`. Plain loops that say what the op means; float64
 * accumulation, float32 results.
 */
export type Kernel<Op extends OpName> = (args: {
  node: NodeOf<Op>;
  inputs: Float32Array[];
  inShapes: number[][];
  outShape: number[];
  params: Record<string, Float32Array>;
}) => Float32Array;

