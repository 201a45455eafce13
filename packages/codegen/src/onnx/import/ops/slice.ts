/**
 * Slice → slice, one per sliced axis: starts, ends, axes and steps (inputs from opset 10) must be
 * constant; negative indices count from the end and out-of-range ones are clamped, as ONNX and Python
 * do. Steps are ≥ 1 (the DSL's slice has no reversal); an axis kept whole writes no slice.
 */
import type { Node } from '@stride/dsl';
import { listOf } from '../constant.js';
import { Unsupported, type OpImporter } from '../context.js';
import { axisOf, nodeOf, type Entry } from './shared.js';

const clamp = (index: number, size: number) => (index < 0 ? Math.max(index + size, 0) : Math.min(index, size));

const run: OpImporter = (ctx) => {
  let x: Node = ctx.input(0);
  const starts = listOf(ctx.requireConstant(1, 'starts'));
  const ends = listOf(ctx.requireConstant(2, 'ends'));
  const axes = ctx.node.input[3] ? listOf(ctx.requireConstant(3, 'axes')) : starts.map((_, i) => i);
  const steps = ctx.node.input[4] ? listOf(ctx.requireConstant(4, 'steps')) : starts.map(() => 1);
  if (ends.length !== starts.length || axes.length !== starts.length || steps.length !== starts.length) throw new Unsupported('its starts, ends, axes and steps differ in length');
  for (const [i, raw] of axes.entries()) {
    const dim = axisOf(raw, x.shape.length);
    const step = steps[i];
    if (step < 1) throw new Unsupported(`step ${step} on axis ${raw} is not supported: slice takes steps of 1 or more (no reversal)`);
    const size = x.shape[dim];
    if (typeof size !== 'number') throw new Unsupported(`slices the symbolic dimension '${size}' (axis ${raw})`);
    const start = clamp(starts[i], size);
    const end = clamp(ends[i], size);
    if (end <= start) throw new Unsupported(`starts ${starts[i]} and ends ${ends[i]} select nothing from axis ${raw} of size ${size}`);
    if (start === 0 && end === size && step === 1) continue;
    x = nodeOf(ctx.emit('slice', [x], { dim, start, end, step }, ctx.plainName('slice')));
  }
  return { kind: 'node', node: x };
};

export const Slice: Entry = { attrs: [], run };
