/**
 * reshape: a view with a new shape of the same element count; at most one -1, inferred. Symbolic
 * dimensions must reappear unchanged and in order in the target; the numeric parts must match.
 */
import type { Dim, OpAttrs } from '../ir.js';
import type { FloorDiv, Mod } from '../internal/index.js';
import { formatShape, formatValue, ShapeError, type FormatShape } from '../errors.js';
import type { Mutable, Shape } from '../shape.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import type { NumericProduct, SymbolsOf } from './tuple.js';
import type { Fail } from './window.js';

type CountInferred<Target extends readonly unknown[], Count extends 0[] = []> =
  Target extends readonly [infer Head, ...infer Rest] ? CountInferred<Rest, Head extends -1 ? [...Count, 0] : Count> : Count['length'];
type WithoutInferred<Target extends readonly unknown[]> = { [Index in keyof Target]: Target[Index] extends -1 ? 1 : Target[Index] };
type ReplaceInferred<Target extends readonly unknown[], Value> = { -readonly [Index in keyof Target]: Target[Index] extends -1 ? Value : Target[Index] };

export type ReshapeRule<S extends Shape, Target extends readonly Dim[]> =
  [CountInferred<Target>] extends [0 | 1]
    ? SymbolsOf<S> extends SymbolsOf<Target>
      ? SymbolsOf<Target> extends SymbolsOf<S>
        ? NumericProduct<S>[0] extends infer Total extends number
          ? NumericProduct<WithoutInferred<Target>>[0] extends infer Known extends number
            // A `number` dimension on either side leaves the count unknown: -1 becomes `number`, checked at run time.
            ? [number] extends [Total] | [Known] ? ReplaceInferred<Target, number>
            : CountInferred<Target> extends 1
              ? Mod<Total, Known> extends 0 ? ReplaceInferred<Target, FloorDiv<Total, Known>>
                : Fail<'', `reshape: cannot infer -1 in ${FormatShape<Target>}: ${Total} elements are not divisible by ${Known}`>
              : Total extends Known ? Mutable<Target>
              : Fail<'', `reshape: cannot reshape ${FormatShape<S>} (${Total} elements) into ${FormatShape<Target>} (${Known} elements)`>
            : never
          : never
        : SymbolMismatch<S, Target>
      : SymbolMismatch<S, Target>
    : Fail<'', `reshape: at most one dimension may be -1, got ${FormatShape<Target>}`>;
type SymbolMismatch<S extends Shape, Target extends readonly Dim[]> =
  Fail<'', `reshape: symbolic dimensions must carry over unchanged, from ${FormatShape<S>} to ${FormatShape<Target>}`>;

export type ReshapeErrors<S extends Shape, Target extends readonly Dim[]> =
  ErrorTable<MessageOf<ReshapeRule<S, Target>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<ReshapeRule<S, Target>>) : never];
/** The output shape of reshape for the editor. */
export type ReshapeShape<S extends Shape, Target extends readonly Dim[]> = S extends unknown ? (UnknownRank<S> extends true ? S : ReshapeOutput<S, Target>) : never;
type ReshapeOutput<S extends Shape, Target extends readonly Dim[]> =
  [S, Target] extends [infer Input extends Shape, infer Given extends readonly Dim[]] ? RuleOutput<ReshapeRule<Input, Given>> : never;

/** Runtime twin of `ReshapeRule`. */
export function reshapeRule(input: readonly Dim[], target: readonly Dim[]): { attrs: OpAttrs['reshape']; shape: Dim[] } {
  if (!Array.isArray(target)) throw new ShapeError(`reshape: expects a shape array, got ${formatValue(target)}`);
  const inferred = target.filter((d) => d === -1).length;
  if (inferred > 1) throw new ShapeError(`reshape: at most one dimension may be -1, got ${formatShape(target)}`);
  for (const d of target) {
    if (typeof d === 'number' && d !== -1 && !(Number.isInteger(d) && d >= 0)) {
      throw new ShapeError(`reshape: dimensions must be non-negative integers or -1, got ${formatShape(target)}`);
    }
  }
  const symbols = (shape: readonly Dim[]) => shape.filter((d) => typeof d === 'string').join('\u0000');
  if (symbols(input) !== symbols(target)) {
    throw new ShapeError(`reshape: symbolic dimensions must carry over unchanged, from ${formatShape(input)} to ${formatShape(target)}`);
  }
  const product = (shape: readonly Dim[]) => shape.reduce<number>((acc, d) => (typeof d === 'number' && d !== -1 ? acc * d : acc), 1);
  const total = product(input);
  const known = product(target);
  let shape = [...target];
  if (inferred === 1) {
    if (known === 0 || total % known !== 0) {
      throw new ShapeError(`reshape: cannot infer -1 in ${formatShape(target)}: ${total} elements are not divisible by ${known}`);
    }
    shape = target.map((d) => (d === -1 ? total / known : d));
  } else if (total !== known) {
    throw new ShapeError(`reshape: cannot reshape ${formatShape(input)} (${total} elements) into ${formatShape(target)} (${known} elements)`);
  }
  return { attrs: { shape }, shape };
}
