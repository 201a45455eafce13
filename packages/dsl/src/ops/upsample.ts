/**
 * upsample: PyTorch's `nn.Upsample` / `F.interpolate` on NCHW images, `mode` 'nearest' or 'bilinear',
 * to a given `size` or by a `scaleFactor` that may be fractional.
 *
 * With a scale factor the output size is ⌊in × factor⌋ computed in float64, as PyTorch does
 * (`ScaledSize` in internal/scale.ts says where the type level gives a literal and where `number`);
 * and, as PyTorch does unless `recompute_scale_factor` is set, the kernels then map output pixels to
 * source pixels with 1 / factor rather than in / out — which differ for fractional factors (5 × 1.5 →
 * 7: 1 / 1.5 against 5 / 7). So the IR keeps the factor the user gave beside the size.
 */
import type { Dim, OpAttrs } from '../ir.js';
import type { ScaledSize } from '../internal/index.js';
import { formatShape, formatValue, ShapeError, type FormatShape } from '../errors.js';
import { pairOf, type OptionOf, type PairOf, type PairOption, type Shape } from '../shape.js';
import { checkOptions, defineOptions, type SpecType, type OptionsFail, type OptionsKnown } from './options.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import type { Fail } from './window.js';

export interface UpsampleOptions {
  /** The output height and width (a number means both). Give this or `scaleFactor`. */
  size?: PairOption;
  /** A factor per spatial axis, fractional or not: the output is ⌊in × factor⌋. Give this or `size`. */
  scaleFactor?: number | readonly [number, number];
  /** @default 'nearest' */
  mode?: 'nearest' | 'bilinear';
  /**
   * bilinear only: corner pixels' centres map onto each other, source = dst · (in − 1) / (out − 1);
   * otherwise pixel areas do, source = (dst + ½) / scale − ½. PyTorch's `align_corners`. @default false
   */
  alignCorners?: boolean;
}

/** upsample's options in the order messages list them, each value's kind (see options.ts); `size` or `scaleFactor` is checked by the rule. */
export const upsampleOptions = defineOptions<UpsampleOptions>()(
  'upsample', ['size', 'scaleFactor', 'mode', 'alignCorners'], { size: 'positive', scaleFactor: 'scale', mode: 'upsample mode', alignCorners: 'boolean' },
);
/** The type of `upsampleOptions`, by a name signatures can print. */
export interface UpsampleOptionKinds extends SpecType<typeof upsampleOptions> {}
export type UpsampleSpec = UpsampleOptionKinds;

type Scale<Dim, Factor extends number> =
  Dim extends number
    ? ScaledSize<Dim, Factor> extends infer Size extends number
      ? [Size] extends [0] ? Fail<'scaleFactor', `upsample: scaleFactor ${Factor} leaves an output size of 0 (input ${Dim}); it must be at least 1`> : Size
      : never
    : Fail<'', `upsample: cannot compute with symbolic dimension '${Dim & string}'`>;
type Given<Value> = [Value] extends [undefined] ? false : true;
/** Whether the mode is certainly nearest (absent or 'nearest'); a mode typed wide is checked at run time. */
type Nearest<Mode> = [Mode] extends ['nearest' | undefined] ? true : false;

/** The output shape of upsample: the options' own checks (options.ts), size or scaleFactor, alignCorners against the mode, then each spatial axis. */
export type UpsampleRule<S extends Shape, Options> =
  OptionsFail<UpsampleSpec, Options> extends infer Failed extends Fail<string, string> ? Failed
  : [Given<OptionOf<Options, 'size'>>, Given<OptionOf<Options, 'scaleFactor'>>] extends [false, false] ? Fail<'', 'upsample: option size or scaleFactor is required'>
  : [Given<OptionOf<Options, 'size'>>, Given<OptionOf<Options, 'scaleFactor'>>] extends [true, true] ? Fail<'', 'upsample: give size or scaleFactor, not both'>
  : [Nearest<OptionOf<Options, 'mode'>>, Given<OptionOf<Options, 'alignCorners'>>] extends [true, true]
    ? Fail<'alignCorners', "upsample: alignCorners applies to mode 'bilinear' only">
  : S extends readonly [infer Batch, infer Channels, infer Height, infer Width]
    ? Height extends string ? Fail<'', `upsample: cannot compute with symbolic dimension '${Height}'`>
      : Width extends string ? Fail<'', `upsample: cannot compute with symbolic dimension '${Width}'`>
      : Given<OptionOf<Options, 'size'>> extends true
        ? PairOf<OptionOf<Options, 'size'>, 1> extends [infer OutH, infer OutW] ? [Batch, Channels, OutH, OutW] : never
        : PairOf<OptionOf<Options, 'scaleFactor'>, 1> extends [infer FactorH extends number, infer FactorW extends number]
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

/** Runtime twin of `ScaledSize` (internal/scale.ts): PyTorch's output size, ⌊float64(size) · float64(factor)⌋. */
export function scaledSize(size: number, factor: number): number {
  return Math.floor(size * factor);
}

/** Runtime twin of `UpsampleRule`. */
export function upsampleRule(input: readonly Dim[], options: UpsampleOptions): { attrs: OpAttrs['upsample']; shape: Dim[] } {
  checkOptions(upsampleOptions, options);
  if (options.size === undefined && options.scaleFactor === undefined) throw new ShapeError('upsample: option size or scaleFactor is required');
  if (options.size !== undefined && options.scaleFactor !== undefined) throw new ShapeError('upsample: give size or scaleFactor, not both');
  const mode = options.mode ?? 'nearest';
  if (mode === 'nearest' && options.alignCorners !== undefined) throw new ShapeError("upsample: alignCorners applies to mode 'bilinear' only");
  if (input.length !== 4) throw new ShapeError(`upsample: expects a rank-4 NCHW tensor, got ${formatShape(input)}`);
  const [batch, channels, height, width] = input;
  for (const d of [height, width]) if (typeof d === 'string') throw new ShapeError(`upsample: cannot compute with symbolic dimension '${d}'`);
  const spatial = [height as number, width as number];
  let size: [number, number];
  let scaleFactor: [number, number] | null = null;
  if (options.size !== undefined) size = pairOf(options.size, 1);
  else {
    scaleFactor = pairOf(options.scaleFactor as PairOption, 1);
    size = [scaledSize(spatial[0], scaleFactor[0]), scaledSize(spatial[1], scaleFactor[1])];
    for (const axis of [0, 1]) {
      if (size[axis] === 0) {
        throw new ShapeError(`upsample: scaleFactor ${formatValue(scaleFactor[axis])} leaves an output size of 0 (input ${spatial[axis]}); it must be at least 1`);
      }
    }
  }
  return { attrs: { mode, alignCorners: options.alignCorners ?? false, size, scaleFactor }, shape: [batch, channels, size[0], size[1]] };
}
