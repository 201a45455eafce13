/**
 * What every target's upsample kernel reads: the source taps of each output row and column, computed
 * at build time by the runtime's `upsampleTaps` (the interpreter's own arithmetic, so compiled and
 * interpreted networks pick the same pixels with the same weights), and whether the step is the plain
 * case — nearest by integer factors, out[y, x] = in[⌊y / sy⌋, ⌊x / sx⌋] — that needs no tables.
 */
import { upsampleTaps, type UpsampleTap } from '@stride/runtime';
import type { StepOf } from './program.js';

export function upsampleTapsOf(step: StepOf<'upsample'>): { rows: UpsampleTap[]; columns: UpsampleTap[] } {
  const [, , height, width] = step.reads.input.shape;
  const { mode, alignCorners, size, scaleFactor } = step.attrs;
  return {
    rows: upsampleTaps(mode, alignCorners, height, size[0], scaleFactor?.[0] ?? null),
    columns: upsampleTaps(mode, alignCorners, width, size[1], scaleFactor?.[1] ?? null),
  };
}

/** Nearest by integer factors whose taps are exactly ⌊dst / factor⌋ (PyTorch's float32 index agrees for every realistic size; checked, not assumed). */
export function integerNearest(step: StepOf<'upsample'>): [number, number] | undefined {
  if (step.attrs.mode !== 'nearest') return undefined;
  const [, , height, width] = step.reads.input.shape;
  const factors: [number, number] = [step.attrs.size[0] / height, step.attrs.size[1] / width];
  if (!factors.every((f) => Number.isInteger(f) && f >= 1)) return undefined;
  const { rows, columns } = upsampleTapsOf(step);
  const plain = (taps: UpsampleTap[], factor: number) => taps.every((tap, dst) => tap.i0 === Math.floor(dst / factor));
  return plain(rows, factors[0]) && plain(columns, factors[1]) ? factors : undefined;
}
