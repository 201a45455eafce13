/**
 * Digit lists: the representation behind the type-level arithmetic façade (`./index.ts`).
 *
 * A non-negative integer (a magnitude) is a tuple of decimal digits, least significant first (`123`
 * is `[3, 2, 1]`), so carries and borrows walk the tuple from its head. Invariant: magnitudes are
 * trimmed — no most-significant zeros — so zero is `[]` and equal values have equal lists.
 *
 * Every loop here is tail-recursive (the result is the recursive call itself), which TypeScript
 * evaluates iteratively for up to 1,000 steps instead of nesting instantiations; each step costs O(1)
 * lookups in literal tables, never tuple-length counting, so cost grows with the number of digits
 * (at most 16 for safe integers), not with the value.
 */

export type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
export type Digits = Digit[];

/** `[sum digit, carry]` of a + b + carryIn, indexed `[a][b][carryIn]`. */
export type AddTable = [
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

/**
 * Digits of a non-negative integer written in canonical decimal (no leading zeros, as `${number}`
 * prints it), least significant first; `'0'` is `[]`.
 */
export type ToDigits<Text extends string, Acc extends Digits = []> =
  Text extends `${infer Head extends Digit}${infer Rest}` ? ToDigits<Rest, [Head, ...Acc]> : Acc;

/** The decimal text of a trimmed magnitude (`[]` → `'0'`). */
export type FromDigits<List extends Digits, Acc extends string = ''> =
  List extends [infer Head extends Digit, ...infer Rest extends Digits]
    ? FromDigits<Rest, `${Head}${Acc}`>
    : Acc extends '' ? '0' : Acc;

/** Drops most-significant zeros (trailing in the list), so zero becomes `[]`. */
export type Trim<List extends Digits> = List extends [...infer Rest extends Digits, 0] ? Trim<Rest> : List;

/** Left + Right for magnitudes. */
export type AddDigits<Left extends Digits, Right extends Digits, Carry extends 0 | 1 = 0, Acc extends Digits = []> =
  Left extends [infer L extends Digit, ...infer LeftRest extends Digits]
    ? Right extends [infer R extends Digit, ...infer RightRest extends Digits]
      ? AddDigits<LeftRest, RightRest, AddTable[L][R][Carry][1], [...Acc, AddTable[L][R][Carry][0]]>
      : AddDigits<LeftRest, [], AddTable[L][0][Carry][1], [...Acc, AddTable[L][0][Carry][0]]>
    : Right extends [infer R extends Digit, ...infer RightRest extends Digits]
      ? AddDigits<[], RightRest, AddTable[0][R][Carry][1], [...Acc, AddTable[0][R][Carry][0]]>
      : Carry extends 1 ? [...Acc, 1] : Acc;

/** Left − Right for magnitudes with Left ≥ Right (callers compare first); the result is trimmed. */
export type SubDigits<Left extends Digits, Right extends Digits, Borrow extends 0 | 1 = 0, Acc extends Digits = []> =
  Left extends [infer L extends Digit, ...infer LeftRest extends Digits]
    ? Right extends [infer R extends Digit, ...infer RightRest extends Digits]
      ? SubDigits<LeftRest, RightRest, SubTable[L][R][Borrow][1], [...Acc, SubTable[L][R][Borrow][0]]>
      : SubDigits<LeftRest, [], SubTable[L][0][Borrow][1], [...Acc, SubTable[L][0][Borrow][0]]>
    : Trim<Acc>;

/** -1, 0 or 1 as magnitude Left is below, equal to or above Right: the longer list is larger, else compare from the top. */
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
