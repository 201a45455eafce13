/** Small tuple helpers for shape rules: ranks are small, so these recurse over the tuple itself. */
import type { Add, Mul, Sub } from '../internal/index.js';

/** A negative dimension index counts from the end, as in PyTorch. */
export type NormalizeDim<Dim extends number, Rank extends number> =
  `${Dim}` extends `-${infer Magnitude extends number}` ? Sub<Rank, Magnitude> : Dim;

/** Runtime twin of `NormalizeDim`. */
export function normalizeDim(dim: number, rank: number): number {
  return dim < 0 ? dim + rank : dim;
}

export type Take<Tuple extends readonly unknown[], Count extends number, Acc extends unknown[] = []> =
  Acc['length'] extends Count ? Acc : Tuple extends readonly [infer Head, ...infer Rest] ? Take<Rest, Count, [...Acc, Head]> : Acc;

export type Drop<Tuple extends readonly unknown[], Count extends number, Seen extends unknown[] = []> =
  Seen['length'] extends Count ? Tuple : Tuple extends readonly [unknown, ...infer Rest] ? Drop<Rest, Count, [...Seen, 0]> : [];

/** Product of the numeric entries, `[product, first string entry or never]`. */
export type NumericProduct<Tuple extends readonly unknown[], Acc extends number = 1, Symbolic = never> =
  Tuple extends readonly [infer Head, ...infer Rest]
    ? Head extends string ? NumericProduct<Rest, Acc, [Symbolic] extends [never] ? Head : Symbolic>
      : Head extends number ? NumericProduct<Rest, Mul<Acc, Head>, Symbolic> : NumericProduct<Rest, number, Symbolic>
    : [Acc, Symbolic];

/** The string entries of a tuple, in order. */
export type SymbolsOf<Tuple extends readonly unknown[], Acc extends string[] = []> =
  Tuple extends readonly [infer Head, ...infer Rest] ? SymbolsOf<Rest, Head extends string ? [...Acc, Head] : Acc> : Acc;

export type Sum<Tuple extends readonly number[], Acc extends number = 0> =
  Tuple extends readonly [infer Head extends number, ...infer Rest extends number[]] ? Sum<Rest, Add<Acc, Head>> : Acc;
