/**
 * Concat as placement: a channel concat whose input is written by its producer straight into the
 * input's channels of the concat's output (a channel slice, kernels/buffer.ts `channelSlice`), so
 * nothing copies it — the Fire modules of SqueezeNet, an Inception block, a U-Net's decoder input.
 *
 * An input is placed when
 * - the concat runs along the channels of the 4-D view (NHWC: a slice is lanes of every pixel);
 * - it starts on a vector (c0 mod 4 = 0) and, unless it is the concat's last input, ends on one (a
 *   producer writes the padding lanes of its last vector, which would be the next input's channels);
 * - the concat is its only reader, and reads it once: no other consumer sees a slice, which a few
 *   kernels refuse (conv2d's `taps: 'rows'`), and nothing else keeps it alive;
 * - it is neither a graph input nor a graph output, and its producer is a kernel of its own: not a
 *   view of another value, not another concat (whose inputs may be slices of it already).
 * The others are copied into their place by the concat step (kernels/copy.ts), which then runs only
 * for them. Every wasm kernel touches only its slice's lanes in each pixel of its output (docs/wasm.md,
 * "Channel slices"), so the placed producers and the copies never write each other's channels.
 */
import type { Program, Value } from '../../plan/program.js';
import { concatInputs, readsOf } from '../../plan/operands.js';
import type { WasmKernel } from './kernel.js';
import { view4 } from './layout.js';

/** Where a placed value lies: channels [first, first + its channels) of `whole`. */
export interface Placement {
  whole: Value;
  first: number;
}

/** A concat's inputs with their slots and first channels in its output. */
function channelsOf(step: Extract<Program['steps'][number], { kind: 'concat' }>): Array<{ slot: string; value: Value; first: number }> {
  let first = 0;
  return concatInputs(step).map((value, i) => {
    const entry = { slot: `in${i}`, value, first };
    first += view4(value.shape).channels;
    return entry;
  });
}

/** The choices with each concat's placed inputs (`within`). */
export function placeConcats(program: Program, choices: WasmKernel[]): WasmKernel[] {
  const reads = new Map<number, number>();
  for (const step of program.steps) for (const [, value] of readsOf(step)) reads.set(value.id, (reads.get(value.id) ?? 0) + 1);
  const outside = new Set([...program.inputs, ...program.outputs].map((t) => t.value.id));
  const producer = new Map<number, number>();
  program.steps.forEach((step, index) => producer.set(step.output.id, index));
  return program.steps.map((step, index) => {
    const choice = choices[index];
    if (step.kind !== 'concat' || step.output.shape.length !== 4 || step.attrs.dim !== 1) return choice;
    const last = step.attrs.count - 1;
    const within = channelsOf(step).filter(({ value, first }, i) => {
      const at = producer.get(value.id);
      const ends = view4(value.shape).channels % 4 === 0 || i === last;
      return first % 4 === 0 && ends && reads.get(value.id) === 1 && !outside.has(value.id) && at !== undefined
        && !choices[at].view && program.steps[at].kind !== 'concat';
    }).map(({ slot }) => slot);
    if (within.length === 0) return choice;
    return { ...choice, kernel: within.length === step.attrs.count ? 'concat/placement' : 'concat/placement+copy', within };
  });
}

/** Where each value a concat places lies in its output, read off the choices' `within`. */
export function placements(program: Program, choices: WasmKernel[]): Map<number, Placement> {
  const placed = new Map<number, Placement>();
  program.steps.forEach((step, index) => {
    if (step.kind !== 'concat' || !choices[index].within) return;
    const within = new Set(choices[index].within);
    for (const { slot, value, first } of channelsOf(step)) if (within.has(slot)) placed.set(value.id, { whole: step.output, first });
  });
  return placed;
}
