/**
 * maxPool2d: PyTorch's `nn.MaxPool2d`. The pooling rule is shared with avgPool2d (`PoolRule`), which
 * differs only in having no dilation and in how it averages.
 */
import type { Dim, OpAttrs } from '../ir.js';
import type { Gt, Mul } from '../internal/index.js';
import { formatShape, ShapeError, type FormatShape } from '../errors.js';
import { pairOf, type OptionOf, type PairOf, type PairOption, type Shape } from '../shape.js';
import { checkBoolean, checkNonNegative, checkOptions, checkPositive, type CheckNonNegative, type CheckPositive, type FirstFail } from './options.js';
import type { ErrorTable, MessageOf, UnknownRank, VerdictOf, Resolve } from './rule.js';
import { convOutputSize, type ConvOutputSize, type Fail } from './window.js';

export interface MaxPool2dOptions {
  kernelSize: PairOption;
  /** @default kernelSize */
  stride?: PairOption;
  /** Implicit -∞ padding per side, at most half the kernel. @default 0 */
  padding?: PairOption;
  /** @default 1 */
  dilation?: PairOption;
  /** Round the output size up; a last window starting in the right padding is dropped. @default false */
  ceilMode?: boolean;
}

/** Every option of maxPool2d, in the order error messages list them; `satisfies` keeps it equal to `MaxPool2dOptions`. */
export const maxPool2dOptionKeys = Object.keys({
  kernelSize: 0, stride: 0, padding: 0, dilation: 0, ceilMode: 0,
} satisfies Record<keyof MaxPool2dOptions, 0>);

/** PyTorch: "pad should be at most half of effective kernel size" — checked against the kernel itself. */
type PadFits<Padding extends number, Kernel extends number> = [Gt<Mul<Padding, 2>, Kernel>] extends [true] ? false : true;

/** `true` or `false` for a literal (absent is false); `boolean` when only known at run time. */
type CeilModeOf<CeilMode> = [CeilMode] extends [true] ? true : [CeilMode] extends [false | undefined] ? false : boolean;

/** The shared pooling rule: channels and batch pass through (symbolic is fine), spatial axes slide. */
export type PoolRule<Op extends string, S extends Shape, Options> =
  S extends readonly [infer Batch, infer Channels, infer Height, infer Width]
    ? FirstFail<[
        CheckPositive<Op, 'kernelSize', OptionOf<Options, 'kernelSize'>>,
        CheckPositive<Op, 'stride', OptionOf<Options, 'stride'>>,
        CheckNonNegative<Op, 'padding', OptionOf<Options, 'padding'>>,
        CheckPositive<Op, 'dilation', OptionOf<Options, 'dilation'>>,
      ]> extends infer Failed extends Fail<string, string>
      ? Failed
      : PoolSpatial<Op, Batch, Channels, Height, Width, PairOf<OptionOf<Options, 'kernelSize'>, 1>,
          OptionOf<Options, 'stride'> extends undefined ? PairOf<OptionOf<Options, 'kernelSize'>, 1> : PairOf<OptionOf<Options, 'stride'>, 1>,
          PairOf<OptionOf<Options, 'padding'>, 0>, PairOf<OptionOf<Options, 'dilation'>, 1>, CeilModeOf<OptionOf<Options, 'ceilMode'>>>
    : Fail<'', `${Op}: expects a rank-4 NCHW tensor, got ${FormatShape<S>}`>;

type PoolSpatial<Op extends string, Batch, Channels, Height, Width, Kernel extends [number, number], Stride extends [number, number],
  Padding extends [number, number], Dilation extends [number, number], CeilMode extends boolean> =
  PadFits<Padding[0], Kernel[0]> extends false ? Fail<'padding', `${Op}: padding ${Padding[0]} is more than half the kernel ${Kernel[0]}`>
  : PadFits<Padding[1], Kernel[1]> extends false ? Fail<'padding', `${Op}: padding ${Padding[1]} is more than half the kernel ${Kernel[1]}`>
  : ConvOutputSize<Op, Height, Kernel[0], Stride[0], Padding[0], Padding[0], Dilation[0], CeilMode> extends infer OutH
    ? OutH extends Fail<string, string> ? OutH
    : ConvOutputSize<Op, Width, Kernel[1], Stride[1], Padding[1], Padding[1], Dilation[1], CeilMode> extends infer OutW
      ? OutW extends Fail<string, string> ? OutW : [Batch, Channels, OutH, OutW]
      : never
    : never;

export type PoolErrors<Op extends string, S extends Shape, Options> =
  ErrorTable<MessageOf<PoolRule<Op, S, Options>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<PoolRule<Op, S, Options>>) : never];
export type PoolShape<Op extends string, S extends Shape, Options> = Resolve<S, PoolRule<Op, S, Options>>;

/**
 * Runtime twin of `PoolRule`: kernel, stride, padding, dilation pairs and the output shape. `layer`
 * names the call in the sentences only plain JavaScript callers see (see options.ts); the caller has
 * checked the options object (its keys differ between maxPool2d and avgPool2d).
 */
export function poolRule(op: string, input: readonly Dim[], options: MaxPool2dOptions, layer: string = op): {
  kernelSize: [number, number]; stride: [number, number]; padding: [number, number]; dilation: [number, number]; ceilMode: boolean; shape: Dim[];
} {
  checkPositive(op, 'kernelSize', options.kernelSize);
  checkPositive(op, 'stride', options.stride);
  checkNonNegative(op, 'padding', options.padding);
  checkPositive(op, 'dilation', options.dilation);
  checkBoolean(layer, 'ceilMode', options.ceilMode);
  const kernelSize = pairOf(options.kernelSize, 1);
  const stride = options.stride === undefined ? kernelSize : pairOf(options.stride, 1);
  const padding = pairOf(options.padding, 0);
  const dilation = pairOf(options.dilation, 1);
  const ceilMode = options.ceilMode ?? false;
  for (const axis of [0, 1]) {
    if (padding[axis] * 2 > kernelSize[axis]) throw new ShapeError(`${op}: padding ${padding[axis]} is more than half the kernel ${kernelSize[axis]}`);
  }
  const [batch, channels, height, width] = input;
  const outHeight = convOutputSize(op, height, kernelSize[0], stride[0], padding[0], padding[0], dilation[0], ceilMode);
  const outWidth = convOutputSize(op, width, kernelSize[1], stride[1], padding[1], padding[1], dilation[1], ceilMode);
  return { kernelSize, stride, padding, dilation, ceilMode, shape: [batch, channels, outHeight, outWidth] };
}

/** Runtime twin of `PoolRule<'maxPool2d', …>`. */
export function maxPool2dRule(input: readonly Dim[], options: MaxPool2dOptions, layer = 'maxPool2d'): { attrs: OpAttrs['maxPool2d']; shape: Dim[] } {
  if (input.length !== 4) throw new ShapeError(`maxPool2d: expects a rank-4 NCHW tensor, got ${formatShape(input)}`);
  checkOptions(layer, options, maxPool2dOptionKeys, ['kernelSize']);
  const { shape, ...attrs } = poolRule('maxPool2d', input, options, layer);
  return { attrs, shape };
}
