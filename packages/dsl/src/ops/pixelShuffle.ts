/** pixelShuffle: PyTorch's `nn.PixelShuffle(r)`: (*, C·r², H, W) → (*, C, H·r, W·r), channel c·r² + i·r + j to pixel (y·r + i, x·r + j) of channel c. */
import type { Dim, OpAttrs } from '../ir.js';
import type { FloorDiv, Mod, Mul } from '../internal/index.js';
import { formatShape, ShapeError, type FormatShape } from '../errors.js';
import type { Shape } from '../shape.js';
import { checkValue, type AsFail, type CheckValue } from './options.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import type { Fail } from './window.js';

/** The factor's own check, then the fit: rank 3 or more, known sizes, channels divisible by r². */
export type PixelShuffleRule<S extends Shape, Factor> =
  AsFail<'', CheckValue<'pixelShuffle', 'upscaleFactor', 'positive integer', Factor>> extends infer Failed extends Fail<string, string> ? Failed
  : S extends readonly [...infer Batch, infer Channels, infer Height, infer Width]
    ? [Channels, Height, Width] extends [infer C extends number, infer H extends number, infer W extends number]
      ? number extends C | Factor ? [...Batch, number, Mul<H, Factor & number>, Mul<W, Factor & number>]
      : Mod<C, Mul<Factor & number, Factor & number>> extends 0 ? [...Batch, FloorDiv<C, Mul<Factor & number, Factor & number>>, Mul<H, Factor & number>, Mul<W, Factor & number>]
      : Fail<'', `pixelShuffle: channels ${C} are not divisible by upscaleFactor² ${Mul<Factor & number, Factor & number>}`>
      : Fail<'', `pixelShuffle: cannot compute with symbolic dimension '${Extract<Channels | Height | Width, string>}' of ${FormatShape<S>}`>
    : Fail<'', `pixelShuffle: expects (*, C·r², H, W) of rank 3 or more, got ${FormatShape<S>}`>;
/** What the factor is intersected with: its own check for any input, then the fit, distributive over S. */
export type PixelShuffleErrors<S extends Shape, Factor> = ErrorTable<MessageOf<PixelShuffleRule<S, Factor>>>[PixelShuffleVerdict<S, Factor>];
type PixelShuffleVerdict<S extends Shape, Factor, Whole = Factor> =
  Factor extends unknown
    ? CheckValue<'pixelShuffle', 'upscaleFactor', 'positive integer', Whole> extends 'ok'
      ? (S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<PixelShuffleRule<S, Whole>>) : never)
      : ''
    : never;
/** The output shape of pixelShuffle for the editor. */
export type PixelShuffleShape<S extends Shape, Factor> = S extends unknown ? (UnknownRank<S> extends true ? S : PixelShuffleOutput<S, Factor>) : never;
type PixelShuffleOutput<S extends Shape, Factor> = [S, Factor] extends [infer Input extends Shape, infer Given] ? RuleOutput<PixelShuffleRule<Input, Given>> : never;

/** Runtime twin of `PixelShuffleRule`. */
export function pixelShuffleRule(input: readonly Dim[], upscaleFactor: unknown): { attrs: OpAttrs['pixelShuffle']; shape: Dim[] } {
  if (upscaleFactor === undefined) throw new ShapeError('pixelShuffle: upscaleFactor is required');
  const wrong = checkValue('pixelShuffle', 'upscaleFactor', 'positive integer', upscaleFactor);
  if (wrong) throw new ShapeError(wrong);
  const factor = upscaleFactor as number;
  if (input.length < 3) throw new ShapeError(`pixelShuffle: expects (*, C·r², H, W) of rank 3 or more, got ${formatShape(input)}`);
  const [channels, height, width] = input.slice(-3);
  const symbolic = [channels, height, width].filter((d) => typeof d === 'string');
  if (symbolic.length > 0) throw new ShapeError(`pixelShuffle: cannot compute with symbolic dimension '${String(symbolic[0])}' of ${formatShape(input)}`);
  const square = factor * factor;
  if ((channels as number) % square !== 0) throw new ShapeError(`pixelShuffle: channels ${channels} are not divisible by upscaleFactor² ${square}`);
  return { attrs: { upscaleFactor: factor }, shape: [...input.slice(0, -3), (channels as number) / square, (height as number) * factor, (width as number) * factor] };
}
