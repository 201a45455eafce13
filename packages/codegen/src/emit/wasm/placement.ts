/**
 * Concat as placement: a channel concat whose input is written by its producer straight into the
 * input's channels of the concat's output (a channel slice, kernels/buffer.ts `channelSlice`), so
 * nothing copies it — the Fire modules of SqueezeNet, an Inception block, a U-Net's decoder input.
 *
 * An input is placed when
 * - the concat runs along the channels of the 4-D view (NHWC: a slice is lanes of every pixel);
 * - it starts on a vector (c0 mod 4 = 0) and, unless it is the concat's last input, ends on one (a
 *   producer writes the padding lanes of its last vector, which would be the next input's channels);
 * - the concat reads it once, and is its only reader — or its other readers all run before the
 *   concat, take a channel slice (not conv2d's `taps: 'rows'`, not a view: views.ts `readsSlices`),
 *   and the concat comes at most `nearSteps` steps after its producer (DenseNet's layers: each
 *   concat's output is read by the next layer's batch norm and then placed into the next concat,
 *   so a dense block is one storage of its final width and nothing is copied; the limit keeps a
 *   U-Net's skip connection, read far later by its decoder's concat, from holding the decoder's
 *   whole width alive through the middle of the network);
 * - it is neither a graph input nor a graph output, its producer is not a view of another value,
 *   and no earlier concat placed it. A concat's output may be placed into a later concat: its own
 *   placed inputs are then channel slices of that one's output too.
 * The others are copied into their place by the concat step (kernels/copy.ts), which then runs only
 * for them. Every wasm kernel touches only its slice's lanes in each pixel of its output (docs/wasm.md,
 * "Channel slices"), so the placed producers and the copies never write each other's channels.
 */
import type { Program, Value } from '../../plan/program.js';
import { concatInputs, readsOf } from '../../plan/operands.js';
import type { WasmKernel } from './kernel.js';
import { view4 } from './layout.js';
import { readsSlices } from './views.js';

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

/**
 * How many steps after its producer a concat may place a value that other steps read too (see
 * above): DenseNet-121's concats come 3 after theirs.
 */
export const nearSteps = 8;

/** The choices with each concat's placed inputs (`within`). */
export function placeConcats(program: Program, choices: WasmKernel[]): WasmKernel[] {
  const readers = new Map<number, number[]>();
  program.steps.forEach((step, index) => {
    for (const [, value] of readsOf(step)) readers.set(value.id, [...(readers.get(value.id) ?? []), index]);
  });
  const outside = new Set([...program.inputs, ...program.outputs].map((t) => t.value.id));
  const producer = new Map<number, number>();
  program.steps.forEach((step, index) => producer.set(step.output.id, index));
  const placed = new Set<number>();
  return program.steps.map((step, index) => {
    const choice = choices[index];
    if (step.kind !== 'concat' || step.output.shape.length !== 4 || step.attrs.dim !== 1) return choice;
    const last = step.attrs.count - 1;
    const within = channelsOf(step).filter(({ value, first }, i) => {
      const at = producer.get(value.id);
      const ends = view4(value.shape).channels % 4 === 0 || i === last;
      if (first % 4 !== 0 || !ends || outside.has(value.id) || at === undefined || choices[at].view || placed.has(value.id)) return false;
      const others = readers.get(value.id)!.filter((reader) => reader !== index);
      if (readers.get(value.id)!.length - others.length !== 1) return false;
      return others.length === 0 || (index - at <= nearSteps && others.every((reader) => reader < index && readsSlices(program.steps[reader], choices[reader])));
    });
    for (const { value } of within) placed.add(value.id);
    if (within.length === 0) return choice;
    return { ...choice, kernel: within.length === step.attrs.count ? 'concat/placement' : 'concat/placement+copy', within: within.map(({ slot }) => slot) };
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
