/**
 * conv2d: 2-D convolution over NCHW input, PyTorch's `nn.Conv2d`. Options type, type-level shape rule,
 * runtime twin and parameter shapes side by side.
 */
import type { Dim, OpAttrs, PaddingMode, Padding2d } from '../ir.js';
import type { FloorDiv, Gt, Gte, Mod, Mul, Sub } from '../internal/index.js';
import { formatShape, ShapeError, type FormatShape } from '../errors.js';
import { pairOf, type OptionOf, type PairOf, type PairOption, type Shape } from '../shape.js';
import { checkOptions, defineOptions, type SpecType, type FirstFail, type OptionsFail, type OptionsKnown } from './options.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import { convOutputSize, type ConvOutputSize, type Fail } from './window.js';

export interface Conv2dOptions {
  /** Output channels (PyTorch's `out_channels`). */
  outChannels: number;
  kernelSize: PairOption;
  /** @default 1 */
  stride?: PairOption;
  /** Zero-padding per side, `'valid'` (none) or `'same'` (output size = input size; stride 1 only). @default 0 */
  padding?: PairOption | 'valid' | 'same';
  /** @default 1 */
  dilation?: PairOption;
  /** @default 1 */
  groups?: number;
  /** @default true */
  bias?: boolean;
  /**
   * How the border is padded. As in PyTorch, `'reflect'` needs each side's padding smaller than the
   * input and `'circular'` at most the input (it wraps around once); `'replicate'` pads any amount.
   * @default 'zeros'
   */
  paddingMode?: PaddingMode;
  /** The layer's name; parameters are `<name>.weight` and `<name>.bias`. */
  name?: string;
}

/** conv2d's options in the order messages list them, each value's kind, the required ones (see options.ts). */
export const conv2dOptions = defineOptions<Conv2dOptions>()(
  'conv2d', ['outChannels', 'kernelSize', 'stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode', 'name'],
  {
    outChannels: 'positive integer', kernelSize: 'positive', stride: 'positive', padding: 'conv padding', dilation: 'positive',
    groups: 'positive integer', bias: 'boolean', paddingMode: 'padding mode', name: 'name',
  },
  ['outChannels', 'kernelSize'],
);
/** The type of `conv2dOptions`, by a name signatures can print. */
export interface Conv2dOptionKinds extends SpecType<typeof conv2dOptions> {}
export type Conv2dSpec = Conv2dOptionKinds;

/** Per-axis padding `[lo, hi]` for 'same': total dilation·(kernel − 1), the extra pixel on the high side. */
type SamePads<Kernel extends number, Dilation extends number> =
  Mul<Dilation, Sub<Kernel, 1>> extends infer Total extends number
    ? FloorDiv<Total, 2> extends infer Low extends number ? [Low, Sub<Total, Low>] : never
    : never;
type AxisPads<Padding, Kernel extends number, Dilation extends number, Axis extends 0 | 1> =
  Padding extends 'same' ? SamePads<Kernel, Dilation>
  : Padding extends 'valid' ? [0, 0]
  : [PairOf<Padding, 0>[Axis], PairOf<Padding, 0>[Axis]];

/** False only when an axis's stride is a literal other than 1; a non-literal `number` is checked at run time. */
type StrideIsOne<Stride> = PairOf<Stride, 1> extends [infer Height, infer Width] ? (AxisStrideOne<Height> | AxisStrideOne<Width> extends true ? true : false) : never;
type AxisStrideOne<Axis> = Axis extends 1 ? true : number extends Axis ? true : false;
type GroupsOf<Groups> = Groups extends number ? Groups : 1;

/**
 * The output shape of conv2d for options that passed their own checks (options.ts), or the failure to report.
 * @example Conv2dRule<[1, 1, 32, 32], 6, 5, undefined, undefined, undefined, undefined> //=> [1, 6, 28, 28]
 * @example Conv2dRule<[1, 1, 4, 4], 6, 3, undefined, 5, undefined, undefined, 'circular'> //=> Fail<'padding', 'conv2d: circular padding 5 …'>
 */
export type Conv2dRule<S extends Shape, OutChannels, Kernel, Stride, Padding, Dilation, Groups, Mode = undefined> =
  S extends readonly [infer Batch, infer Channels, infer Height, infer Width]
    ? Padding extends 'same'
        ? StrideIsOne<Stride> extends true ? Conv2dChannels<Batch, Channels, Height, Width, OutChannels, PairOf<Kernel, 1>, PairOf<Stride, 1>, Padding, PairOf<Dilation, 1>, GroupsOf<Groups>, Mode>
          : Fail<'padding', `conv2d: padding 'same' needs stride 1, got stride ${FormatPair<Stride>}`>
        : Conv2dChannels<Batch, Channels, Height, Width, OutChannels, PairOf<Kernel, 1>, PairOf<Stride, 1>, Padding, PairOf<Dilation, 1>, GroupsOf<Groups>, Mode>
    : Fail<'', `conv2d: expects a rank-4 NCHW tensor, got ${FormatShape<S>}`>;

