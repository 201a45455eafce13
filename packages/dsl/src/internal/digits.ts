/**
 * Digit lists: the representation behind the type-level arithmetic façade (`./index.ts`).
 *
 * A non-negative integer is a tuple of decimal digits, least significant first (`123` is
 * `[3, 2, 1]`), so carries and borrows walk the tuple from its head. Every recursion here is
 * tail-recursive (the result is the recursive call itself), which TypeScript evaluates in a loop up to
 * 1,000 steps rather than nesting instantiations, and each step costs O(1) lookups in literal tables,
 * never tuple-length counting — so cost grows with the number of digits, not with the value.
 */

export type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
export type Digits = Digit[];

/** `[sum digit, carry]` of a + b + carryIn, indexed `[a][b][carryIn]`. */
type AddTable = [
  [[[0, 0], [1, 0]], [[1, 0], [2, 0]], [[2, 0], [3, 0]], [[3, 0], [4, 0]], [[4, 0], [5, 0]], [[5, 0], [6, 0]], [[6, 0], [7, 0]], [[7, 0], [8, 0]], [[8, 0], [9, 0]], [[9, 0], [0, 1]]],
  [[[1, 0], [2, 0]], [[2, 0], [3, 0]], [[3, 0], [4, 0]], [[4, 0], [5, 0]], [[5, 0], [6, 0]], [[6, 0], [7, 0]], [[7, 0], [8, 0]], [[8, 0], [9, 0]], [[9, 0], [0, 1]], [[0, 1], [1, 1]]],
  [[[2, 0], [3, 0]], [[3, 0], [4, 0]], [[4, 0], [5, 0]], [[5, 0], [6, 0]], [[6, 0], [7, 0]], [[7, 0], [8, 0]], [[8, 0], [9, 0]], [[9, 0], [0, 1]], [[0, 1], [1, 1]], [[1, 1], [2, 1]]],
  [[[3, 0], [4, 0]], [[4, 0], [5, 0]], [[5, 0], [6, 0]], [[6, 0], [7, 0]], [[7, 0], [8, 0]], [[8, 0], [9, 0]], [[9, 0], [0, 1]], [[0, 1], [1, 1]], [[1, 1], [2, 1]], [[2, 1], [3, 1]]],
  [[[4, 0], [5, 0]], [[5, 0], [6, 0]], [[6, 0], [7, 0]], [[7, 0], [8, 0]], [[8, 0], [9, 0]], [[9, 0], [0, 1]], [[0, 1], [1, 1]], [[1, 1], [2, 1]], [[2, 1], [3, 1]], [[3, 1], [4, 1]]],
  [[[5, 0], [6, 0]], [[6, 0], [7, 0]], [[7, 0], [8, 0]], [[8, 0], [9, 0]], [[9, 0], [0, 1]], [[0, 1], [1, 1]], [[1, 1], [2, 1]], [[2, 1], [3, 1]], [[3, 1], [4, 1]], [[4, 1], [5, 1]]],
  [[[6, 0], [7, 0]], [[7, 0], [8, 0]], [[8, 0], [9, 0]], [[9, 0], [0, 1]], [[0, 1], [1, 1]], [[1, 1], [2, 1]], [[2, 1], [3, 1]], [[3, 1], [4, 1]], [[4, 1], [5, 1]], [[5, 1], [6, 1]]],
  [[[7, 0], [8, 0]], [[8, 0], [9, 0]], [[9, 0], [0, 1]], [[0, 1], [1, 1]], [[1, 1], [2, 1]], [[2, 1], [3, 1]], [[3, 1], [4, 1]], [[4, 1], [5, 1]], [[5, 1], [6, 1]], [[6, 1], [7, 1]]],
  [[[8, 0], [9, 0]], [[9, 0], [0, 1]], [[0, 1], [1, 1]], [[1, 1], [2, 1]], [[2, 1], [3, 1]], [[3, 1], [4, 1]], [[4, 1], [5, 1]], [[5, 1], [6, 1]], [[6, 1], [7, 1]], [[7, 1], [8, 1]]],
  [[[9, 0], [0, 1]], [[0, 1], [1, 1]], [[1, 1], [2, 1]], [[2, 1], [3, 1]], [[3, 1], [4, 1]], [[4, 1], [5, 1]], [[5, 1], [6, 1]], [[6, 1], [7, 1]], [[7, 1], [8, 1]], [[8, 1], [9, 1]]],
];

