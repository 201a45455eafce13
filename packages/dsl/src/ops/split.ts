/**
 * split and chunk: PyTorch's `torch.split(x, sizes, dim)` and `torch.chunk(x, chunks, dim)`, as a
 * tuple of tensors. Not ops of their own: each piece is a `slice` node (the IR has no op with several
 * outputs, docs/ir.md). `dim` defaults to 1, the channels, as `concat`'s does, so `concat(x.chunk(2))`
 * is `x`. `split(size)` gives pieces of `size` and a smaller last one; `split([a, b, …])` pieces of
 * those sizes, which must add up to the dimension; `chunk(n)` is `split(⌈size / n⌉)`, so it may give
 * fewer than n pieces, as PyTorch's does.
 */
import type { Dim } from '../ir.js';
import type { CeilDiv, IsPositiveInteger, Lt, Lte, Sub } from '../internal/index.js';
import { formatShape, formatValue, ShapeError, type FormatShape, type FormatValue } from '../errors.js';
import type { Shape } from '../shape.js';
import type { ErrorTable, MessageOf, UnknownRank, VerdictOf } from './rule.js';
import { normalizeDim, type NormalizeDim, type Sum } from './tuple.js';
import type { Fail } from './window.js';

type Replaced<S extends Shape, Axis extends number, Size> = { -readonly [Index in keyof S]: Index extends `${Axis}` ? Size : S[Index] };
/** Sizes of `size` until what is left fits in one, that last. */
type Pieces<Size extends number, Left extends number, Acc extends number[] = []> =
  [Lte<Left, Size>] extends [true] ? [...Acc, Left]
  : [Lte<Left, Size>] extends [false] ? Pieces<Size, Sub<Left, Size>, [...Acc, Size]>
  : number[]; // a size not known as a literal (or none): the count is not known
type AllPositive<Values extends readonly number[]> =
  Values extends readonly [infer Head extends number, ...infer Rest extends readonly number[]] ? (IsPositiveInteger<Head> extends false ? false : AllPositive<Rest>) : true;

/**
 * The pieces' sizes along the axis, or the failure; `number[]` where the type is too wide to tell.
 * `Op` names the sentence: `chunk`'s count becomes a size first (`ChunkRule`).
 */
type PieceSizes<Op extends string, S extends Shape, SplitSize, DimArg extends number, Axis extends number> =
  [Lt<Axis, 0>] extends [false] ? ([Lt<Axis, S['length']>] extends [true] ? PiecesAt<Op, S, SplitSize, Axis> : OutOfRange<Op, S, DimArg>) : OutOfRange<Op, S, DimArg>;
type PiecesAt<Op extends string, S extends Shape, SplitSize, Axis extends number> =
  S[Axis] extends infer Size
    ? Size extends string ? Fail<'', `${Op}: cannot compute with symbolic dimension '${Size}' (dim ${Axis})`>
    : number extends Size ? number[]
    : [SplitSize] extends [number]
      ? number extends SplitSize ? number[] : Pieces<SplitSize, Size & number>
      : [SplitSize] extends [readonly number[]]
        ? number extends SplitSize['length'] ? number[]
        : Sum<SplitSize> extends Size ? [...SplitSize]
        : Fail<'', `split: sizes ${FormatShape<SplitSize>} add up to ${Sum<SplitSize>}, not the size ${Size & number} of dim ${Axis}`>
      : never
    : never;
type OutOfRange<Op extends string, S extends Shape, DimArg extends number> = Fail<'', `${Op}: dim ${DimArg} is out of range for rank ${S['length']} ${FormatShape<S>}`>;
type BadSizes<Value> = `split: sizes must be a positive integer or a list of them, got ${FormatValue<Value>}`;
type SizesCheck<Value> =
  [Value] extends [number] ? (IsPositiveInteger<Value> extends false ? BadSizes<Value> : 'ok')
  : [Value] extends [readonly number[]] ? (number extends Value['length'] ? 'ok' : Value extends readonly [] ? BadSizes<Value> : AllPositive<Value> extends true ? 'ok' : BadSizes<Value>)
  : BadSizes<Value>;

