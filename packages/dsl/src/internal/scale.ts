/**
 * ⌊Size × Factor⌋ for a fractional Factor written in decimal: the output size PyTorch's
 * `F.interpolate(scale_factor=…)` computes, as `int(float64(in) · float64(scale))`.
 *
 * Why this is exact where it gives a literal. Write Factor = D / 10^k (D its digits, k its fractional
 * digits) and the exact product v = Size · D / 10^k = P / 10^k. JavaScript (and PyTorch) multiply the
 * doubles, so the computed product is v · (1 + ε) with |ε| ≤ 2^−52 (one rounding of Factor, one of the
 * product). When P < 10^15 that error is below 10^15 · 2^−52 / 10^k < 0.23 · 10^−k:
 * - v not an integer: its fractional part is at least 10^−k, so the computed product has the same floor;
 * - v an integer and Factor dyadic (D a multiple of 5^k: 0.5, 1.5, 2.25, 0.125): Factor and the product
 *   are doubles exactly, so the floor is v;
 * - v an integer and Factor not dyadic (0.3 · 10, 0.29 · 100): the double product may land just below v
 *   (0.29 · 100 is 28.999999999999996 in JavaScript and in PyTorch), which only the double arithmetic
 *   itself decides — so the result is `number`, and the size is computed when the network is built.
 * `number` too beyond P = 10^15, for more than 8 fractional digits, and wide or union operands. Factors
 * below 10^−6, which JavaScript writes with an exponent (`1e-7`), give 0 where the product is surely
 * below 0.1 (so a layer that would be empty is refused at compile time, as the builder refuses it), else
 * `number`.
 * @example
 * ScaledSize<7, 2>     //=> 14
 * ScaledSize<7, 0.5>   //=> 3
 * ScaledSize<5, 1.5>   //=> 7
 * ScaledSize<11, 0.3>  //=> 3
 * ScaledSize<10, 0.3>  //=> number
 * (⌊10 · 0.3⌋ is 3 in exact arithmetic, and in float64 only by how 0.3 rounds.)
 */
import type { Lt } from './compare.js';
import type { FloorDiv, Mod } from './divide.js';
import type { IsInteger } from './integer.js';
import type { Mul } from './mul.js';
import type { Sub } from './sub.js';

export type ScaledSize<Size extends number, Factor extends number> =
  number extends Factor ? number
  : IsInteger<Factor> extends true ? Mul<Size, Factor>
  : `${Factor}` extends `${infer Whole}.${infer Fraction}`
    ? AllDigits<`${Whole}${Fraction}`> extends true
      ? Digits<Fraction> extends infer Count extends keyof Pow10
        ? TrimLeadingZeros<`${Whole}${Fraction}`> extends `${infer Numerator extends number}` ? Decimal<Size, Numerator, Pow10[Count], Pow5[Count]> : number
        : number
      : number
    : `${Factor}` extends `${string}e-${infer Exponent extends number}` ? Tiny<Size, Exponent>
    : number;

/**
 * A factor JavaScript writes with an exponent, m·10^−E (1 ≤ m < 10, E ≥ 7): 0 for a Size of fewer than
 * E − 1 digits (the product is then below 0.1), else `number`.
 */
type Tiny<Size extends number, Exponent extends number> =
  number extends Size ? number : Lt<Digits<`${Size}`, [], 30>, Exponent> extends true ? (Lt<Digits<`${Size}`, [], 30>, Sub<Exponent, 1>> extends true ? 0 : number) : number;

type Decimal<Size extends number, Numerator extends number, Denominator extends number, Dyadic extends number> =
  Mul<Size, Numerator> extends infer Product extends number
    ? Lt<Product, 1000000000000000> extends true
      ? Mod<Product, Denominator> extends 0 ? (Mod<Numerator, Dyadic> extends 0 ? FloorDiv<Product, Denominator> : number) : FloorDiv<Product, Denominator>
      : number
    : never;

/** 10^k and 5^k for k fractional digits, 1 ≤ k ≤ 8. */
type Pow10 = { 1: 10; 2: 100; 3: 1000; 4: 10000; 5: 100000; 6: 1000000; 7: 10000000; 8: 100000000 };
type Pow5 = { 1: 5; 2: 25; 3: 125; 4: 625; 5: 3125; 6: 15625; 7: 78125; 8: 390625 };

type Digit = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9';
type AllDigits<Text extends string> = Text extends '' ? true : Text extends `${Digit}${infer Rest}` ? AllDigits<Rest> : false;
/** The number of characters, up to `Limit` (9 by default: more is not a key of `Pow10`). */
type Digits<Text extends string, Count extends 0[] = [], Limit extends number = 9> =
  Count['length'] extends Limit ? Limit : Text extends `${string}${infer Rest}` ? Digits<Rest, [...Count, 0], Limit> : Count['length'];
type TrimLeadingZeros<Text extends string> = Text extends `0${infer Rest}` ? (Rest extends '' ? '0' : TrimLeadingZeros<Rest>) : Text;
