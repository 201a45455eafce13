/**
 * maxPool2d: PyTorch's `nn.MaxPool2d`. The pooling rule is shared with avgPool2d (`PoolRule`), which
 * differs only in having no dilation and in how it averages.
 */
import type { Dim, OpAttrs } from '../ir.js';
import type { Gt, Mul } from '../internal/index.js';
import { formatShape, ShapeError, type FormatShape } from '../errors.js';
import { pairOf, type OptionOf, type PairOf, type PairOption, type Shape } from '../shape.js';
import { checkOptions, defineOptions, type SpecType, type OptionsFail, type OptionsKnown } from './options.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import type { AvgPool2dSpec } from './avgPool2d.js';
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

/** maxPool2d's options in the order messages list them, each value's kind, the required ones (see options.ts). */
export const maxPool2dOptions = defineOptions<MaxPool2dOptions>()(
  'maxPool2d', ['kernelSize', 'stride', 'padding', 'dilation', 'ceilMode'],
  { kernelSize: 'positive', stride: 'positive', padding: 'non-negative', dilation: 'positive', ceilMode: 'boolean' },
  ['kernelSize'],
);
/** The type of `maxPool2dOptions`, by a name signatures can print. */
export interface MaxPool2dOptionKinds extends SpecType<typeof maxPool2dOptions> {}
export type MaxPool2dSpec = MaxPool2dOptionKinds;

/** PyTorch: "pad should be at most half of effective kernel size" — checked against the kernel itself. */
type PadFits<Padding extends number, Kernel extends number> = [Gt<Mul<Padding, 2>, Kernel>] extends [true] ? false : true;

/** `true` or `false` for a literal (absent is false); `boolean` when only known at run time. */
type CeilModeOf<CeilMode> = [CeilMode] extends [true] ? true : [CeilMode] extends [false | undefined] ? false : boolean;

/**
 * The shared pooling rule for options that passed their own checks (options.ts): channels and batch
 * pass through (symbolic is fine), spatial axes slide.
 */
export type PoolRule<Op extends string, S extends Shape, Options> =
  S extends readonly [infer Batch, infer Channels, infer Height, infer Width]
    ? PoolSpatial<Op, Batch, Channels, Height, Width, PairOf<OptionOf<Options, 'kernelSize'>, 1>,
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

/** The whole rule of maxPool2d or avgPool2d: the options' own checks (options.ts), then `PoolRule`. */
export type PoolRuleOf<Op extends 'maxPool2d' | 'avgPool2d', S extends Shape, Options> =
  OptionsFail<Op extends 'maxPool2d' ? MaxPool2dSpec : AvgPool2dSpec, Options> extends infer Failed extends Fail<string, string> ? Failed : PoolRule<Op, S, Options>;
/** What the options parameter of `maxPool2d` and `avgPool2d` is intersected with (besides `CheckedOptions`). */
export type PoolErrors<Op extends 'maxPool2d' | 'avgPool2d', S extends Shape, Options> =
  OptionsKnown<Op extends 'maxPool2d' ? MaxPool2dSpec : AvgPool2dSpec, Options> extends true
    ? ErrorTable<MessageOf<PoolRuleOf<Op, S, Options>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<PoolRuleOf<Op, S, Options>>) : never]
    : unknown;
/** The output shape of maxPool2d for the editor. */
export type MaxPool2dShape<S extends Shape, Options> = S extends unknown ? (UnknownRank<S> extends true ? S : PoolOutput<'maxPool2d', S, Options>) : never;
/** The rule's output, its arguments passed through `infer` (see `RuleOutput` in rule.ts). */
export type PoolOutput<Op extends 'maxPool2d' | 'avgPool2d', S extends Shape, Options> =
  [S, Options] extends [infer Input extends Shape, infer Given] ? RuleOutput<PoolRuleOf<Op, Input, Given>> : never;

/**
 * Runtime twin of `PoolRule`: kernel, stride, padding, dilation pairs and the output shape. The caller
 * has checked the options (their keys differ between maxPool2d and avgPool2d).
 */
export function poolRule(op: string, input: readonly Dim[], options: MaxPool2dOptions): {
  kernelSize: [number, number]; stride: [number, number]; padding: [number, number]; dilation: [number, number]; ceilMode: boolean; shape: Dim[];
} {
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

/** Runtime twin of `PoolRuleOf<'maxPool2d', …>`. */
export function maxPool2dRule(input: readonly Dim[], options: MaxPool2dOptions): { attrs: OpAttrs['maxPool2d']; shape: Dim[] } {
  checkOptions(maxPool2dOptions, options);
  if (input.length !== 4) throw new ShapeError(`maxPool2d: expects a rank-4 NCHW tensor, got ${formatShape(input)}`);
  const { shape, ...attrs } = poolRule('maxPool2d', input, options);
  return { attrs, shape };
}