/** `[difference digit, borrow]` of a − b − borrowIn, indexed `[a][b][borrowIn]`. */
type SubTable = [
  [[[0, 0], [9, 1]], [[9, 1], [8, 1]], [[8, 1], [7, 1]], [[7, 1], [6, 1]], [[6, 1], [5, 1]], [[5, 1], [4, 1]], [[4, 1], [3, 1]], [[3, 1], [2, 1]], [[2, 1], [1, 1]], [[1, 1], [0, 1]]],
  [[[1, 0], [0, 0]], [[0, 0], [9, 1]], [[9, 1], [8, 1]], [[8, 1], [7, 1]], [[7, 1], [6, 1]], [[6, 1], [5, 1]], [[5, 1], [4, 1]], [[4, 1], [3, 1]], [[3, 1], [2, 1]], [[2, 1], [1, 1]]],
  [[[2, 0], [1, 0]], [[1, 0], [0, 0]], [[0, 0], [9, 1]], [[9, 1], [8, 1]], [[8, 1], [7, 1]], [[7, 1], [6, 1]], [[6, 1], [5, 1]], [[5, 1], [4, 1]], [[4, 1], [3, 1]], [[3, 1], [2, 1]]],
  [[[3, 0], [2, 0]], [[2, 0], [1, 0]], [[1, 0], [0, 0]], [[0, 0], [9, 1]], [[9, 1], [8, 1]], [[8, 1], [7, 1]], [[7, 1], [6, 1]], [[6, 1], [5, 1]], [[5, 1], [4, 1]], [[4, 1], [3, 1]]],
  [[[4, 0], [3, 0]], [[3, 0], [2, 0]], [[2, 0], [1, 0]], [[1, 0], [0, 0]], [[0, 0], [9, 1]], [[9, 1], [8, 1]], [[8, 1], [7, 1]], [[7, 1], [6, 1]], [[6, 1], [5, 1]], [[5, 1], [4, 1]]],
  [[[5, 0], [4, 0]], [[4, 0], [3, 0]], [[3, 0], [2, 0]], [[2, 0], [1, 0]], [[1, 0], [0, 0]], [[0, 0], [9, 1]], [[9, 1], [8, 1]], [[8, 1], [7, 1]], [[7, 1], [6, 1]], [[6, 1], [5, 1]]],
  [[[6, 0], [5, 0]], [[5, 0], [4, 0]], [[4, 0], [3, 0]], [[3, 0], [2, 0]], [[2, 0], [1, 0]], [[1, 0], [0, 0]], [[0, 0], [9, 1]], [[9, 1], [8, 1]], [[8, 1], [7, 1]], [[7, 1], [6, 1]]],
  [[[7, 0], [6, 0]], [[6, 0], [5, 0]], [[5, 0], [4, 0]], [[4, 0], [3, 0]], [[3, 0], [2, 0]], [[2, 0], [1, 0]], [[1, 0], [0, 0]], [[0, 0], [9, 1]], [[9, 1], [8, 1]], [[8, 1], [7, 1]]],
  [[[8, 0], [7, 0]], [[7, 0], [6, 0]], [[6, 0], [5, 0]], [[5, 0], [4, 0]], [[4, 0], [3, 0]], [[3, 0], [2, 0]], [[2, 0], [1, 0]], [[1, 0], [0, 0]], [[0, 0], [9, 1]], [[9, 1], [8, 1]]],
  [[[9, 0], [8, 0]], [[8, 0], [7, 0]], [[7, 0], [6, 0]], [[6, 0], [5, 0]], [[5, 0], [4, 0]], [[4, 0], [3, 0]], [[3, 0], [2, 0]], [[2, 0], [1, 0]], [[1, 0], [0, 0]], [[0, 0], [9, 1]]],
];

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

/** Digits of a non-negative integer written in decimal, least significant first. */
export type ToDigits<Text extends string, Acc extends Digits = []> =
  Text extends `${infer Head extends Digit}${infer Rest}` ? ToDigits<Rest, [Head, ...Acc]> : Acc;

/** The decimal text of a digit list (least significant first), without leading zeros. */
export type FromDigits<List extends Digits, Acc extends string = ''> =
  List extends [infer Head extends Digit, ...infer Rest extends Digits]
    ? FromDigits<Rest, `${Head}${Acc}`>
    : StripZeros<Acc>;

type StripZeros<Text extends string> = Text extends `0${infer Rest}` ? (Rest extends '' ? '0' : StripZeros<Rest>) : Text extends '' ? '0' : Text;

/** Drops most-significant zeros (trailing in the list), keeping `[]` for zero. */
export type Trim<List extends Digits> = List extends [...infer Rest extends Digits, 0] ? Trim<Rest> : List;

