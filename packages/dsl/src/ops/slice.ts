/**
 * slice: Python's and PyTorch's `x[..., start:end:step]` on one dimension `dim` (a U-Net crop is
 * `x.slice({ dim: 2, start: 4, end: -4 })`). Negative `dim`, `start` and `end` count from the end;
 * `start` and `end` are clamped to the dimension as Python clamps them; `step` ≥ 1. A slice that
 * selects nothing is refused (Stride has no empty tensors). `split` and `chunk` are slices (see tensor.ts).
 */
import type { Dim, OpAttrs } from '../ir.js';
import type { Add, CeilDiv, Lt, Lte, Max, Min, Sub } from '../internal/index.js';
import { formatShape, ShapeError, type FormatShape } from '../errors.js';
import type { Shape } from '../shape.js';
import { checkOptions, defineOptions, type OptionsFail, type SpecType } from './options.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import { normalizeDim, type NormalizeDim } from './tuple.js';
import type { Fail } from './window.js';

export interface SliceOptions {
  /** The dimension sliced; negative counts from the end. */
  dim: number;
  /** The first index; negative counts from the end. @default 0 */
  start?: number;
  /** One past the last index; negative counts from the end. @default the dimension's size */
  end?: number;
  /** @default 1 */
  step?: number;
}

/** slice's options in the order messages list them and each value's kind (see options.ts). */
export const sliceOptions = defineOptions<SliceOptions>()('slice', ['dim', 'start', 'end', 'step'], { dim: 'integer', start: 'integer', end: 'integer', step: 'positive integer' }, ['dim']);
/** The type of `sliceOptions`, by a name signatures can print. */
export interface SliceOptionKinds extends SpecType<typeof sliceOptions> {}

type OptionNumber<Options, Key extends string, Default extends number> = Options extends { [K in Key]: infer Value extends number } ? Value : Default;
/** An index clamped into 0…Size as Python clamps slice bounds (negative first counts from the end). */
type Clamp<Index extends number, Size extends number> =
  `${Index}` extends `-${string}e+${string}` ? 0 // beyond the arithmetic's range (|n| ≥ 1e21): far outside any dimension
  : `${Index}` extends `${string}e+${string}` ? Size
  : `${Index}` extends `-${string}` ? Max<Add<Index, Size>, 0> : Min<Index, Size>;

/** The options' own checks, then dim in range, a known size, a non-empty selection. */
export type SliceRule<S extends Shape, Options> =
  OptionsFail<SliceOptionKinds, Options> extends infer Failed extends Fail<string, string> ? Failed
  : OptionNumber<Options, 'dim', number> extends infer Given extends number
    ? number extends Given ? Dim[]
    : NormalizeDim<Given, S['length']> extends infer Axis extends number
      // In range only where provably so: a dim past the arithmetic's range (1e21) is out of it, as at run time.
      ? [Lt<Axis, 0>] extends [false] ? ([Lt<Axis, S['length']>] extends [true] ? SliceAt<S, Options, Axis> : OutOfRange<S, Given>) : OutOfRange<S, Given>
      : never
    : never;
type SliceAt<S extends Shape, Options, Axis extends number> =
  S[Axis] extends infer Size
    ? Size extends string ? Fail<'', `slice: cannot compute with symbolic dimension '${Size}' (dim ${Axis})`>
    : SliceLength<Size & number, OptionNumber<Options, 'start', 0>, OptionNumber<Options, 'end', Size & number>, OptionNumber<Options, 'step', 1>, Axis> extends infer Length
      ? Length extends Fail<string, string> ? Length : { -readonly [Index in keyof S]: Index extends `${Axis}` ? Length : S[Index] }
      : never
    : never;
type OutOfRange<S extends Shape, Given extends number> = Fail<'', `slice: dim ${Given} is out of range for rank ${S['length']} ${FormatShape<S>}`>;
type SliceLength<Size extends number, Start extends number, End extends number, Step extends number, Axis extends number> =
  number extends Size | Start | End | Step ? number
  : [Clamp<Start, Size>, Clamp<End, Size>] extends [infer First extends number, infer Stop extends number]
    ? [Lte<Stop, First>] extends [true] ? Fail<'', `slice: start ${Start} and end ${End} select nothing from dim ${Axis} of size ${Size}`>
      : CeilDiv<Sub<Stop, First>, Step>
    : never;

/** What slice's options are intersected with: the fit, distributive over S ('ok' for an unknown rank). */
export type SliceErrors<S extends Shape, Options> =
  ErrorTable<MessageOf<SliceRule<S, Options>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<SliceRule<S, Options>>) : never];
/** The output shape of slice for the editor. */
export type SliceShape<S extends Shape, Options> = S extends unknown ? (UnknownRank<S> extends true ? S : SliceOutput<S, Options>) : never;
type SliceOutput<S extends Shape, Options> = [S, Options] extends [infer Input extends Shape, infer Given] ? RuleOutput<SliceRule<Input, Given>> : never;

/** Python's clamp of a slice bound into 0…size. Runtime twin of `Clamp`. */
function clamp(index: number, size: number): number {
  return index < 0 ? Math.max(index + size, 0) : Math.min(index, size);
}

/** Runtime twin of `SliceRule`. */
export function sliceRule(input: readonly Dim[], options: SliceOptions): { attrs: OpAttrs['slice']; shape: Dim[] } {
  checkOptions(sliceOptions, options);
  const axis = normalizeDim(options.dim, input.length);
  if (axis < 0 || axis >= input.length) throw new ShapeError(`slice: dim ${options.dim} is out of range for rank ${input.length} ${formatShape(input)}`);
  const size = input[axis];
  if (typeof size === 'string') throw new ShapeError(`slice: cannot compute with symbolic dimension '${size}' (dim ${axis})`);
  const start = options.start ?? 0;
  const end = options.end ?? size;
  const step = options.step ?? 1;
  const first = clamp(start, size);
  const stop = clamp(end, size);
  if (stop <= first) throw new ShapeError(`slice: start ${start} and end ${end} select nothing from dim ${axis} of size ${size}`);
  const shape = [...input];
  shape[axis] = Math.ceil((stop - first) / step);
  return { attrs: { dim: axis, start: first, end: stop, step }, shape };
}
