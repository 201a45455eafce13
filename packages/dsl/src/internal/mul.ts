import type { AddDigits, AddTable, Digit, Magnitude, Trim } from './digits.js';
import type { Format, ParseBoth, Signed } from './integer.js';

/**
 * Left · Right, exact for integer literals whose product is a safe integer (element counts such as
 * 512 · 300 · 300 = 46,080,000, and far past 10^9); `number` if either operand is `number`, a union or
 * not an integer, or if the product cannot be written exactly as a number literal.
 * @example
 * Mul<512, 90000>        //=> 46080000
 * Mul<10000000, 100>     //=> 1000000000
 * Mul<-3, 4>             //=> -12
 * Mul<3, number>         //=> number
 */
export type Mul<Left extends number, Right extends number> =
  ParseBoth<Left, Right> extends [infer ParsedLeft extends Signed, infer ParsedRight extends Signed]
    // Multiplying by one (a default stride or dilation) is the common case: no digit work.
    ? ParsedRight extends [false, '1'] ? Left
      : ParsedLeft extends [false, '1'] ? Right
      : Format<ParsedLeft[0] extends ParsedRight[0] ? false : true, MulDigits<ParsedLeft[1], ParsedRight[1]>>
    : number;

/**
 * The product of a tuple of numbers (`1` for `[]`); `number` if any element is not an integer literal
 * or the tuple's length is not known.
 * @example
 * Product<[512, 300, 300]>    //=> 46080000
 * Product<[1, 2048, 7, 7]>    //=> 100352
 * Product<[]>                 //=> 1
 * Product<[2, number]>        //=> number
 * Product<number[]>           //=> number
 */
export type Product<Values extends readonly number[], Acc extends number = 1> =
  Values extends readonly [infer Head extends number, ...infer Rest extends readonly number[]]
    ? Product<Rest, Mul<Acc, Head>>
    : number extends Values['length'] ? number : Acc;

/** The times table: `[ones, tens]` of a · b for single digits, indexed `[a][b]`. */
type TimesTable = [
  [[0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0], [0, 0]],
  [[0, 0], [1, 0], [2, 0], [3, 0], [4, 0], [5, 0], [6, 0], [7, 0], [8, 0], [9, 0]],
  [[0, 0], [2, 0], [4, 0], [6, 0], [8, 0], [0, 1], [2, 1], [4, 1], [6, 1], [8, 1]],
  [[0, 0], [3, 0], [6, 0], [9, 0], [2, 1], [5, 1], [8, 1], [1, 2], [4, 2], [7, 2]],
  [[0, 0], [4, 0], [8, 0], [2, 1], [6, 1], [0, 2], [4, 2], [8, 2], [2, 3], [6, 3]],
  [[0, 0], [5, 0], [0, 1], [5, 1], [0, 2], [5, 2], [0, 3], [5, 3], [0, 4], [5, 4]],
  [[0, 0], [6, 0], [2, 1], [8, 1], [4, 2], [0, 3], [6, 3], [2, 4], [8, 4], [4, 5]],
  [[0, 0], [7, 0], [4, 1], [1, 2], [8, 2], [5, 3], [2, 4], [9, 4], [6, 5], [3, 6]],
  [[0, 0], [8, 0], [6, 1], [4, 2], [2, 3], [0, 4], [8, 4], [6, 5], [4, 6], [2, 7]],
  [[0, 0], [9, 0], [8, 1], [7, 2], [6, 3], [5, 4], [4, 5], [3, 6], [2, 7], [1, 8]],
];

/** Left · one digit, for a magnitude Left. */
type MulByDigit<Left extends Magnitude, Factor extends Digit, Carry extends Digit = 0, Acc extends Magnitude = ''> =
  Left extends `${infer L extends Digit}${infer LeftRest}`
    ? MulByDigitStep<LeftRest, Factor, TimesTable[L][Factor], Carry, Acc>
    : Carry extends 0 ? Acc : `${Acc}${Carry}`;

/**
 * One column: l · factor + carry ≤ 9 · 9 + 9 = 90, so adding the carry to the product's ones digit
 * carries at most 1 into its tens digit, and that sum is a single digit again.
 */
type MulByDigitStep<LeftRest extends Magnitude, Factor extends Digit, Product extends [Digit, Digit], Carry extends Digit, Acc extends Magnitude> =
  AddTable[Product[0]][Carry][0] extends [infer Ones extends Digit, infer CarryIntoTens extends 0 | 1]
    ? MulByDigit<LeftRest, Factor, AddTable[Product[1]][CarryIntoTens][0][0], `${Acc}${Ones}`>
    : never;

/**
 * Schoolbook multiplication of magnitudes: one partial product per digit of Right, shifted by
 * prepending zeros (least significant first, a zero in front multiplies by ten).
 */
export type MulDigits<Left extends Magnitude, Right extends Magnitude, Shift extends string = '', Acc extends Magnitude = ''> =
  Right extends `${infer R extends Digit}${infer RightRest}`
    ? MulDigits<Left, RightRest, `${Shift}0`, R extends 0 ? Acc : AddDigits<Acc, `${Shift}${MulByDigit<Left, R>}`>>
    : Trim<Acc>;
