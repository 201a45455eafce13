import type { CompareDigits } from './digits.js';
import type { ParseBoth, Signed } from './integer.js';

/**
 * -1, 0 or 1 as Left is less than, equal to or greater than Right (integers of any sign).
 * `-1 | 0 | 1` if either operand is `number`, a union or not an integer.
 * @example
 * Compare<28, 5>       //=> 1
 * Compare<129, 131>    //=> -1
 * Compare<-2, -2>      //=> 0
 * Compare<number, 5>   //=> -1 | 0 | 1
 */
export type Compare<Left extends number, Right extends number> =
  ParseBoth<Left, Right> extends [infer ParsedLeft extends Signed, infer ParsedRight extends Signed]
    ? CompareSigned<ParsedLeft, ParsedRight>
    : -1 | 0 | 1;

/** Zero is never negative (see `Signed`), so a sign difference alone decides. */
type CompareSigned<Left extends Signed, Right extends Signed> =
  Left[0] extends Right[0]
    ? Left[0] extends true ? CompareDigits<Right[1], Left[1]> : CompareDigits<Left[1], Right[1]>
    : Left[0] extends true ? -1 : 1;

/** `boolean` unless both operands are integer literals. */
type Verdict<Left extends number, Right extends number, Outcomes extends -1 | 0 | 1> =
  ParseBoth<Left, Right> extends [infer ParsedLeft extends Signed, infer ParsedRight extends Signed]
    ? CompareSigned<ParsedLeft, ParsedRight> extends Outcomes ? true : false
    : boolean;

/**
 * Left < Right; `boolean` unless both are integer literals.
 * @example
 * Lt<3, 5>      //=> true
 * Lt<5, 5>      //=> false
 * Lt<number, 5> //=> boolean
 */
export type Lt<Left extends number, Right extends number> = Verdict<Left, Right, -1>;

/**
 * Left ≤ Right; `boolean` unless both are integer literals.
 * @example
 * Lte<5, 5>  //=> true
 * Lte<6, 5>  //=> false
 */
export type Lte<Left extends number, Right extends number> = Verdict<Left, Right, -1 | 0>;

/**
 * Left > Right; `boolean` unless both are integer literals.
 * @example
 * Gt<5, 3>   //=> true
 * Gt<-5, 3>  //=> false
 */
export type Gt<Left extends number, Right extends number> = Verdict<Left, Right, 1>;

/**
 * Left ≥ Right; `boolean` unless both are integer literals.
 * @example
 * Gte<5, 5>  //=> true
 * Gte<4, 5>  //=> false
 */
export type Gte<Left extends number, Right extends number> = Verdict<Left, Right, 0 | 1>;

/**
 * The larger operand; `number` unless both are integer literals.
 * @example
 * Max<3, 5>       //=> 5
 * Max<-3, -5>     //=> -3
 * Max<3, number>  //=> number
 */
export type Max<Left extends number, Right extends number> =
  ParseBoth<Left, Right> extends [infer ParsedLeft extends Signed, infer ParsedRight extends Signed]
    ? CompareSigned<ParsedLeft, ParsedRight> extends -1 ? Right : Left
    : number;

/**
 * The smaller operand; `number` unless both are integer literals.
 * @example
 * Min<3, 5>       //=> 3
 * Min<0, -1>      //=> -1
 */
export type Min<Left extends number, Right extends number> =
  ParseBoth<Left, Right> extends [infer ParsedLeft extends Signed, infer ParsedRight extends Signed]
    ? CompareSigned<ParsedLeft, ParsedRight> extends 1 ? Right : Left
    : number;