type FormatPair<Value> = Value extends readonly [infer Height extends number, infer Width extends number] ? `[${Height}, ${Width}]` : Value extends number ? `${Value}` : '1';

/** Whether Groups divides Value; `number` operands count as dividing (checked at run time). */
type Divides<Value extends number, Groups extends number> =
  [number] extends [Mod<Value, Groups>] ? true : [Mod<Value, Groups>] extends [0] ? true : false;

type Conv2dChannels<Batch, Channels, Height, Width, OutChannels, Kernel extends [number, number], Stride extends [number, number], Padding, Dilation extends [number, number], Groups extends number, Mode> =
  Channels extends string
    ? Fail<'', `conv2d: input channels must be a known size, got '${Channels}'`>
    : Channels extends number
      ? Divides<Channels, Groups> extends false
        ? Fail<'groups', `conv2d: input channels ${Channels} are not divisible by groups ${Groups}`>
        : OutChannels extends number
          ? Divides<OutChannels, Groups> extends false
            ? Fail<'groups', `conv2d: output channels ${OutChannels} are not divisible by groups ${Groups}`>
            : Conv2dSpatial<Batch, OutChannels, Height, Width, Kernel, Stride, AxisPads<Padding, Kernel[0], Dilation[0], 0>, AxisPads<Padding, Kernel[1], Dilation[1], 1>, Dilation, Mode>
          : never
      : never;

/** The padding mode is checked first, as PyTorch pads (F.pad) before it convolves; then each axis slides. */
type Conv2dSpatial<Batch, OutChannels, Height, Width, Kernel extends [number, number], Stride extends [number, number], PadsH, PadsW, Dilation extends [number, number], Mode> =
  PadsH extends [infer LowH extends number, infer HighH extends number]
    ? PadsW extends [infer LowW extends number, infer HighW extends number]
      ? FirstFail<[CheckPaddingMode<Mode, 'height', Height, HighH>, CheckPaddingMode<Mode, 'width', Width, HighW>]> extends infer Failed extends Fail<string, string>
        ? Failed
        : ConvOutputSize<'conv2d', Height, Kernel[0], Stride[0], LowH, HighH, Dilation[0], false> extends infer OutH
          ? OutH extends Fail<string, string> ? OutH
            : ConvOutputSize<'conv2d', Width, Kernel[1], Stride[1], LowW, HighW, Dilation[1], false> extends infer OutW
              ? OutW extends Fail<string, string> ? OutW : [Batch, OutChannels, OutH, OutW]
              : never
          : never
      : never
    : never;

/**
 * PyTorch's limits on padding before a reflect or circular convolution, along one axis. Reflect
 * mirrors the input without repeating its edge, so each side's padding must be smaller than the input
 * ("Padding size should be less than the corresponding input dimension"); circular wraps around at
 * most once, so it may equal the input but not exceed it ("Padding value causes wrapping around more
 * than once"). Zeros and replicate pad any amount. `Pad` is the larger side's padding (the high side:
 * `'same'` puts the odd pixel there). A symbolic or `number` size or padding is checked at run time.
 * @example CheckPaddingMode<'reflect', 'height', 4, 3> //=> 'ok'
 * @example CheckPaddingMode<'circular', 'width', 4, 5> //=> Fail<'padding', 'conv2d: circular padding 5 must be at most the input width 4 (it would wrap around more than once)'>
 */
export type CheckPaddingMode<Mode, Axis extends 'height' | 'width', Input, Pad extends number> =
  Input extends number
    ? [Mode] extends ['reflect']
      ? [Gte<Pad, Input>] extends [true] ? Fail<'padding', `conv2d: reflect padding ${Pad} must be smaller than the input ${Axis} ${Input}`> : 'ok'
      : [Mode] extends ['circular']
        ? [Gt<Pad, Input>] extends [true] ? Fail<'padding', `conv2d: circular padding ${Pad} must be at most the input ${Axis} ${Input} (it would wrap around more than once)`> : 'ok'
        : 'ok'
    : 'ok';

/** Runtime twin of `CheckPaddingMode`; also used by `validateGraph` on IR attributes. */
export function checkPaddingMode(mode: PaddingMode, axis: 'height' | 'width', input: number | string, pad: number): void {
  if (typeof input !== 'number') return;
  if (mode === 'reflect' && pad >= input) {
    throw new ShapeError(`conv2d: reflect padding ${pad} must be smaller than the input ${axis} ${input}`);
  }
  if (mode === 'circular' && pad > input) {
    throw new ShapeError(`conv2d: circular padding ${pad} must be at most the input ${axis} ${input} (it would wrap around more than once)`);
  }
}

/** The whole conv2d rule: the options' own checks (options.ts), then their fit to the input. */
export type Conv2dRuleOf<S extends Shape, Options> =
  OptionsFail<Conv2dSpec, Options> extends infer Failed extends Fail<string, string> ? Failed
  : Conv2dRule<S, OptionOf<Options, 'outChannels'>, OptionOf<Options, 'kernelSize'>, OptionOf<Options, 'stride'>, OptionOf<Options, 'padding'>, OptionOf<Options, 'dilation'>, OptionOf<Options, 'groups'>, OptionOf<Options, 'paddingMode'>>;

