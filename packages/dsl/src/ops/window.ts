/**
 * The sliding-window size rule shared by conv2d, maxPool2d and avgPool2d, and its twin for
 * convTranspose2d: each as a type (`ConvOutputSize`) and a function (`convOutputSize`) side by side,
 * with the same sentences. A type-level rule yields a number, or a `Fail<option, sentence>` naming
 * the option the editor should underline.
 */
import type { Add, FloorDiv, Gte, Lt, Lte, Mul, Sub } from '../internal/index.js';
import { ShapeError } from '../errors.js';

/** A failed rule: which option to underline (`''` for the whole call) and the sentence. */
export type Fail<Option extends string, Message extends string> = { fail: [Option, Message] };

type KernelText<Kernel extends number, Dilation extends number, Window extends number> =
  Dilation extends 1 ? `kernel ${Kernel}` : `kernel ${Kernel} (dilated to ${Window})`;

function kernelText(kernel: number, dilation: number, window: number): string {
  return dilation === 1 ? `kernel ${kernel}` : `kernel ${kernel} (dilated to ${window})`;
}

/**
 * Output size along one axis: ⌊(input + padLo + padHi − dilation·(kernel − 1) − 1) / stride⌋ + 1,
 * or with ceilMode the ceiling, minus one when the last window would start in the right padding
 * (PyTorch's rule). So a window larger than the padded input is an error, except that with ceilMode
 * it may overhang it by up to stride − 1, as in PyTorch. Symbolic (string) inputs fail; `number`
 * inputs, operands or a `boolean` CeilMode give `number`.
 * @example ConvOutputSize<'conv2d', 32, 5, 1, 0, 0, 1, false> //=> 28
 * @example ConvOutputSize<'maxPool2d', 2, 4, 3, 0, 0, 1, true> //=> 1
 */
export type ConvOutputSize<
  Op extends string, Input, Kernel extends number, Stride extends number,
  PadLo extends number, PadHi extends number, Dilation extends number, CeilMode extends boolean,
> = Input extends string
  ? Fail<'', `${Op}: cannot compute with symbolic dimension '${Input}'`>
  : Input extends number
    ? ConvOutputFrom<Op, Input, Kernel, Stride, PadLo, Add<Input, Add<PadLo, PadHi>>, Add<Mul<Dilation, Sub<Kernel, 1>>, 1>, Dilation, CeilMode>
    : never;

type TooLarge<Op extends string, Input extends number, Kernel extends number, PadLo extends number, Padded extends number, Window extends number, Dilation extends number> =
  `${Op}: ${KernelText<Kernel, Dilation, Window>} is larger than padded input ${Padded} (input ${Input}, padding ${PadLo}, dilation ${Dilation})`;

type ConvOutputFrom<
  Op extends string, Input extends number, Kernel extends number, Stride extends number, PadLo extends number,
  Padded extends number, Window extends number, Dilation extends number, CeilMode extends boolean,
> = [CeilMode] extends [true] ? CeilOutput<Op, Input, Kernel, Stride, PadLo, Padded, Window, Dilation>
  : [CeilMode] extends [false]
    ? [Lte<Window, Padded>] extends [false]
      ? Fail<'kernelSize', TooLarge<Op, Input, Kernel, PadLo, Padded, Window, Dilation>>
      : Add<FloorDiv<Sub<Padded, Window>, Stride>, 1>
  : number;

/** Ceil mode: ⌊(padded − window + stride − 1) / stride⌋ + 1, then PyTorch's drop of a last window starting in the right padding. */
type CeilOutput<
  Op extends string, Input extends number, Kernel extends number, Stride extends number, PadLo extends number,
  Padded extends number, Window extends number, Dilation extends number,
> = Add<Sub<Padded, Window>, Sub<Stride, 1>> extends infer Reach extends number
  ? [Lt<Reach, 0>] extends [true] ? CeilTooLarge<Op, Input, Kernel, Stride, PadLo, Padded, Window, Dilation>
    : CeilDropLast<Add<FloorDiv<Reach, Stride>, 1>, Input, PadLo, Stride> extends infer Out extends number
      ? [Lt<Out, 1>] extends [true] ? CeilTooLarge<Op, Input, Kernel, Stride, PadLo, Padded, Window, Dilation> : Out
      : never
  : never;
