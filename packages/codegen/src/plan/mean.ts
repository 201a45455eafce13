/**
 * The shape of a mean's work, shared by the targets: the input's axes merged into runs of adjacent
 * axes that are all reduced or all kept (axes of size 1 dropped), so a mean over H and W of NCHW is one
 * kept run N·C and one reduced run H·W, and any mean reads as loops over kept runs around loops over
 * reduced ones. Row-major order of the kept runs is the output's order, with or without keepDim.
 */
import { elementCount } from '@stride/dsl';
import type { StepOf } from './program.js';

export interface MeanRun {
  size: number;
  reduced: boolean;
  /** Elements between consecutive indices of this run in the input. */
  stride: number;
}

export function meanRuns(step: StepOf<'mean'>): MeanRun[] {
  const shape = step.reads.input.shape;
  const runs: { size: number; reduced: boolean }[] = [];
  shape.forEach((size, axis) => {
    if (size === 1) return;
    const reduced = step.attrs.dims.includes(axis);
    const last = runs[runs.length - 1];
    if (last && last.reduced === reduced) last.size *= size;
    else runs.push({ size, reduced });
  });
  let stride = 1;
  const strides = runs.map(() => 0);
  for (let i = runs.length - 1; i >= 0; i--) {
    strides[i] = stride;
    stride *= runs[i].size;
  }
  return runs.map((run, i) => ({ ...run, stride: strides[i] }));
}

/** How many input elements each output element averages. */
export function meanCount(step: StepOf<'mean'>): number {
  return elementCount(step.reads.input.shape) / elementCount(step.output.shape);
}
