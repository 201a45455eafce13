/**
 * A channel slice as a view: `x.slice({ dim: 1, … })`, and each piece of `chunk` and `split` along
 * the channels (ShuffleNet's halves, a CSP block's), is channels [first, first + k) of its input's
 * pixels — a channel slice of its buffer (kernels/buffer.ts `channelSlice`), as a placed concat
 * input is of its output (placement.ts). Its readers then read the input's storage in place, and the
 * gather that copied it runs no code.
 *
 * A slice is a view when
 * - it takes channels of the 4-D value with step 1, every other dimension whole;
 * - it starts on a vector (first mod 4 = 0) and ends on one, or at the input's last channel: its
 *   last vector's other lanes are then the input's padding lanes, finite and multiplied only by zero
 *   weights, never another tensor's channels (0 · NaN is NaN);
 * - it is no graph output, and no reader of it is a view itself (a reshape's buffer is its root's
 *   whole layout, not a slice of it) or refuses a channel slice (conv2d walking window rows, `taps:
 *   'rows'`: a window row of a slice interleaves other channels).
 * No step runs in place over such a view (`partial`, plan/memory.ts): its output would take the
 * input's storage in another layout.
 */
import type { Program, Step } from '../../plan/program.js';
import { readersOf } from '../../plan/operands.js';
import { stridesOf } from '../../plan/gather.js';
import type { WasmKernel } from './kernel.js';
import { rowTaps } from './registry.js';

/** The first channel of a gather that is a channel slice at vector boundaries (see above), or undefined. */
export function channelSliceStart(step: Step): number | undefined {
  if (step.kind !== 'gather' || step.reads.input.shape.length !== 4 || step.output.shape.length !== 4) return undefined;
  const [n, c, h, w] = step.reads.input.shape;
  const [on, k, oh, ow] = step.output.shape;
  const { axes } = step.attrs;
  const strides = stridesOf([n, c, h, w]);
  const first = axes[1][0] / strides[1];
  const whole = (d: number, size: number) => axes[d].length === size && axes[d].every((entry, i) => entry === i * strides[d]);
  if (on !== n || oh !== h || ow !== w || !whole(0, n) || !whole(2, h) || !whole(3, w)) return undefined;
  if (!Number.isInteger(first) || !axes[1].every((entry, i) => entry === (first + i) * strides[1])) return undefined;
  if (first % 4 !== 0 || (k % 4 !== 0 && first + k !== c)) return undefined;
  return first;
}

/** Whether a step may read a channel slice (its reads are slot-blind here: conv2d's `taps: 'rows'` reads its input so). */
export function readsSlices(step: Step, choice: WasmKernel): boolean {
  return !choice.view && !(step.kind === 'conv2d' && choice.conv?.family === 'direct' && rowTaps(step));
}

/** The choices with each channel slice that can be a view made one (`view`, `partial`, `slice`). */
export function channelSliceViews(program: Program, choices: WasmKernel[]): WasmKernel[] {
  const outputs = new Set(program.outputs.map((o) => o.value.id));
  const readers = readersOf(program.steps);
  return choices.map((choice, index) => {
    const step = program.steps[index];
    const first = channelSliceStart(step);
    if (first === undefined || outputs.has(step.output.id)) return choice;
    if (!(readers.get(step.output.id) ?? []).every((at) => readsSlices(program.steps[at], choices[at]))) return choice;
    return { kernel: 'slice/view', temporaries: {}, view: true, partial: true, slice: { first } };
  });
}