type CeilTooLarge<Op extends string, Input extends number, Kernel extends number, Stride extends number, PadLo extends number, Padded extends number, Window extends number, Dilation extends number> =
  Fail<'kernelSize', `${TooLarge<Op, Input, Kernel, PadLo, Padded, Window, Dilation>}; with ceilMode a window may overhang it by at most stride − 1 = ${Sub<Stride, 1>}`>;

/** PyTorch drops a last ceil-mode window that would start inside the right padding. */
type CeilDropLast<Out extends number, Input extends number, PadLo extends number, Stride extends number> =
  [Gte<Mul<Sub<Out, 1>, Stride>, Add<Input, PadLo>>] extends [true] ? Sub<Out, 1> : Out;

/** Runtime twin of `ConvOutputSize`; throws `ShapeError` with the same sentence. */
export function convOutputSize(
  op: string, input: number | string, kernel: number, stride: number,
  padLo: number, padHi: number, dilation: number, ceilMode: boolean,
): number {
  if (typeof input === 'string') throw new ShapeError(`${op}: cannot compute with symbolic dimension '${input}'`);
  const padded = input + padLo + padHi;
  const window = dilation * (kernel - 1) + 1;
  const tooLarge = `${op}: ${kernelText(kernel, dilation, window)} is larger than padded input ${padded} (input ${input}, padding ${padLo}, dilation ${dilation})`;
  if (!ceilMode) {
    if (window > padded) throw new ShapeError(tooLarge);
    return Math.floor((padded - window) / stride) + 1;
  }
  const reach = padded - window + stride - 1;
  let out = reach < 0 ? 0 : Math.floor(reach / stride) + 1;
  if (out > 0 && (out - 1) * stride >= input + padLo) out -= 1;
  if (out < 1) throw new ShapeError(`${tooLarge}; with ceilMode a window may overhang it by at most stride − 1 = ${stride - 1}`);
  return out;
}

/**
 * convTranspose2d along one axis: (input − 1)·stride − 2·padding + dilation·(kernel − 1) + outputPadding + 1.
 * @example ConvTransposeOutputSize<7, 3, 2, 1, 1, 1> //=> 14
 */
export type ConvTransposeOutputSize<
  Input, Kernel extends number, Stride extends number, Padding extends number, OutputPadding extends number, Dilation extends number,
> = Input extends string
  ? Fail<'', `convTranspose2d: cannot compute with symbolic dimension '${Input}'`>
  : Input extends number
    ? ConvTransposeFrom<Input, Add<Add<Add<Mul<Sub<Input, 1>, Stride>, Mul<Dilation, Sub<Kernel, 1>>>, OutputPadding>, 1>, Padding>
    : never;

type ConvTransposeFrom<Input extends number, Full extends number, Padding extends number> =
  Sub<Full, Mul<Padding, 2>> extends infer Out extends number
    ? [Lte<Full, Mul<Padding, 2>>] extends [true]
      ? Fail<'padding', `convTranspose2d: padding ${Padding} leaves an output size of ${Out} (input ${Input}); it must be at least 1`>
      : Out
    : never;

/** Runtime twin of `ConvTransposeOutputSize`. */
export function convTransposeOutputSize(
  input: number | string, kernel: number, stride: number, padding: number, outputPadding: number, dilation: number,
): number {
  if (typeof input === 'string') throw new ShapeError(`convTranspose2d: cannot compute with symbolic dimension '${input}'`);
  const out = (input - 1) * stride + dilation * (kernel - 1) + outputPadding + 1 - 2 * padding;
  if (out <= 0) {
    throw new ShapeError(`convTranspose2d: padding ${padding} leaves an output size of ${out} (input ${input}); it must be at least 1`);
  }
  return out;
}
