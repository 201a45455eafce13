/** concat: PyTorch's `torch.cat(tensors, dim)`; all dims but `dim` must match. */
import type { Dim, OpAttrs } from '../ir.js';
import type { Add, Lt } from '../internal/index.js';
import { formatShape, formatValue, ShapeError, type FormatShape } from '../errors.js';
import type { Shape } from '../shape.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import { normalizeDim, type NormalizeDim } from './tuple.js';
import type { Fail } from './window.js';

/**
 * Two shapes joined along Axis, or the failure. A `number` dim beside a literal takes the literal (the
 * run-time check holds them equal); a non-literal Axis could be any dim, so numeric dims become `number`.
 */
type ConcatPair<Op extends string, Left extends Shape, Right extends Shape, Axis extends number, Index extends 0[] = [], Acc extends Dim[] = []> =
  Left extends readonly [infer L extends Dim, ...infer LeftRest extends Dim[]]
    ? Right extends readonly [infer R extends Dim, ...infer RightRest extends Dim[]]
      ? number extends Axis ? ConcatPair<Op, LeftRest, RightRest, Axis, [...Index, 0], [...Acc, L extends string ? L : R extends string ? R : number]>
      : Index['length'] extends Axis
        ? L extends number ? R extends number ? ConcatPair<Op, LeftRest, RightRest, Axis, [...Index, 0], [...Acc, Add<L, R>]>
          : Fail<'', `concat: cannot compute with symbolic dimension '${R & string}' on dim ${Axis}`>
          : Fail<'', `concat: cannot compute with symbolic dimension '${L & string}' on dim ${Axis}`>
        : [L, R] extends [R, L] ? ConcatPair<Op, LeftRest, RightRest, Axis, [...Index, 0], [...Acc, L]>
        : number extends L ? ConcatPair<Op, LeftRest, RightRest, Axis, [...Index, 0], [...Acc, R]>
        : number extends R ? ConcatPair<Op, LeftRest, RightRest, Axis, [...Index, 0], [...Acc, L]>
        : Fail<'', `concat: shapes differ at dimension ${Index['length']} (${FormatValue<L>} vs ${FormatValue<R>}), outside the concat dim ${Axis}`>
      : Fail<'', `concat: tensors must have the same rank`>
    : Right extends readonly [] ? Acc : Fail<'', `concat: tensors must have the same rank`>;
type FormatValue<Value> = Value extends string ? `'${Value}'` : `${Value & number}`;

export type ConcatRule<Shapes extends readonly Shape[], ConcatDim extends number> =
  Shapes extends readonly [infer First extends Shape, ...infer Rest extends Shape[]]
    ? NormalizeDim<ConcatDim, First['length']> extends infer Axis extends number
      ? [Lt<Axis, 0>] extends [true] ? OutOfRange<First, ConcatDim>
        : [Lt<Axis, First['length']>] extends [false] ? OutOfRange<First, ConcatDim>
        : ConcatAll<Rest, Axis, First>
      : never
    : Fail<'', 'concat: expects at least one tensor'>;
type OutOfRange<S extends Shape, ConcatDim extends number> = Fail<'', `concat: dim ${ConcatDim} is out of range for rank ${S['length']} ${FormatShape<S>}`>;
type ConcatAll<Rest extends readonly Shape[], Axis extends number, Acc> =
  Acc extends Fail<string, string> ? Acc
  : Rest extends readonly [infer Next extends Shape, ...infer Others extends Shape[]]
    ? Acc extends Shape
      // Ranks first, as the twin checks them first.
      ? Acc['length'] extends Next['length'] ? ConcatAll<Others, Axis, ConcatPair<'concat', Acc, Next, Axis>> : Fail<'', 'concat: tensors must have the same rank'>
      : never
    : Acc;

type ShapesOf<Tensors extends readonly unknown[]> = { [Index in keyof Tensors]: Tensors[Index] extends { readonly shape: infer S extends Shape } ? S : Dim[] };

export type ConcatErrors<Tensors extends readonly unknown[], ConcatDim extends number> =
  ErrorTable<MessageOf<ConcatRule<ShapesOf<Tensors>, ConcatDim>>>[ConcatVerdict<Tensors, ConcatDim>];
/**
 * 'ok' when some tensor's rank is unknown, else the rule's verdict. Distributive over each tensor's
 * shape in turn, not over the tuple: inside a generic block the shapes are deferred types
 * (`Conv2dShape<S, …>`), and each step's constraint — the step instantiated with `Shape` — is 'ok', so
 * the block type-checks as written (rule.ts); `apply` checks it with the real shapes.
 */
type ConcatVerdict<Tensors extends readonly unknown[], ConcatDim extends number> =
  Tensors extends unknown ? ShapesVerdict<ShapesOf<Tensors>, ShapesOf<Tensors>, ConcatDim> : never;
type ShapesVerdict<All extends readonly Shape[], Remaining extends readonly unknown[], ConcatDim extends number> =
  Remaining extends readonly [infer First extends Shape, ...infer Rest]
    ? First extends unknown ? (UnknownRank<First> extends true ? 'ok' : ShapesVerdict<All, Rest, ConcatDim>) : never
    : Remaining extends readonly [] ? VerdictOf<ConcatRule<All, ConcatDim>>
    : 'ok';
/** The output shape: the rule's, a `FailedShape` that remembers its sentence (so `apply` names it for a block), or `Dim[]`. */
export type ConcatShape<Tensors extends readonly unknown[], ConcatDim extends number> =
  ConcatRule<ShapesOf<Tensors>, ConcatDim> extends infer Out ? RuleOutput<Out> : never;

/** Runtime twin of `ConcatRule`. */
export function concatRule(shapes: readonly (readonly Dim[])[], dim = 1): { attrs: OpAttrs['concat']; shape: Dim[] } {
  if (shapes.length === 0) throw new ShapeError('concat: expects at least one tensor');
  const first = shapes[0];
  const axis = normalizeDim(dim, first.length);
  if (!Number.isInteger(axis) || axis < 0 || axis >= first.length) {
    throw new ShapeError(`concat: dim ${formatValue(dim)} is out of range for rank ${first.length} ${formatShape(first)}`);
  }
  const out = [...first];
  for (const shape of shapes.slice(1)) {
    if (shape.length !== first.length) throw new ShapeError('concat: tensors must have the same rank');
    for (let i = 0; i < shape.length; i++) {
      if (i === axis) {
        const [l, r] = [out[i], shape[i]];
        if (typeof l === 'string' || typeof r === 'string') {
          throw new ShapeError(`concat: cannot compute with symbolic dimension '${typeof l === 'string' ? l : r}' on dim ${axis}`);
        }
        out[i] = l + r;
      } else if (shape[i] !== out[i]) {
        const text = (d: Dim) => (typeof d === 'string' ? `'${d}'` : String(d));
        throw new ShapeError(`concat: shapes differ at dimension ${i} (${text(out[i])} vs ${text(shape[i])}), outside the concat dim ${axis}`);
      }
    }
  }
  return { attrs: { dim: axis }, shape: out };
}
