/** convTranspose2d: transposed 2-D convolution, PyTorch's `nn.ConvTranspose2d`. */
import type { Dim, OpAttrs } from '../ir.js';
import type { Gte, Mod } from '../internal/index.js';
import { formatShape, ShapeError, type FormatShape } from '../errors.js';
import { pairOf, type OptionOf, type PairOf, type PairOption, type Shape } from '../shape.js';
import { checkOptions, defineOptions, type SpecType, type OptionsFail, type OptionsKnown } from './options.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
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

/** convTranspose2d's options in the order messages list them, each value's kind, the required ones (see options.ts). */
export const convTranspose2dOptions = defineOptions<ConvTranspose2dOptions>()(
  'convTranspose2d', ['outChannels', 'kernelSize', 'stride', 'padding', 'outputPadding', 'dilation', 'groups', 'bias', 'name'],
  {
    outChannels: 'positive integer', kernelSize: 'positive', stride: 'positive', padding: 'non-negative', outputPadding: 'non-negative',
    dilation: 'positive', groups: 'positive integer', bias: 'boolean', name: 'name',
  },
  ['outChannels', 'kernelSize'],
);
/** The type of `convTranspose2dOptions`, by a name signatures can print. */
export interface ConvTranspose2dOptionKinds extends SpecType<typeof convTranspose2dOptions> {}
export type ConvTranspose2dSpec = ConvTranspose2dOptionKinds;

type Divides<Value extends number, Groups extends number> =
  [number] extends [Mod<Value, Groups>] ? true : [Mod<Value, Groups>] extends [0] ? true : false;

/** PyTorch requires outputPadding < stride or outputPadding < dilation, per axis. */
type OutputPaddingFits<OutputPadding extends number, Stride extends number, Dilation extends number> =
  [Gte<OutputPadding, Stride>] extends [true] ? ([Gte<OutputPadding, Dilation>] extends [true] ? false : true) : true;

/** The output shape of convTranspose2d: the options' own checks (options.ts), then their fit to the input. */
export type ConvTranspose2dRule<S extends Shape, Options> =
  OptionsFail<ConvTranspose2dSpec, Options> extends infer Failed extends Fail<string, string> ? Failed
  : S extends readonly [infer Batch, infer Channels, infer Height, infer Width]
    ? ConvTransposeChecked<Batch, Channels, Height, Width, OptionOf<Options, 'outChannels'>, PairOf<OptionOf<Options, 'kernelSize'>, 1>,
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

export type ConvTranspose2dErrors<S extends Shape, Options> = OptionsKnown<ConvTranspose2dSpec, Options> extends true
  ? ErrorTable<MessageOf<ConvTranspose2dRule<S, Options>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<ConvTranspose2dRule<S, Options>>) : never]
  : unknown;
/** The output shape of convTranspose2d for the editor. */
export type ConvTranspose2dShape<S extends Shape, Options> = S extends unknown ? (UnknownRank<S> extends true ? S : ConvTranspose2dOutput<S, Options>) : never;
type ConvTranspose2dOutput<S extends Shape, Options> = [S, Options] extends [infer Input extends Shape, infer Given] ? RuleOutput<ConvTranspose2dRule<Input, Given>> : never;

/** Runtime twin of `ConvTranspose2dRule`. */
export function convTranspose2dRule(input: readonly Dim[], options: ConvTranspose2dOptions): { attrs: OpAttrs['convTranspose2d']; shape: Dim[] } {
  const op = 'convTranspose2d';
  checkOptions(convTranspose2dOptions, options);
  if (input.length !== 4) throw new ShapeError(`${op}: expects a rank-4 NCHW tensor, got ${formatShape(input)}`);
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
