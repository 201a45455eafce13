/**
 * add, mul, sub and div: element-wise with NumPy/PyTorch broadcasting (shapes aligned from the right; each pair
 * of dims equal, or one of them 1). A symbolic dim broadcasts with itself or with 1.
 */
import type { Dim } from '../ir.js';
import { formatShape, ShapeError, type FormatShape } from '../errors.js';
import type { Shape } from '../shape.js';
import type { ErrorTable, FailedShape, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import type { Fail } from './window.js';

type BroadcastDim<Left, Right> =
  Left extends 1 ? Right : Right extends 1 ? Left
  : [Left, Right] extends [Right, Left] ? Left
  // A `number` dim may be 1 at run time, so beside anything else it yields that other dim.
  : number extends Left ? Right : number extends Right ? Left
  : 'bad';

/** Broadcast shape of two shapes, or the failing dims (counted from the left of the result). */
export type BroadcastRule<Op extends string, Left extends Shape, Right extends Shape, LeftAll extends Shape = Left, RightAll extends Shape = Right, Acc extends Dim[] = []> =
  Left extends readonly [...infer LeftRest extends Dim[], infer LeftLast]
    ? Right extends readonly [...infer RightRest extends Dim[], infer RightLast]
      ? BroadcastDim<LeftLast, RightLast> extends infer Out
        ? Out extends 'bad' ? Fail<'', `${Op}: shapes ${FormatShape<LeftAll>} and ${FormatShape<RightAll>} do not broadcast (${FormatDim<LeftLast>} vs ${FormatDim<RightLast>} at dimension ${Sub1<LeftAll, LeftRest>})`>
          : BroadcastRule<Op, LeftRest, RightRest, LeftAll, RightAll, [Out & Dim, ...Acc]>
        : never
      : [...Left, ...Acc]
    : [...Right, ...Acc];
type FormatDim<Value> = Value extends string ? `'${Value}'` : `${Value & number}`;
/** The index of the failing dim in the left shape. */
type Sub1<All extends Shape, Rest extends readonly unknown[]> = Rest['length'];

export type BroadcastErrors<Op extends string, Left extends Shape, Right extends Shape> =
  ErrorTable<MessageOf<BroadcastRule<Op, Left, Right>>>[BroadcastVerdict<Op, Left, Right>];
type BroadcastVerdict<Op extends string, Left extends Shape, Right extends Shape> =
  Left extends unknown ? Right extends unknown ? (UnknownRank<Right> extends true ? 'ok' : UnknownRank<Left> extends true ? 'ok' : VerdictOf<BroadcastRule<Op, Left, Right>>) : never : never;
/**
 * The output shape of add for the editor: a failed left shape passes through (its error was reported),
 * an unknown rank on the right too, else the broadcast shape or the failure.
 */
export type AddShape<Left extends Shape, Right extends Shape> =
  Left extends FailedShape<string> ? Left : Right extends unknown ? (UnknownRank<Right> extends true ? Right : BroadcastOutput<'add', Left, Right>) : never;
/** The output shape of mul for the editor, as `AddShape`. */
export type MulShape<Left extends Shape, Right extends Shape> =
  Left extends FailedShape<string> ? Left : Right extends unknown ? (UnknownRank<Right> extends true ? Right : BroadcastOutput<'mul', Left, Right>) : never;
/** The output shape of sub for the editor, as `AddShape`. */
export type SubShape<Left extends Shape, Right extends Shape> =
  Left extends FailedShape<string> ? Left : Right extends unknown ? (UnknownRank<Right> extends true ? Right : BroadcastOutput<'sub', Left, Right>) : never;
/** The output shape of div for the editor, as `AddShape`. */
export type DivShape<Left extends Shape, Right extends Shape> =
  Left extends FailedShape<string> ? Left : Right extends unknown ? (UnknownRank<Right> extends true ? Right : BroadcastOutput<'div', Left, Right>) : never;
type BroadcastOutput<Op extends string, Left extends Shape, Right extends Shape> =
  [Left, Right] extends [infer A extends Shape, infer B extends Shape] ? RuleOutput<BroadcastRule<Op, A, B>> : never;

/** Runtime twin of `BroadcastRule`. */
export function broadcastRule(op: string, left: readonly Dim[], right: readonly Dim[]): Dim[] {
  // From the right, as NumPy aligns shapes, so the first failure reported is the same one the type shows.
  const rank = Math.max(left.length, right.length);
  const out: Dim[] = new Array(rank);
  for (let i = rank - 1; i >= 0; i--) {
    const l = left[left.length - rank + i] ?? 1;
    const r = right[right.length - rank + i] ?? 1;
    if (l === r || r === 1) out[i] = l;
    else if (l === 1) out[i] = r;
    else {
      const index = left.length - rank + i;
      const text = (d: Dim) => (typeof d === 'string' ? `'${d}'` : String(d));
      throw new ShapeError(`${op}: shapes ${formatShape(left)} and ${formatShape(right)} do not broadcast (${text(l)} vs ${text(r)} at dimension ${index})`);
    }
  }
  return out;
}
