/**
 * mean: `torch.mean(x, dim, keepdim)`: the average over any set of dimensions (negative ones count from
 * the end), each removed from the shape, or kept as a dimension of 1 with `keepDim`.
 */
import type { Dim, OpAttrs } from '../ir.js';
import type { IsInteger, Lt } from '../internal/index.js';
import { formatShape, formatValue, ShapeError, type FormatShape, type FormatValue } from '../errors.js';
import type { Shape } from '../shape.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import { normalizeDim, type NormalizeDim } from './tuple.js';
import type { Fail } from './window.js';

type BadDims<Value> = `mean: dims must be an integer or a non-empty list of them, got ${FormatValue<Value>}`;
/** dims as a tuple, 'wide' for a `number` or `number[]` (checked at run time), or the sentence. */
type DimsList<Value> =
  [Value] extends [number] ? (number extends Value ? 'wide' : IsInteger<Value> extends true ? [Value] : BadDims<Value>)
  : [Value] extends [readonly number[]]
    ? number extends Value['length'] ? 'wide'
      : Value extends readonly [] ? BadDims<Value>
      : AllIntegers<Value> extends true ? Value : BadDims<Value>
    : BadDims<Value>;
type AllIntegers<Values extends readonly number[]> =
  Values extends readonly [infer Head extends number, ...infer Rest extends readonly number[]] ? (IsInteger<Head> extends true ? AllIntegers<Rest> : false) : true;

/** The axes the dims name, each in range and named once, or the failure. */
type MeanAxes<S extends Shape, List extends readonly number[], Seen extends number = never> =
  List extends readonly [infer Given extends number, ...infer Rest extends readonly number[]]
    ? NormalizeDim<Given, S['length']> extends infer Axis extends number
      ? [Lt<Axis, 0>] extends [true] ? OutOfRange<S, Given>
        : [Lt<Axis, S['length']>] extends [false] ? OutOfRange<S, Given>
        : [Axis] extends [Seen] ? Fail<'', `mean: dim ${Axis} appears more than once in dims`>
        : MeanAxes<S, Rest, Seen | Axis>
      : never
    : Seen;
type OutOfRange<S extends Shape, Given extends number> = Fail<'', `mean: dim ${Given} is out of range for rank ${S['length']} ${FormatShape<S>}`>;

/** The shape without the reduced axes, or with 1 in their place. */
type Reduced<S extends Shape, Axes extends number, KeepDim, Index extends 0[] = [], Acc extends Dim[] = []> =
  S extends readonly [infer Head extends Dim, ...infer Rest extends Shape]
    ? Reduced<Rest, Axes, KeepDim, [...Index, 0], Index['length'] extends Axes ? (KeepDim extends true ? [...Acc, 1] : Acc) : [...Acc, Head]>
    : Acc;

/** A mean over every dimension without keepDim would be a scalar, which the IR has no shape for. */
type NotScalar<S extends Shape, Out extends Dim[]> = Out extends [] ? Fail<'', `mean: reducing every dimension of ${FormatShape<S>} needs keepDim: true (a tensor has at least one dimension)`> : Out;
/**
 * The output shape, or the failure: the dims' own check, then their fit to the input. A wide dims or
 * keepDim (`number`, `boolean`) leaves the rank unknown (`Dim[]`), checked at run time.
 * @example MeanRule<[2, 3, 4, 5], [2, 3], false> //=> [2, 3]
 * @example MeanRule<[2, 3, 4, 5], -1, true>      //=> [2, 3, 4, 1]
 */
export type MeanRule<S extends Shape, Dims, KeepDim> =
  DimsList<Dims> extends infer List
    ? List extends `${string}` ? (List extends 'wide' ? Dim[] : Fail<'', List>)
      : List extends readonly number[]
        ? MeanAxes<S, List> extends infer Axes
          // Not distributive: the axes are one union of indices.
          ? [Axes] extends [Fail<string, string>] ? Axes : boolean extends KeepDim ? Dim[] : NotScalar<S, Reduced<S, Axes & number, KeepDim>>
          : never
        : never
    : never;
/** What `dims` is intersected with: its own check for any input (also inside generic blocks), then the fit, distributive over S. */
export type MeanErrors<S extends Shape, Dims, KeepDim> = ErrorTable<MessageOf<MeanRule<S, Dims, KeepDim>>>[MeanVerdict<S, Dims, KeepDim>];
type MeanVerdict<S extends Shape, Dims, KeepDim, Whole = Dims> =
  Dims extends unknown
    ? DimsList<Whole> extends `${string}` ? (DimsList<Whole> extends 'wide' ? 'ok' : '')
      : (S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<MeanRule<S, Whole, KeepDim>>) : never)
    : never;
/** The output shape of mean for the editor. */
export type MeanShape<S extends Shape, Dims, KeepDim> = S extends unknown ? (UnknownRank<S> extends true ? Dim[] : MeanOutput<S, Dims, KeepDim>) : never;
type MeanOutput<S extends Shape, Dims, KeepDim> =
  [S, Dims, KeepDim] extends [infer Input extends Shape, infer Given, infer Keep] ? RuleOutput<MeanRule<Input, Given, Keep>> : never;

/** Runtime twin of `MeanRule`. */
export function meanRule(input: readonly Dim[], dims: unknown, keepDim: unknown = false): { attrs: OpAttrs['mean']; shape: Dim[] } {
  const list = typeof dims === 'number' ? [dims] : dims;
  if (!Array.isArray(list) || list.length === 0 || !list.every((d) => typeof d === 'number' && Number.isInteger(d))) {
    throw new ShapeError(`mean: dims must be an integer or a non-empty list of them, got ${formatValue(dims)}`);
  }
  if (typeof keepDim !== 'boolean') throw new ShapeError(`mean: keepDim must be true or false, got ${formatValue(keepDim)}`);
  const axes = new Set<number>();
  for (const given of list as number[]) {
    const axis = normalizeDim(given, input.length);
    if (axis < 0 || axis >= input.length) throw new ShapeError(`mean: dim ${given} is out of range for rank ${input.length} ${formatShape(input)}`);
    if (axes.has(axis)) throw new ShapeError(`mean: dim ${axis} appears more than once in dims`);
    axes.add(axis);
  }
  const shape = input.flatMap((d, i) => (axes.has(i) ? (keepDim ? [1] : []) : [d]));
  if (shape.length === 0) throw new ShapeError(`mean: reducing every dimension of ${formatShape(input)} needs keepDim: true (a tensor has at least one dimension)`);
  return { attrs: { dims: [...axes].sort((a, b) => a - b), keepDim }, shape };
}
