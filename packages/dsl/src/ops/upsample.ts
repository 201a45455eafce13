/** upsample: PyTorch's `nn.Upsample(scale_factor, mode='nearest')` with integer scale factors. */
import type { Dim, OpAttrs } from '../ir.js';
import type { Mul } from '../internal/index.js';
import { formatShape, ShapeError, type FormatShape } from '../errors.js';
import { pairOf, type OptionOf, type PairOf, type PairOption, type Shape } from '../shape.js';
import { checkOptions, defineOptions, type SpecType, type OptionsFail, type OptionsKnown } from './options.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import type { Fail } from './window.js';

export interface UpsampleOptions {
  /** An integer factor per spatial axis. */
  scaleFactor: PairOption;
  /** @default 'nearest' */
  mode?: 'nearest';
}

/** upsample's options in the order messages list them, each value's kind, the required ones (see options.ts). */
export const upsampleOptions = defineOptions<UpsampleOptions>()('upsample', ['scaleFactor', 'mode'], { scaleFactor: 'positive', mode: 'nearest' }, ['scaleFactor']);
/** The type of `upsampleOptions`, by a name signatures can print. */
export interface UpsampleOptionKinds extends SpecType<typeof upsampleOptions> {}
export type UpsampleSpec = UpsampleOptionKinds;

type Scale<Dim, Factor extends number> = Dim extends number ? Mul<Dim, Factor> : Fail<'', `upsample: cannot compute with symbolic dimension '${Dim & string}'`>;

/** The output shape of upsample: the options' own checks (options.ts), then each spatial axis scaled. */
export type UpsampleRule<S extends Shape, Options> =
  OptionsFail<UpsampleSpec, Options> extends infer Failed extends Fail<string, string> ? Failed
  : S extends readonly [infer Batch, infer Channels, infer Height, infer Width]
    ? PairOf<OptionOf<Options, 'scaleFactor'>, 1> extends [infer FactorH extends number, infer FactorW extends number]
        ? Scale<Height, FactorH> extends infer OutH ? OutH extends Fail<string, string> ? OutH
          : Scale<Width, FactorW> extends infer OutW ? OutW extends Fail<string, string> ? OutW : [Batch, Channels, OutH, OutW] : never : never
        : never
    : Fail<'', `upsample: expects a rank-4 NCHW tensor, got ${FormatShape<S>}`>;
export type UpsampleErrors<S extends Shape, Options> = OptionsKnown<UpsampleSpec, Options> extends true
  ? ErrorTable<MessageOf<UpsampleRule<S, Options>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<UpsampleRule<S, Options>>) : never]
  : unknown;
/** The output shape of upsample for the editor. */
export type UpsampleShape<S extends Shape, Options> = S extends unknown ? (UnknownRank<S> extends true ? S : UpsampleOutput<S, Options>) : never;
type UpsampleOutput<S extends Shape, Options> = [S, Options] extends [infer Input extends Shape, infer Given] ? RuleOutput<UpsampleRule<Input, Given>> : never;

/** Runtime twin of `UpsampleRule`. */
export function upsampleRule(input: readonly Dim[], options: UpsampleOptions): { attrs: OpAttrs['upsample']; shape: Dim[] } {
  checkOptions(upsampleOptions, options);
  if (input.length !== 4) throw new ShapeError(`upsample: expects a rank-4 NCHW tensor, got ${formatShape(input)}`);
  const scale = pairOf(options.scaleFactor, 1);
  const [batch, channels, height, width] = input;
  for (const d of [height, width]) if (typeof d === 'string') throw new ShapeError(`upsample: cannot compute with symbolic dimension '${d}'`);
  return { attrs: { scaleFactor: scale, mode: 'nearest' }, shape: [batch, channels, (height as number) * scale[0], (width as number) * scale[1]] };
}
