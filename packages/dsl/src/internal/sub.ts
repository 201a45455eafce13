import type { AddSigned } from './add.js';
import type { Negate, ParseBoth, Signed } from './integer.js';

/**
 * Left − Right; negative when Right > Left. Exact for integer literals whose difference is a safe
 * integer; `number` if either operand is `number`, a union or not an integer.
 * @example
 * Sub<1000, 1>     //=> 999
 * Sub<3, 5>        //=> -2
 * Sub<-3, -5>      //=> 2
 * Sub<32, number>  //=> number
 */
export type Sub<Left extends number, Right extends number> =
  ParseBoth<Left, Right> extends [infer ParsedLeft extends Signed, infer ParsedRight extends Signed]
    ? ParsedRight[1] extends '' ? Left : AddSigned<ParsedLeft, Negate<ParsedRight>>
    : number;