/** Which option a conv2d call gets wrong, distributive over S and 'ok' for an unknown rank (see rule.ts). */
export type Conv2dVerdict<S extends Shape, Options> = S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<Conv2dRuleOf<S, Options>>) : never;

/** What the options parameter of `conv2d` is intersected with (besides `CheckedOptions`): `unknown`, or the sentence on the blamed option. */
export type Conv2dErrors<S extends Shape, Options> = OptionsKnown<Conv2dSpec, Options> extends true ? ErrorTable<MessageOf<Conv2dRuleOf<S, Options>>>[Conv2dVerdict<S, Options>] : unknown;

/** The output shape of conv2d for the editor; `Dim[]` for an unknown rank, a `FailedShape` after a reported error. */
export type Conv2dShape<S extends Shape, Options> = S extends unknown ? (UnknownRank<S> extends true ? S : Conv2dOutput<S, Options>) : never;
/** The rule's output, its arguments passed through `infer` (see `RuleOutput` in rule.ts). */
type Conv2dOutput<S extends Shape, Options> = [S, Options] extends [infer Input extends Shape, infer Given] ? RuleOutput<Conv2dRuleOf<Input, Given>> : never;

/**
 * Runtime twin of `Conv2dRuleOf`: normalized attributes and output shape, or a `ShapeError` with the
 * same sentences.
 */
export function conv2dRule(input: readonly Dim[], options: Conv2dOptions): { attrs: OpAttrs['conv2d']; shape: Dim[] } {
  checkOptions(conv2dOptions, options);
  if (input.length !== 4) throw new ShapeError(`conv2d: expects a rank-4 NCHW tensor, got ${formatShape(input)}`);
  const paddingOption = options.padding ?? 0;
  const paddingMode = options.paddingMode ?? 'zeros';
  const kernel = pairOf(options.kernelSize, 1);
  const stride = pairOf(options.stride, 1);
  const dilation = pairOf(options.dilation, 1);
  const groups = options.groups ?? 1;
  if (paddingOption === 'same' && (stride[0] !== 1 || stride[1] !== 1)) {
    const text = options.stride === undefined ? '1' : Array.isArray(options.stride) ? `[${stride[0]}, ${stride[1]}]` : String(options.stride);
    throw new ShapeError(`conv2d: padding 'same' needs stride 1, got stride ${text}`);
  }
  const [batch, channels, height, width] = input;
  if (typeof channels === 'string') throw new ShapeError(`conv2d: input channels must be a known size, got '${channels}'`);
  if (channels % groups !== 0) throw new ShapeError(`conv2d: input channels ${channels} are not divisible by groups ${groups}`);
  if (options.outChannels % groups !== 0) {
    throw new ShapeError(`conv2d: output channels ${options.outChannels} are not divisible by groups ${groups}`);
  }
  const padding = conv2dPadding(paddingOption, kernel, dilation);
  checkPaddingMode(paddingMode, 'height', height, Math.max(padding.top, padding.bottom));
  checkPaddingMode(paddingMode, 'width', width, Math.max(padding.left, padding.right));
  const outHeight = convOutputSize('conv2d', height, kernel[0], stride[0], padding.top, padding.bottom, dilation[0], false);
  const outWidth = convOutputSize('conv2d', width, kernel[1], stride[1], padding.left, padding.right, dilation[1], false);
  return {
    attrs: {
      inChannels: channels, outChannels: options.outChannels, kernelSize: kernel, stride, padding, dilation, groups,
      bias: options.bias ?? true, paddingMode,
    },
    shape: [batch, options.outChannels, outHeight, outWidth],
  };
}

/** Explicit per-side padding; 'same' puts the odd pixel of an even window at the bottom/right, as PyTorch. */
export function conv2dPadding(padding: PairOption | 'valid' | 'same', kernel: [number, number], dilation: [number, number]): Padding2d {
  if (padding === 'valid') return { top: 0, bottom: 0, left: 0, right: 0 };
  if (padding === 'same') {
    const totalH = dilation[0] * (kernel[0] - 1);
    const totalW = dilation[1] * (kernel[1] - 1);
    return { top: Math.floor(totalH / 2), bottom: totalH - Math.floor(totalH / 2), left: Math.floor(totalW / 2), right: totalW - Math.floor(totalW / 2) };
  }
  const [h, w] = pairOf(padding, 0);
  return { top: h, bottom: h, left: w, right: w };
}

/** PyTorch's parameter shapes: weight [out, in/groups, kh, kw], bias [out]. */
export function conv2dParamShapes(attrs: OpAttrs['conv2d']): { weight: number[]; bias?: number[] } {
  const weight = [attrs.outChannels, attrs.inChannels / attrs.groups, attrs.kernelSize[0], attrs.kernelSize[1]];
  return attrs.bias ? { weight, bias: [attrs.outChannels] } : { weight };
}
