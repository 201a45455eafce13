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
import { concatInputs, readersOf } from '../../plan/operands.js';
import type { WasmKernel } from './kernel.js';
import { view4 } from './layout.js';
import { readsSlices } from './views.js';

/** Where a placed value lies: channels [first, first + its channels) of `whole`. */
export interface Placement {
  whole: Value;
  first: number;
}

type ConcatStep = Extract<Program['steps'][number], { kind: 'concat' }>;

/** A concat's inputs with their slots and first channels in its output. */
function channelsOf(step: ConcatStep): Array<{ slot: string; value: Value; first: number }> {
  let first = 0;
  return concatInputs(step).map((value, i) => {
    const entry = { slot: `in${i}`, value, first };
    first += view4(value.shape).channels;
    return entry;
  });
}

/**
 * How many steps after its producer a concat may place a value that other steps read too (see
 * above): DenseNet-style nested concats come 3 after theirs.
 */
export const nearSteps = 8;

/**
 * The choices with each concat's placed inputs (`within`), and the concats that are runs of a later
 * one's placed inputs made views of its channels (`of`). Later concats choose first, so a value read
 * by several concats goes into the last: torchvision's DenseNet concatenates every earlier feature
 * of its block afresh in each layer, and with each feature placed in the block's last concat, every
 * layer's concat is a prefix of it — a view — and nothing is copied.
 */
export function placeConcats(program: Program, choices: WasmKernel[]): WasmKernel[] {
  const readers = readersOf(program.steps);
  const outside = new Set([...program.inputs, ...program.outputs].map((t) => t.value.id));
  const producer = new Map<number, number>();
  program.steps.forEach((step, index) => producer.set(step.output.id, index));
  const channelConcat = (step: Program['steps'][number]): step is ConcatStep => step.kind === 'concat' && step.output.shape.length === 4 && step.attrs.dim === 1;
  const result = [...choices];
  const placed = new Set<number>();
  for (let index = program.steps.length - 1; index >= 0; index--) {
    const step = program.steps[index];
    if (!channelConcat(step) || result[index].view) continue;
    const inputs = channelsOf(step);
    const last = step.attrs.count - 1;
    // Earlier concats whose inputs are a run of this one's from a vector on, ending on one or at its
    // end, that no graph output is and whose readers all take a channel slice: views if all is placed.
    const runs = new Map<number, number>();
    program.steps.forEach((earlier, at) => {
      if (at >= index || !channelConcat(earlier) || outside.has(earlier.output.id) || result[at].view) return;
      if (!(readers.get(earlier.output.id) ?? []).every((reader) => readsSlices(program.steps[reader], result[reader]))) return;
      const values = concatInputs(earlier);
      const j = inputs.findIndex(({ value }) => value.id === values[0].id);
      if (j < 0 || j + values.length > inputs.length || !values.every((value, k) => inputs[j + k].value.id === value.id)) return;
      if (inputs[j].first % 4 === 0 && (view4(earlier.output.shape).channels % 4 === 0 || j + values.length - 1 === last)) runs.set(at, inputs[j].first);
    });
    const within = inputs.filter(({ value, first }, i) => {
      const at = producer.get(value.id);
      const ends = view4(value.shape).channels % 4 === 0 || i === last;
      if (first % 4 !== 0 || !ends || outside.has(value.id) || at === undefined || result[at].view || placed.has(value.id)) return false;
      const others = readers.get(value.id)!.filter((reader) => reader !== index);
      if (readers.get(value.id)!.length - others.length !== 1) return false;
      // Readers that are runs of this concat become views; the others read a slice before it, near
      // enough (or the runs keep this storage alive from here anyway).
      const near = index - at <= nearSteps || others.some((reader) => runs.has(reader));
      return others.every((reader) => runs.has(reader) || (reader < index && near && readsSlices(program.steps[reader], result[reader])));
    });
    for (const { value } of within) placed.add(value.id);
    if (within.length === 0) continue;
    result[index] = { ...result[index], kernel: within.length === step.attrs.count ? 'concat/placement' : 'concat/placement+copy', within: within.map(({ slot }) => slot) };
    const inside = new Set(within.map(({ value }) => value.id));
    for (const [at, first] of runs) {
      if (concatInputs(program.steps[at] as ConcatStep).every((value) => inside.has(value.id))) {
        result[at] = { kernel: 'concat/view', temporaries: {}, view: true, partial: true, of: step.output, slice: { first } };
      }
    }
  }
  return result;
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
