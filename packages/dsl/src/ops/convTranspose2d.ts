/** convTranspose2d: transposed 2-D convolution, PyTorch's `nn.ConvTranspose2d`. */
import type { Dim, OpAttrs } from '../ir.js';
import type { Gte, Mod } from '../internal/index.js';
import { formatShape, ShapeError, type FormatShape } from '../errors.js';
import { pairOf, type OptionOf, type PairOf, type PairOption, type Shape } from '../shape.js';
import { checkBoolean, checkNonNegative, checkOptions, checkPositive, type CheckNonNegative, type CheckPositive, type FirstFail } from './options.js';
import type { ErrorTable, MessageOf, UnknownRank, VerdictOf, Resolve } from './rule.js';
import { convTransposeOutputSize, type ConvTransposeOutputSize, type Fail } from './window.js';

export interface ConvTranspose2dOptions {
  outChannels: number;
  kernelSize: PairOption;
  /** @default 1 */
  stride?: PairOption;
  /** Removed from each side of the output. @default 0 */
  padding?: PairOption;
  /** Added to one side of the output; must be smaller than stride or dilation. @default 0 */
  outputPadding?: PairOption;
  /** @default 1 */
  dilation?: PairOption;
  /** @default 1 */
  groups?: number;
  /** @default true */
  bias?: boolean;
  name?: string;
}

/** Every option of convTranspose2d, in the order error messages list them; `satisfies` keeps it equal to `ConvTranspose2dOptions`. */
export const convTranspose2dOptionKeys = Object.keys({
  outChannels: 0, kernelSize: 0, stride: 0, padding: 0, outputPadding: 0, dilation: 0, groups: 0, bias: 0, name: 0,
} satisfies Record<keyof ConvTranspose2dOptions, 0>);

type Divides<Value extends number, Groups extends number> =
  [number] extends [Mod<Value, Groups>] ? true : [Mod<Value, Groups>] extends [0] ? true : false;

/** PyTorch requires outputPadding < stride or outputPadding < dilation, per axis. */
type OutputPaddingFits<OutputPadding extends number, Stride extends number, Dilation extends number> =
  [Gte<OutputPadding, Stride>] extends [true] ? ([Gte<OutputPadding, Dilation>] extends [true] ? false : true) : true;

export type ConvTranspose2dRule<S extends Shape, Options> =
  S extends readonly [infer Batch, infer Channels, infer Height, infer Width]
    ? FirstFail<[
        CheckPositive<'convTranspose2d', 'outChannels', OptionOf<Options, 'outChannels'>>,
        CheckPositive<'convTranspose2d', 'kernelSize', OptionOf<Options, 'kernelSize'>>,
        CheckPositive<'convTranspose2d', 'stride', OptionOf<Options, 'stride'>>,
        CheckNonNegative<'convTranspose2d', 'padding', OptionOf<Options, 'padding'>>,
        CheckNonNegative<'convTranspose2d', 'outputPadding', OptionOf<Options, 'outputPadding'>>,
        CheckPositive<'convTranspose2d', 'dilation', OptionOf<Options, 'dilation'>>,
        CheckPositive<'convTranspose2d', 'groups', OptionOf<Options, 'groups'>>,
      ]> extends infer Failed extends Fail<string, string>
      ? Failed
      : ConvTransposeChecked<Batch, Channels, Height, Width, OptionOf<Options, 'outChannels'>, PairOf<OptionOf<Options, 'kernelSize'>, 1>,
          PairOf<OptionOf<Options, 'stride'>, 1>, PairOf<OptionOf<Options, 'padding'>, 0>, PairOf<OptionOf<Options, 'outputPadding'>, 0>,
          PairOf<OptionOf<Options, 'dilation'>, 1>, OptionOf<Options, 'groups'> extends number ? OptionOf<Options, 'groups'> : 1>
    : Fail<'', `convTranspose2d: expects a rank-4 NCHW tensor, got ${FormatShape<S>}`>;

