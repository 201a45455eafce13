import type { AddDigits, CompareDigits, SubDigits } from './digits.js';
import type { Format, ParseBoth, Signed } from './integer.js';

/**
 * Left + Right, exact for integer literals whose sum is a safe integer.
 * `number` if either operand is `number`, a union or not an integer.
 * @example
 * Add<999, 1>           //=> 1000
 * Add<46080000, 20>     //=> 46080020
 * Add<-7, 3>            //=> -4
 * Add<number, 1>        //=> number
 */
export type Add<Left extends number, Right extends number> =
  ParseBoth<Left, Right> extends [infer ParsedLeft extends Signed, infer ParsedRight extends Signed]
    // Adding zero (a default padding) is the common case: answer with the operand, no digit work.
    ? ParsedRight[1] extends '' ? Left : ParsedLeft[1] extends '' ? Right : AddSigned<ParsedLeft, ParsedRight>
    : number;

/**
 * Signed addition on parsed operands: same signs add magnitudes; different signs subtract the smaller
 * magnitude from the larger and take the larger one's sign.
 */
export type AddSigned<Left extends Signed, Right extends Signed> =
  Left[0] extends Right[0]
    ? Format<Left[0], AddDigits<Left[1], Right[1]>>
    : CompareDigits<Left[1], Right[1]> extends -1
      ? Format<Right[0], SubDigits<Right[1], Left[1]>>
      : Format<Left[0], SubDigits<Left[1], Right[1]>>;