export type AddDigits<Left extends Digits, Right extends Digits, Carry extends 0 | 1 = 0, Acc extends Digits = []> =
  Left extends [infer L extends Digit, ...infer LeftRest extends Digits]
    ? Right extends [infer R extends Digit, ...infer RightRest extends Digits]
      ? AddDigits<LeftRest, RightRest, AddTable[L][R][Carry][1], [...Acc, AddTable[L][R][Carry][0]]>
      : AddDigits<LeftRest, [], AddTable[L][0][Carry][1], [...Acc, AddTable[L][0][Carry][0]]>
    : Right extends [infer R extends Digit, ...infer RightRest extends Digits]
      ? AddDigits<[], RightRest, AddTable[0][R][Carry][1], [...Acc, AddTable[0][R][Carry][0]]>
      : Carry extends 1 ? [...Acc, 1] : Acc;

/** Left − Right for Left ≥ Right (callers compare first); the result is trimmed. */
export type SubDigits<Left extends Digits, Right extends Digits, Borrow extends 0 | 1 = 0, Acc extends Digits = []> =
  Left extends [infer L extends Digit, ...infer LeftRest extends Digits]
    ? Right extends [infer R extends Digit, ...infer RightRest extends Digits]
      ? SubDigits<LeftRest, RightRest, SubTable[L][R][Borrow][1], [...Acc, SubTable[L][R][Borrow][0]]>
      : SubDigits<LeftRest, [], SubTable[L][0][Borrow][1], [...Acc, SubTable[L][0][Borrow][0]]>
    : Trim<Acc>;

/** Compares trimmed digit lists: -1, 0 or 1. Longer is larger; equal lengths compare from the top. */
export type CompareDigits<Left extends Digits, Right extends Digits> =
  Left['length'] extends Right['length']
    ? CompareFromTop<Left, Right>
    : LongerOf<Left, Right> extends 'left' ? 1 : -1;

type LongerOf<Left extends Digits, Right extends Digits> =
  Left extends [Digit, ...infer LeftRest extends Digits]
    ? Right extends [Digit, ...infer RightRest extends Digits] ? LongerOf<LeftRest, RightRest> : 'left'
    : 'right';

type CompareFromTop<Left extends Digits, Right extends Digits> =
  Left extends [...infer LeftRest extends Digits, infer L extends Digit]
    ? Right extends [...infer RightRest extends Digits, infer R extends Digit]
      ? L extends R
        ? CompareFromTop<LeftRest, RightRest>
        : SubTable[L][R][0][1] extends 1 ? -1 : 1
      : 1
    : 0;

/** Left · one digit. */
type MulByDigit<Left extends Digits, Factor extends Digit, Carry extends Digit = 0, Acc extends Digits = []> =
  Left extends [infer L extends Digit, ...infer LeftRest extends Digits]
    ? MulByDigit<LeftRest, Factor, MulTable[L][Factor][Carry][1], [...Acc, MulTable[L][Factor][Carry][0]]>
    : Carry extends 0 ? Acc : [...Acc, Carry];

/** Schoolbook multiplication: one shifted partial product per digit of Right. */
export type MulDigits<Left extends Digits, Right extends Digits, Shift extends 0[] = [], Acc extends Digits = []> =
  Right extends [infer R extends Digit, ...infer RightRest extends Digits]
    ? MulDigits<Left, RightRest, [...Shift, 0], AddDigits<Acc, [...Shift, ...MulByDigit<Left, R>]>>
    : Trim<Acc>;

/**
 * Long division: `[quotient, remainder]` of Dividend ÷ Divisor (Divisor ≠ 0). Digits are brought
 * down from the most significant end; each quotient digit is found by at most nine subtractions.
 */
export type DivModDigits<Dividend extends Digits, Divisor extends Digits, Remainder extends Digits = [], Quotient extends Digits = []> =
  Dividend extends [...infer Rest extends Digits, infer Top extends Digit]
    ? QuotientDigit<Trim<[Top, ...Remainder]>, Divisor> extends [infer Q extends Digit, infer NewRemainder extends Digits]
      ? DivModDigits<Rest, Divisor, NewRemainder, [Q, ...Quotient]>
      : never
    : [Trim<Quotient>, Remainder];

type QuotientDigit<Partial extends Digits, Divisor extends Digits, Count extends 0[] = []> =
  CompareDigits<Partial, Divisor> extends -1
    ? [Count['length'] & Digit, Partial]
    : QuotientDigit<SubDigits<Partial, Divisor>, Divisor, [...Count, 0]>;
