/** upsample: PyTorch's `nn.Upsample(scale_factor, mode='nearest')` with integer scale factors. */
import type { Dim, OpAttrs } from '../ir.js';
import type { Mul } from '../internal/index.js';
import { formatShape, formatValue, ShapeError, type FormatShape } from '../errors.js';
import { pairOf, type OptionOf, type PairOf, type PairOption, type Shape } from '../shape.js';
import { checkOptions, checkPositive, type CheckPositive } from './options.js';
import type { ErrorTable, MessageOf, UnknownRank, VerdictOf, Resolve } from './rule.js';
import type { Fail } from './window.js';

export interface UpsampleOptions {
  /** An integer factor per spatial axis. */
  scaleFactor: PairOption;
  /** @default 'nearest' */
  mode?: 'nearest';
}

/** Every option of upsample, in the order error messages list them; `satisfies` keeps it equal to `UpsampleOptions`. */
export const upsampleOptionKeys = Object.keys({ scaleFactor: 0, mode: 0 } satisfies Record<keyof UpsampleOptions, 0>);

type Scale<Dim, Factor extends number> = Dim extends number ? Mul<Dim, Factor> : Fail<'', `upsample: cannot compute with symbolic dimension '${Dim & string}'`>;

export type UpsampleRule<S extends Shape, Options> =
  S extends readonly [infer Batch, infer Channels, infer Height, infer Width]
    ? CheckPositive<'upsample', 'scaleFactor', OptionOf<Options, 'scaleFactor'>> extends infer Failed extends Fail<string, string> ? Failed
      : PairOf<OptionOf<Options, 'scaleFactor'>, 1> extends [infer FactorH extends number, infer FactorW extends number]
        ? Scale<Height, FactorH> extends infer OutH ? OutH extends Fail<string, string> ? OutH
          : Scale<Width, FactorW> extends infer OutW ? OutW extends Fail<string, string> ? OutW : [Batch, Channels, OutH, OutW] : never : never
        : never
    : Fail<'', `upsample: expects a rank-4 NCHW tensor, got ${FormatShape<S>}`>;
export type UpsampleErrors<S extends Shape, Options> =
  ErrorTable<MessageOf<UpsampleRule<S, Options>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<UpsampleRule<S, Options>>) : never];
export type UpsampleShape<S extends Shape, Options> = Resolve<S, UpsampleRule<S, Options>>;

/** Runtime twin of `UpsampleRule`. `layer` names the call in runtime-only sentences (see options.ts). */
export function upsampleRule(input: readonly Dim[], options: UpsampleOptions, layer = 'upsample'): { attrs: OpAttrs['upsample']; shape: Dim[] } {
  if (input.length !== 4) throw new ShapeError(`upsample: expects a rank-4 NCHW tensor, got ${formatShape(input)}`);
  checkOptions(layer, options, upsampleOptionKeys, ['scaleFactor']);
  checkPositive('upsample', 'scaleFactor', options.scaleFactor);
  if ((options.mode ?? 'nearest') !== 'nearest') throw new ShapeError(`${layer}: only mode 'nearest' is supported, got ${formatValue(options.mode)}`);
  const scale = pairOf(options.scaleFactor, 1);
  const [batch, channels, height, width] = input;
  for (const d of [height, width]) if (typeof d === 'string') throw new ShapeError(`upsample: cannot compute with symbolic dimension '${d}'`);
  return { attrs: { scaleFactor: scale, mode: 'nearest' }, shape: [batch, channels, (height as number) * scale[0], (width as number) * scale[1]] };
}