/** The shapes of split's pieces, or the failure. @example SplitRule<[1, 6, 4, 4], 4, 1> //=> [[1, 4, 4, 4], [1, 2, 4, 4]] */
export type SplitRule<S extends Shape, SplitSize, DimArg extends number> =
  SizesCheck<SplitSize> extends `${string}: ${string}` ? Fail<'', SizesCheck<SplitSize>>
  : number extends DimArg ? Dim[][]
  : PieceSizes<'split', S, SplitSize, DimArg, NormalizeDim<DimArg, S['length']>> extends infer Sizes
    ? Sizes extends Fail<string, string> ? Sizes : Sizes extends readonly number[] ? ShapesOf<S, NormalizeDim<DimArg, S['length']>, Sizes> : never
    : never;
type ShapesOf<S extends Shape, Axis extends number, Sizes extends readonly number[]> =
  number extends Sizes['length'] ? Replaced<S, Axis, number>[] : { -readonly [Index in keyof Sizes]: Replaced<S, Axis, Sizes[Index]> };

type ChunkCheck<Value> = IsPositiveInteger<Value & number> extends false ? `chunk: chunks must be a positive integer, got ${FormatValue<Value>}` : 'ok';
/** The shapes of chunk's pieces, or the failure. @example ChunkRule<[1, 7, 4, 4], 3, 1> //=> [[1, 3, 4, 4], [1, 3, 4, 4], [1, 1, 4, 4]] */
export type ChunkRule<S extends Shape, Chunks, DimArg extends number> =
  [Chunks] extends [number] ? ChunkOf<S, Chunks, DimArg> : Fail<'', `chunk: chunks must be a positive integer, got ${FormatValue<Chunks>}`>;
type ChunkOf<S extends Shape, Chunks extends number, DimArg extends number> =
  ChunkCheck<Chunks> extends `${string}: ${string}` ? Fail<'', ChunkCheck<Chunks>>
  : number extends DimArg | Chunks ? Dim[][]
  : NormalizeDim<DimArg, S['length']> extends infer Axis extends number
    ? S[Axis] extends infer Size extends number
      ? PieceSizes<'chunk', S, number extends Size ? number : CeilDiv<Size, Chunks>, DimArg, Axis> extends infer Sizes
        ? Sizes extends Fail<string, string> ? Sizes : Sizes extends readonly number[] ? ShapesOf<S, Axis, Sizes> : never
        : never
      : PieceSizes<'chunk', S, 1, DimArg, Axis>
    : never;

export type SplitErrors<S extends Shape, SplitSize, DimArg extends number> =
  ErrorTable<MessageOf<SplitRule<S, SplitSize, DimArg>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<SplitRule<S, SplitSize, DimArg>>) : never];
export type ChunkErrors<S extends Shape, Chunks, DimArg extends number> =
  ErrorTable<MessageOf<ChunkRule<S, Chunks, DimArg>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<ChunkRule<S, Chunks, DimArg>>) : never];

/** Runtime twin of `SplitRule` and `ChunkRule`: each piece as the `start`, `end` of a slice along `dim` (normalized). */
export function splitRule(op: 'split' | 'chunk', input: readonly Dim[], sizes: unknown, dim: number): { dim: number; pieces: [number, number][] } {
  const positive = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;
  if (op === 'chunk' && !positive(sizes)) throw new ShapeError(`chunk: chunks must be a positive integer, got ${formatValue(sizes)}`);
  if (op === 'split' && !(positive(sizes) || (Array.isArray(sizes) && sizes.length > 0 && sizes.every(positive)))) {
    throw new ShapeError(`split: sizes must be a positive integer or a list of them, got ${formatValue(sizes)}`);
  }
  const axis = normalizeDim(dim, input.length);
  if (!Number.isInteger(axis) || axis < 0 || axis >= input.length) throw new ShapeError(`${op}: dim ${formatValue(dim)} is out of range for rank ${input.length} ${formatShape(input)}`);
  const size = input[axis];
  if (typeof size === 'string') throw new ShapeError(`${op}: cannot compute with symbolic dimension '${size}' (dim ${axis})`);
  let lengths: number[];
  if (Array.isArray(sizes)) {
    const total = (sizes as number[]).reduce((a, b) => a + b, 0);
    if (total !== size) throw new ShapeError(`split: sizes ${formatValue(sizes)} add up to ${total}, not the size ${size} of dim ${axis}`);
    lengths = sizes as number[];
  } else {
    const piece = op === 'chunk' ? Math.ceil(size / (sizes as number)) : (sizes as number);
    lengths = Array.from({ length: Math.ceil(size / piece) }, (_, i) => Math.min(piece, size - i * piece));
  }
  let start = 0;
  return { dim: axis, pieces: lengths.map((length) => [start, (start += length)] as [number, number]) };
}
