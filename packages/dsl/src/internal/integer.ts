/**
 * Reading number literal types into signed magnitudes and writing results back, plus the integer
 * predicates. This is where every operand is classified, so the degradation rule lives in one place:
 * only a single integer literal in plain decimal is computed with; anything else makes the result wide.
 */
import type { Magnitude, Reverse } from './digits.js';

/** A parsed integer literal: `[negative, magnitude]`; zero is always `[false, '']`. */
export type Signed = [negative: boolean, magnitude: Magnitude];

/**
 * How an operand is computed with: a `Signed` integer, `'wide'` (the type `number`, a union, `never`),
 * `'fraction'` (a literal that is not an integer, e.g. `2.5`, `1e-7`), or `'huge'` / `'huge-negative'`
 * (an integer that JavaScript prints in exponent form, magnitude 1e21 and above: beyond the supported
 * range, so never computed with, but still an integer for the predicates).
 */
export type Parse<Value extends number> =
  number extends Value ? 'wide'
  : [Value] extends [never] ? 'wide'
  : IsUnion<Value> extends false ? ParseText<`${Value}`>
  : 'wide';

type ParseText<Text extends string> =
  Text extends '0' ? [false, '']
  : Text extends `-${infer Digits extends `${bigint}`}` ? [true, Reverse<Digits>]
  : Text extends `${bigint}` ? [false, Reverse<Text>]
  : Text extends `-${string}e+${string}` ? 'huge-negative'
  : Text extends `${string}e+${string}` ? 'huge'
  : 'fraction';

/** True for a union of two or more members. */
type IsUnion<Value, Whole = Value> = Value extends unknown ? ([Whole] extends [Value] ? false : true) : never;

/**
 * The number literal of a signed magnitude, or `number` when its exact decimal text does not survive
 * a round trip through a double. TypeScript's `infer … extends number` only succeeds when it does, so
 * a result is never a different, rounded literal: it is exact for every safe integer (≤ 2^53 − 1), and
 * beyond that either the true digits (denoting the same double JavaScript computes) or `number`.
 */
export type Format<Negative extends boolean, Value extends Magnitude> =
  Value extends '' ? 0
  : ToNumber<Negative extends true ? `-${Reverse<Value>}` : Reverse<Value>>;

type ToNumber<Text extends string> = Text extends `${infer Value extends number}` ? Value : number;

/** Both operands parsed, or `'wide'` if either is not an integer literal. */
export type ParseBoth<Left extends number, Right extends number> =
  Parse<Left> extends infer ParsedLeft extends Signed
    ? Parse<Right> extends infer ParsedRight extends Signed ? [ParsedLeft, ParsedRight] : 'wide'
    : 'wide';

/** Flips a sign, keeping zero non-negative. */
export type Negate<Value extends Signed> = Value[1] extends '' ? Value : [Value[0] extends true ? false : true, Value[1]];

/**
 * Whether a number literal is an integer (of any sign); `boolean` for `number` and unions.
 * @example
 * IsInteger<-3>     //=> true
 * IsInteger<2.5>    //=> false
 * IsInteger<number> //=> boolean
 */
export type IsInteger<Value extends number> =
  Parse<Value> extends infer Parsed ? (Parsed extends 'wide' ? boolean : Parsed extends 'fraction' ? false : true) : never;

/**
 * Whether a number literal is an integer ≥ 1 — what kernel sizes, strides and channel counts must be.
 * @example
 * IsPositiveInteger<3>      //=> true
 * IsPositiveInteger<0>      //=> false
 * IsPositiveInteger<1.5>    //=> false
 * IsPositiveInteger<number> //=> boolean
 */
export type IsPositiveInteger<Value extends number> =
  Parse<Value> extends infer Parsed
    ? Parsed extends 'wide' ? boolean
      : Parsed extends 'huge' ? true
      : Parsed extends [false, ''] ? false
      : Parsed extends [false, Magnitude] ? true
      : false
    : never;

/**
 * Whether a number literal is an integer ≥ 0 — what paddings must be.
 * @example
 * IsNonNegativeInteger<0>  //=> true
 * IsNonNegativeInteger<-1> //=> false
 * IsNonNegativeInteger<number> //=> boolean
 */
export type IsNonNegativeInteger<Value extends number> =
  Parse<Value> extends infer Parsed
    ? Parsed extends 'wide' ? boolean
      : Parsed extends 'huge' ? true
      : Parsed extends [false, Magnitude] ? true
      : false
    : never;
