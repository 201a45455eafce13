import type { Dim } from './ir.js';

/** A tensor shape: NCHW for images, batch first. A string entry is a size known only at run time. */
export type Shape = readonly Dim[];

/** A number or a `[height, width]` pair, as every spatial option accepts. */
export type PairOption = number | readonly [number, number];

/**
 * The `[height, width]` pair of an option (a number means both), `[Default, Default]` if absent, or
 * `[number, number]` for a value typed too widely to tell (`number[]`).
 */
export type PairOf<Value, Default extends number> =
  Value extends readonly [infer Height extends number, infer Width extends number]
    ? [Height, Width]
    : Value extends number ? [Value, Value] : Value extends undefined ? [Default, Default] : [number, number];

/** Runtime twin of `PairOf`. */
export function pairOf(value: PairOption | undefined, fallback: number): [number, number] {
  if (value === undefined) return [fallback, fallback];
  if (typeof value === 'number') return [value, value];
  return [value[0], value[1]];
}

/** Removes `readonly` from a tuple so shapes read as plain tuples of literals. */
export type Mutable<Tuple extends readonly unknown[]> = { -readonly [Index in keyof Tuple]: Tuple[Index] };

export function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}
export function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** An option's literal type, or `undefined` when the call left it out (indexing would give `unknown`). */
export type OptionOf<Options, Key extends string> = Key extends keyof Options ? Options[Key] : undefined;
