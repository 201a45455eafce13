/**
 * Type-level integer arithmetic for shape rules: a small façade over digit lists (`./digits.ts`).
 *
 * Supported: non-negative safe integers written in plain decimal (up to 2^53 − 1; literals that
 * JavaScript prints in exponent form, from 1e21, are out of range) — enough for dimensions up to 10^7
 * and element counts far past 10^9. `Sub` may return a negative result. An operand that is the wide
 * type `number` (or a union, a negative or a fraction where not supported) makes the result `number`
 * (booleans: `boolean`), so code with dynamic dimensions degrades to run-time checks and never gets a
 * false error. Not exported from `@stride/dsl`.
 */
import type { AddDigits, CompareDigits, DivModDigits, Digits, FromDigits, MulDigits, SubDigits, ToDigits } from './digits';

/** True for a single non-negative integer literal type; false for `number`, unions, fractions. */
type IsNatural<Value extends number> = number extends Value
  ? false
  : IsUnion<Value> extends true ? false : `${Value}` extends `${bigint}` ? (`${Value}` extends `-${string}` ? false : true) : false;

type IsUnion<Value, Whole = Value> = Value extends unknown ? ([Whole] extends [Value] ? false : true) : never;

type ToNumber<Text extends string> = Text extends `${infer Value extends number}` ? Value : never;
type Of<Value extends number> = ToDigits<`${Value}`>;
type Both<Left extends number, Right extends number> = IsNatural<Left> extends true ? IsNatural<Right> : false;

/**
 * Left + Right.
 * @example Add<46080000, 20> //=> 46080020
 */
export type Add<Left extends number, Right extends number> =
  Both<Left, Right> extends true ? ToNumber<FromDigits<AddDigits<Of<Left>, Of<Right>>>> : number;

/**
 * Left − Right; negative when Right > Left.
 * @example Sub<3, 5> //=> -2
 */
export type Sub<Left extends number, Right extends number> =
  Both<Left, Right> extends true
    ? CompareDigits<Of<Left>, Of<Right>> extends -1
      ? ToNumber<`-${FromDigits<SubDigits<Of<Right>, Of<Left>>>}`>
      : ToNumber<FromDigits<SubDigits<Of<Left>, Of<Right>>>>
    : number;

/**
 * Left · Right.
 * @example Mul<512, 90000> //=> 46080000
 */
export type Mul<Left extends number, Right extends number> =
  Both<Left, Right> extends true ? ToNumber<FromDigits<MulDigits<Of<Left>, Of<Right>>>> : number;

/**
 * ⌊Left / Right⌋ for Right > 0; Left may be negative (rounds toward −∞, as Python's `//`).
 * @example FloorDiv<7, 2> //=> 3
 * @example FloorDiv<-1, 2> //=> -1
 */
export type FloorDiv<Left extends number, Right extends number> =
  `${Left}` extends `-${infer Magnitude extends number}`
    ? Both<Magnitude, Right> extends true
      ? Right extends 0 ? number : NegateCeil<Magnitude, Right>
      : number
    : Both<Left, Right> extends true
      ? Right extends 0 ? number : ToNumber<FromDigits<DivModDigits<Of<Left>, Of<Right>>[0]>>
      : number;

type NegateCeil<Magnitude extends number, Right extends number> =
  CeilDiv<Magnitude, Right> extends infer Ceil extends number ? (Ceil extends 0 ? 0 : ToNumber<`-${Ceil}`>) : never;

/**
 * ⌈Left / Right⌉ for Left ≥ 0, Right > 0.
 * @example CeilDiv<7, 2> //=> 4
 */
export type CeilDiv<Left extends number, Right extends number> =
  Both<Left, Right> extends true
    ? Right extends 0
      ? number
      : DivModDigits<Of<Left>, Of<Right>> extends [infer Quotient extends Digits, infer Remainder extends Digits]
        ? Remainder extends [] ? ToNumber<FromDigits<Quotient>> : ToNumber<FromDigits<AddDigits<Quotient, [1]>>>
        : never
    : number;

/**
 * Left mod Right for Left ≥ 0, Right > 0.
 * @example Mod<7, 2> //=> 1
 */
export type Mod<Left extends number, Right extends number> =
  Both<Left, Right> extends true
    ? Right extends 0 ? number : ToNumber<FromDigits<DivModDigits<Of<Left>, Of<Right>>[1]>>
    : number;

/**
 * -1, 0 or 1 as Left is less than, equal to or greater than Right (both ≥ 0).
 * @example Compare<28, 5> //=> 1
 */
export type Compare<Left extends number, Right extends number> =
  Both<Left, Right> extends true ? CompareDigits<Of<Left>, Of<Right>> : -1 | 0 | 1;

type Flag<Wide, Verdict> = Wide extends true ? Verdict : boolean;
/** @example Lt<3, 5> //=> true */
export type Lt<Left extends number, Right extends number> = Flag<Both<Left, Right>, Compare<Left, Right> extends -1 ? true : false>;
/** @example Lte<5, 5> //=> true */
export type Lte<Left extends number, Right extends number> = Flag<Both<Left, Right>, Compare<Left, Right> extends 1 ? false : true>;
/** @example Gt<5, 3> //=> true */
export type Gt<Left extends number, Right extends number> = Flag<Both<Left, Right>, Compare<Left, Right> extends 1 ? true : false>;
/** @example Gte<5, 5> //=> true */
export type Gte<Left extends number, Right extends number> = Flag<Both<Left, Right>, Compare<Left, Right> extends -1 ? false : true>;
/** @example Max<3, 5> //=> 5 */
export type Max<Left extends number, Right extends number> = Both<Left, Right> extends true ? (Compare<Left, Right> extends -1 ? Right : Left) : number;
/** @example Min<3, 5> //=> 3 */
export type Min<Left extends number, Right extends number> = Both<Left, Right> extends true ? (Compare<Left, Right> extends 1 ? Right : Left) : number;

/**
 * Whether a literal is an integer (any sign); `boolean` for `number`.
 * @example IsInteger<2.5> //=> false
 */
export type IsInteger<Value extends number> = number extends Value ? boolean : `${Value}` extends `${bigint}` ? true : false;
/** @example IsPositiveInteger<0> //=> false */
export type IsPositiveInteger<Value extends number> = number extends Value ? boolean : IsNatural<Value> extends true ? (Value extends 0 ? false : true) : false;
/** @example IsNonNegativeInteger<0> //=> true */
export type IsNonNegativeInteger<Value extends number> = number extends Value ? boolean : IsNatural<Value>;

/**
 * The product of a tuple of numbers; `number` if any is not a literal.
 * @example Product<[512, 300, 300]> //=> 46080000
 */
export type Product<Values extends readonly number[], Acc extends number = 1> =
  Values extends readonly [infer Head extends number, ...infer Rest extends readonly number[]]
    ? Product<Rest, Mul<Acc, Head>>
    : number extends Values['length'] ? number : Acc;