type ConvTransposeChecked<Batch, Channels, Height, Width, OutChannels, Kernel extends [number, number], Stride extends [number, number],
  Padding extends [number, number], OutputPadding extends [number, number], Dilation extends [number, number], Groups extends number> =
  Channels extends string ? Fail<'', `convTranspose2d: input channels must be a known size, got '${Channels}'`>
  : Channels extends number
    ? Divides<Channels, Groups> extends false ? Fail<'groups', `convTranspose2d: input channels ${Channels} are not divisible by groups ${Groups}`>
    : OutChannels extends number
      ? Divides<OutChannels, Groups> extends false ? Fail<'groups', `convTranspose2d: output channels ${OutChannels} are not divisible by groups ${Groups}`>
      : OutputPaddingFits<OutputPadding[0], Stride[0], Dilation[0]> extends false
        ? Fail<'outputPadding', `convTranspose2d: outputPadding ${OutputPadding[0]} must be smaller than stride ${Stride[0]} or dilation ${Dilation[0]}`>
      : OutputPaddingFits<OutputPadding[1], Stride[1], Dilation[1]> extends false
        ? Fail<'outputPadding', `convTranspose2d: outputPadding ${OutputPadding[1]} must be smaller than stride ${Stride[1]} or dilation ${Dilation[1]}`>
      : ConvTransposeOutputSize<Height, Kernel[0], Stride[0], Padding[0], OutputPadding[0], Dilation[0]> extends infer OutH
        ? OutH extends Fail<string, string> ? OutH
        : ConvTransposeOutputSize<Width, Kernel[1], Stride[1], Padding[1], OutputPadding[1], Dilation[1]> extends infer OutW
          ? OutW extends Fail<string, string> ? OutW : [Batch, OutChannels, OutH, OutW]
          : never
        : never
      : never
    : never;

export type ConvTranspose2dErrors<S extends Shape, Options> =
  ErrorTable<MessageOf<ConvTranspose2dRule<S, Options>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<ConvTranspose2dRule<S, Options>>) : never];
export type ConvTranspose2dShape<S extends Shape, Options> = Resolve<S, ConvTranspose2dRule<S, Options>>;

/** Runtime twin of `ConvTranspose2dRule`. `layer` names the call in runtime-only sentences (see options.ts). */
export function convTranspose2dRule(input: readonly Dim[], options: ConvTranspose2dOptions, layer = 'convTranspose2d'): { attrs: OpAttrs['convTranspose2d']; shape: Dim[] } {
  const op = 'convTranspose2d';
  if (input.length !== 4) throw new ShapeError(`${op}: expects a rank-4 NCHW tensor, got ${formatShape(input)}`);
  checkOptions(layer, options, convTranspose2dOptionKeys, ['outChannels', 'kernelSize']);
  checkPositive(op, 'outChannels', options.outChannels);
  checkPositive(op, 'kernelSize', options.kernelSize);
  checkPositive(op, 'stride', options.stride);
  checkNonNegative(op, 'padding', options.padding);
  checkNonNegative(op, 'outputPadding', options.outputPadding);
  checkPositive(op, 'dilation', options.dilation);
  checkPositive(op, 'groups', options.groups);
  checkBoolean(layer, 'bias', options.bias);
  const kernel = pairOf(options.kernelSize, 1);
  const stride = pairOf(options.stride, 1);
  const padding = pairOf(options.padding, 0);
  const outputPadding = pairOf(options.outputPadding, 0);
  const dilation = pairOf(options.dilation, 1);
  const groups = options.groups ?? 1;
  const [batch, channels, height, width] = input;
  if (typeof channels === 'string') throw new ShapeError(`${op}: input channels must be a known size, got '${channels}'`);
  if (channels % groups !== 0) throw new ShapeError(`${op}: input channels ${channels} are not divisible by groups ${groups}`);
  if (options.outChannels % groups !== 0) throw new ShapeError(`${op}: output channels ${options.outChannels} are not divisible by groups ${groups}`);
  for (const axis of [0, 1]) {
    if (outputPadding[axis] >= stride[axis] && outputPadding[axis] >= dilation[axis]) {
      throw new ShapeError(`${op}: outputPadding ${outputPadding[axis]} must be smaller than stride ${stride[axis]} or dilation ${dilation[axis]}`);
    }
  }
  const outHeight = convTransposeOutputSize(height, kernel[0], stride[0], padding[0], outputPadding[0], dilation[0]);
  const outWidth = convTransposeOutputSize(width, kernel[1], stride[1], padding[1], outputPadding[1], dilation[1]);
  return {
    attrs: { inChannels: channels, outChannels: options.outChannels, kernelSize: kernel, stride, padding, outputPadding, dilation, groups, bias: options.bias ?? true },
    shape: [batch, options.outChannels, outHeight, outWidth],
  };
}

/** PyTorch's parameter shapes: weight [in, out/groups, kh, kw], bias [out]. */
export function convTranspose2dParamShapes(attrs: OpAttrs['convTranspose2d']): { weight: number[]; bias?: number[] } {
  const weight = [attrs.inChannels, attrs.outChannels / attrs.groups, attrs.kernelSize[0], attrs.kernelSize[1]];
  return attrs.bias ? { weight, bias: [attrs.outChannels] } : { weight };
}
