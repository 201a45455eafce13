import type { AddDigits, Digit, Digits, Trim } from './digits';
import type { Format, ParseBoth, Signed } from './integer';

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
    ? ParsedRight extends [false, [1]] ? Left
      : ParsedLeft extends [false, [1]] ? Right
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

/** `[product digit, carry]` of a · b + carryIn for carryIn 0…9, indexed `[a][b][carryIn]`. */
type MulTable = {
  [A in Digit]: { [B in Digit]: { [Carry in Digit]: SplitTwoDigits[MulValue[A][B]][Carry] } };
};
/** a · b for single digits. */
type MulValue = [
  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [0, 2, 4, 6, 8, 10, 12, 14, 16, 18],
  [0, 3, 6, 9, 12, 15, 18, 21, 24, 27],
  [0, 4, 8, 12, 16, 20, 24, 28, 32, 36],
  [0, 5, 10, 15, 20, 25, 30, 35, 40, 45],
  [0, 6, 12, 18, 24, 30, 36, 42, 48, 54],
  [0, 7, 14, 21, 28, 35, 42, 49, 56, 63],
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 72],
  [0, 9, 18, 27, 36, 45, 54, 63, 72, 81],
];
/** `SplitTwoDigits[v][c]` is `[(v + c) % 10, floor((v + c) / 10)]` for v ≤ 81, c ≤ 9. */
type SplitTwoDigits = { [Value in MulValue[Digit][Digit]]: { [Carry in Digit]: SplitOf<`${Sum90[Value][Carry]}`> } };
type SplitOf<Text extends string> = Text extends `${infer Tens extends Digit}${infer Ones extends Digit}`
  ? [Ones, Tens]
  : Text extends `${infer Ones extends Digit}` ? [Ones, 0] : never;
/** Value + carry for the values MulValue can produce, as a table to avoid counting. */
type Sum90 = { [Value in MulValue[Digit][Digit]]: { [Carry in Digit]: AddSmall<Value, Carry> } };
type AddSmall<Value extends number, Carry extends Digit> = [...Repeat<Value>, ...Repeat<Carry>]['length'] & number;
type Repeat<Count extends number, Acc extends 0[] = []> = Acc['length'] extends Count ? Acc : Repeat<Count, [...Acc, 0]>;


/** Left · one digit, for a magnitude Left. */
type MulByDigit<Left extends Digits, Factor extends Digit, Carry extends Digit = 0, Acc extends Digits = []> =
  Left extends [infer L extends Digit, ...infer LeftRest extends Digits]
    ? MulByDigit<LeftRest, Factor, MulTable[L][Factor][Carry][1], [...Acc, MulTable[L][Factor][Carry][0]]>
    : Carry extends 0 ? Acc : [...Acc, Carry];

/** Schoolbook multiplication of magnitudes: one shifted partial product per digit of Right. */
export type MulDigits<Left extends Digits, Right extends Digits, Shift extends 0[] = [], Acc extends Digits = []> =
  Right extends [infer R extends Digit, ...infer RightRest extends Digits]
    ? MulDigits<Left, RightRest, [...Shift, 0], R extends 0 ? Acc : AddDigits<Acc, [...Shift, ...MulByDigit<Left, R>]>>
    : Trim<Acc>;
