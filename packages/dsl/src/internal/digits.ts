/**
 * Magnitudes: the representation behind the type-level arithmetic façade (`./index.ts`).
 *
 * A non-negative integer (a magnitude) is its decimal digits as a string, least significant first
 * (`123` is `'321'`), so carries and borrows walk the string from its head, where template-literal
 * inference reads one character per step. Invariant: magnitudes are trimmed — no most-significant
 * zeros — so zero is `''`, equal values have equal strings, and a longer magnitude is a larger one.
 * (Strings cost about a third fewer instantiations per step than digit tuples.)
 *
 * Every loop here is tail-recursive (the result is the recursive call itself), which TypeScript
 * evaluates iteratively for up to 1,000 steps instead of nesting instantiations; each step costs O(1)
 * lookups in literal tables, never tuple-length counting, so cost grows with the number of digits
 * (at most 21 in the supported range), not with the value.
 */

export type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
/** Decimal digits, least significant first, trimmed; `''` is zero. */
export type Magnitude = string;

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

/** Reverses a string: canonical decimal text to a magnitude and back (`'0'` must be mapped to `''` by the caller). */
export type Reverse<Text extends string, Acc extends string = ''> =
  Text extends `${infer Head}${infer Rest}` ? Reverse<Rest, `${Head}${Acc}`> : Acc;

/** Drops most-significant zeros (trailing in the string), so zero becomes `''`. */
export type Trim<Value extends Magnitude> = Value extends `${infer Rest}0` ? Trim<Rest> : Value;

/** Left + Right for magnitudes. */
export type AddDigits<Left extends Magnitude, Right extends Magnitude, Carry extends 0 | 1 = 0, Acc extends Magnitude = ''> =
  Left extends `${infer L extends Digit}${infer LeftRest}`
    ? Right extends `${infer R extends Digit}${infer RightRest}`
      ? AddDigits<LeftRest, RightRest, AddTable[L][R][Carry][1], `${Acc}${AddTable[L][R][Carry][0]}`>
      : AddDigits<LeftRest, '', AddTable[L][0][Carry][1], `${Acc}${AddTable[L][0][Carry][0]}`>
    : Right extends `${infer R extends Digit}${infer RightRest}`
      ? AddDigits<'', RightRest, AddTable[0][R][Carry][1], `${Acc}${AddTable[0][R][Carry][0]}`>
      : Carry extends 1 ? `${Acc}1` : Acc;

/** Left − Right for magnitudes with Left ≥ Right (callers compare first); the result is trimmed. */
export type SubDigits<Left extends Magnitude, Right extends Magnitude, Borrow extends 0 | 1 = 0, Acc extends Magnitude = ''> =
  Left extends `${infer L extends Digit}${infer LeftRest}`
    ? Right extends `${infer R extends Digit}${infer RightRest}`
      ? SubDigits<LeftRest, RightRest, SubTable[L][R][Borrow][1], `${Acc}${SubTable[L][R][Borrow][0]}`>
      : SubDigits<LeftRest, '', SubTable[L][0][Borrow][1], `${Acc}${SubTable[L][0][Borrow][0]}`>
    : Trim<Acc>;

/**
 * -1, 0 or 1 as magnitude Left is below, equal to or above Right. One pass from the least
 * significant digit: a difference in a more significant digit overrides the verdict so far, and the
 * longer (trimmed) magnitude is the larger.
 */
export type CompareDigits<Left extends Magnitude, Right extends Magnitude, Verdict extends -1 | 0 | 1 = 0> =
  Left extends `${infer L extends Digit}${infer LeftRest}`
    ? Right extends `${infer R extends Digit}${infer RightRest}`
      ? CompareDigits<LeftRest, RightRest, L extends R ? Verdict : SubTable[L][R][0][1] extends 1 ? -1 : 1>
      : 1
    : Right extends '' ? Verdict : -1;
