import type { AddDigits, CompareDigits, Digit, Magnitude, Reverse, SubDigits, Trim } from './digits.js';
import type { Format, IsInteger, ParseBoth, Signed } from './integer.js';

/**
 * ⌊Left / Right⌋, rounding toward −∞ as Python's `//` (so `FloorDiv<-1, 2>` is `-1`, not `0`), for
 * integer literals of any sign; `number` if either operand is `number`, a union or not an integer, or
 * if Right is 0. Shape rules use it for output sizes: floor((in + 2·pad − window) / stride) + 1.
 * @example
 * FloorDiv<7, 2>          //=> 3
 * FloorDiv<-1, 2>         //=> -1
 * FloorDiv<-4, 2>         //=> -2
 * FloorDiv<46080000, 300> //=> 153600
 * FloorDiv<number, 2>     //=> number
 */
export type FloorDiv<Left extends number, Right extends number> =
  [Right, 1] extends [1, Right] ? (IsInteger<Left> extends true ? Left : number) // Right is exactly 1: stride 1, the common case
  : Divide<Left, Right> extends [infer SameSign extends boolean, infer Quotient extends Magnitude, infer Remainder extends Magnitude]
    ? SameSign extends true ? Format<false, Quotient>
      : Remainder extends '' ? Format<true, Quotient> : Format<true, AddDigits<Quotient, '1'>>
    : number;

/**
 * ⌈Left / Right⌉ for integer literals of any sign; `number` if either operand is `number`, a union or
 * not an integer, or if Right is 0. Shape rules use it for ceilMode pooling and `'same'` padding.
 * @example
 * CeilDiv<7, 2>   //=> 4
 * CeilDiv<8, 2>   //=> 4
 * CeilDiv<-7, 2>  //=> -3
 */
export type CeilDiv<Left extends number, Right extends number> =
  [Right, 1] extends [1, Right] ? (IsInteger<Left> extends true ? Left : number)
  : Divide<Left, Right> extends [infer SameSign extends boolean, infer Quotient extends Magnitude, infer Remainder extends Magnitude]
    ? SameSign extends true
      ? Remainder extends '' ? Format<false, Quotient> : Format<false, AddDigits<Quotient, '1'>>
      : Format<true, Quotient>
    : number;

/**
 * Left mod Right with the sign of Right, as Python's `%` (Left − Right · FloorDiv<Left, Right>), for
 * integer literals of any sign; `number` if either operand is `number`, a union or not an integer,
 * or if Right is 0.
 * @example
 * Mod<7, 2>         //=> 1
 * Mod<-7, 3>        //=> 2
 * Mod<10000000, 7>  //=> 3
 */
export type Mod<Left extends number, Right extends number> =
  ParseBoth<Left, Right> extends [infer ParsedLeft extends Signed, infer ParsedRight extends Signed]
    ? ParsedRight[1] extends ''
      ? number
      : DivModDigits<ParsedLeft[1], ParsedRight[1]>[1] extends infer Remainder extends Magnitude
        ? Remainder extends '' ? 0
          : ParsedLeft[0] extends ParsedRight[0]
            ? Format<ParsedRight[0], Remainder>
            : Format<ParsedRight[0], SubDigits<ParsedRight[1], Remainder>>
        : never
    : number;

/** `[signs equal, |Left| div |Right|, |Left| mod |Right|]`, or `'wide'` (also for a zero divisor). */
type Divide<Left extends number, Right extends number> =
  ParseBoth<Left, Right> extends [infer ParsedLeft extends Signed, infer ParsedRight extends Signed]
    ? ParsedRight[1] extends ''
      ? 'wide'
      : DivModDigits<ParsedLeft[1], ParsedRight[1]> extends [infer Quotient extends Magnitude, infer Remainder extends Magnitude]
        ? [ParsedLeft[0] extends ParsedRight[0] ? true : false, Quotient, Remainder]
        : never
    : 'wide';

/**
 * Long division of magnitudes: `[quotient, remainder]` of Dividend ÷ Divisor (Divisor ≠ `''`). The
 * dividend is read most significant digit first (reversed once); each digit brought down becomes the
 * least significant digit of the running remainder, and each quotient digit takes at most nine
 * subtractions, so the cost is O(digits² · 9), independent of the values.
 */
export type DivModDigits<Dividend extends Magnitude, Divisor extends Magnitude> = LongDivision<Reverse<Dividend>, Divisor>;

type LongDivision<MostSignificantFirst extends string, Divisor extends Magnitude, Remainder extends Magnitude = '', Quotient extends Magnitude = ''> =
  MostSignificantFirst extends `${infer Top extends Digit}${infer Rest}`
    ? QuotientDigit<Remainder extends '' ? (Top extends 0 ? '' : `${Top}`) : `${Top}${Remainder}`, Divisor> extends [infer Next extends Digit, infer NewRemainder extends Magnitude]
      ? LongDivision<Rest, Divisor, NewRemainder, `${Next}${Quotient}`>
      : never
    : [Trim<Quotient>, Remainder];

type QuotientDigit<Partial extends Magnitude, Divisor extends Magnitude, Count extends 0[] = []> =
  CompareDigits<Partial, Divisor> extends -1
    ? [Count['length'] & Digit, Partial]
    : QuotientDigit<SubDigits<Partial, Divisor>, Divisor, [...Count, 0]>;
