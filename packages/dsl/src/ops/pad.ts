/**
 * pad: PyTorch's `F.pad(x, padding, mode, value)` on the last two dimensions, and the modules
 * `nn.ZeroPad2d`, `nn.ConstantPad2d`, `nn.ReflectionPad2d`, `nn.ReplicationPad2d`, `nn.CircularPad2d`.
 * `padding` is F.pad's order — `[left, right]` for the last dimension, `[left, right, top, bottom]`
 * for the last two — or one number for all four sides, as the modules take it. Modes other than
 * `'constant'` take the input's rank as PyTorch does (one or two more than the padded dimensions; for
 * `'circular'` two more, batch and channels, as PyTorch 1.13 — the reference here — requires);
 * `'reflect'` needs each side's padding below its dimension's size, `'circular'` at most its size.
 */
import type { Dim, OpAttrs, PadMode } from '../ir.js';
import type { Add, IsNonNegativeInteger, Lt, Lte } from '../internal/index.js';
import { formatShape, formatValue, ShapeError, type FormatShape, type FormatValue } from '../errors.js';
import type { Shape } from '../shape.js';
import { checkOptions, defineOptions, type OptionsFail, type SpecType } from './options.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import type { Fail } from './window.js';

export interface PadOptions {
  /** @default 'constant' */
  mode?: PadMode;
  /** The fill of `'constant'` mode. @default 0 */
  value?: number;
}

/** pad's options in the order messages list them and each value's kind (see options.ts). */
export const padOptions = defineOptions<PadOptions>()('pad', ['mode', 'value'], { mode: 'pad mode', value: 'number' });
/** The type of `padOptions`, by a name signatures can print. */
export interface PadOptionKinds extends SpecType<typeof padOptions> {}

type BadPadding<Value> = `pad: padding must be a non-negative integer, [left, right] or [left, right, top, bottom] of them, got ${FormatValue<Value>}`;
/** The padding as `[left, right, top, bottom]` or `[left, right]`, 'wide' for a type too wide to tell, or the sentence. */
type SidesOf<Value> =
  [Value] extends [number] ? (number extends Value ? 'wide' : IsNonNegativeInteger<Value> extends true ? [Value, Value, Value, Value] : BadPadding<Value>)
  : [Value] extends [readonly number[]]
    ? number extends Value['length'] ? 'wide'
      : Value extends readonly [number, number] | readonly [number, number, number, number] ? (AllNatural<Value> extends true ? [...Value] : BadPadding<Value>) : BadPadding<Value>
    : BadPadding<Value>;
type AllNatural<Values extends readonly number[]> =
  Values extends readonly [infer Head extends number, ...infer Rest extends readonly number[]] ? (IsNonNegativeInteger<Head> extends false ? false : AllNatural<Rest>) : true;

type ModeOf<Options> = Options extends { mode: infer Mode extends string } ? Mode : 'constant';
type HasValue<Options> = Options extends { value: number } ? true : false;
type Last<S extends Shape> = S extends readonly [...unknown[], infer Final] ? Final : never;
type SecondLast<S extends Shape> = S extends readonly [...unknown[], infer Before, unknown] ? Before : never;
type Init<S extends Shape> = S extends readonly [...infer Rest, unknown] ? Rest : [];

/** One padded dimension's size, or the sentence: known, and within reflect's and circular's limits. */
type PaddedSize<Size, Before extends number, After extends number, Mode extends string, Axis extends number> =
  Size extends string ? Fail<'', `pad: cannot compute with symbolic dimension '${Size}' (padded dim ${Axis})`>
  : number extends Size | Before | After ? number
  : Mode extends 'reflect'
    ? [Lt<Before, Size & number>, Lt<After, Size & number>] extends [true, true] ? Add<Add<Size & number, Before>, After>
      : Fail<'', `pad: reflect padding (${Before}, ${After}) must be less than the size ${Size & number} of dim ${Axis}`>
  : Mode extends 'circular'
    ? [Lte<Before, Size & number>, Lte<After, Size & number>] extends [true, true] ? Add<Add<Size & number, Before>, After>
      : Fail<'', `pad: circular padding (${Before}, ${After}) must be at most the size ${Size & number} of dim ${Axis}`>
  : Add<Add<Size & number, Before>, After>;

/** The rank a mode needs for this many padded dimensions (1 or 2). */
type RankFits<Rank extends number, Padded extends number, Mode extends string> =
  Mode extends 'constant' ? (Padded extends 1 ? (Rank extends 0 ? false : true) : Rank extends 0 | 1 ? false : true)
  : Mode extends 'circular' ? (Padded extends 1 ? (Rank extends 3 ? true : false) : Rank extends 4 ? true : false)
  : Padded extends 1 ? (Rank extends 2 | 3 ? true : false) : Rank extends 3 | 4 ? true : false;
type RankSentence<S extends Shape, Padded extends number, Mode extends string> =
  Mode extends 'constant' ? `pad: padding ${Padded extends 1 ? 'the last dimension' : 'the last 2 dimensions'} needs a rank-${Padded} input or more, got ${FormatShape<S>}`
  : `pad: ${Mode} padding of ${Padded extends 1 ? 'the last dimension' : 'the last 2 dimensions'} expects a rank-${Mode extends 'circular' ? (Padded extends 1 ? '3' : '4') : Padded extends 1 ? '2 or rank-3' : '3 or rank-4'} input, got ${FormatShape<S>}`;

/** The options' own checks, then the padding's, value against mode, the rank, each padded dimension. */
export type PadRule<S extends Shape, Padding, Options> =
  OptionsFail<PadOptionKinds, Options> extends infer Failed extends Fail<string, string> ? Failed
  : SidesOf<Padding> extends infer Sides
    ? Sides extends 'wide' ? Dim[]
      : Sides extends string ? Fail<'', Sides>
      : [ModeOf<Options>, HasValue<Options>] extends [Exclude<PadMode, 'constant'>, true] ? Fail<'', `pad: value fills only mode 'constant', got mode '${ModeOf<Options>}'`>
      : Sides extends readonly [infer Left extends number, infer Right extends number, ...infer TopBottom extends number[]]
        ? RankFits<S['length'], TopBottom extends [] ? 1 : 2, ModeOf<Options>> extends false ? Fail<'', RankSentence<S, TopBottom extends [] ? 1 : 2, ModeOf<Options>>>
        : PaddedSize<Last<S>, Left, Right, ModeOf<Options>, Init<S>['length']> extends infer Width
          ? Width extends Fail<string, string> ? Width
            : TopBottom extends [infer Top extends number, infer Bottom extends number]
              ? PaddedSize<SecondLast<S>, Top, Bottom, ModeOf<Options>, Init<Init<S>>['length']> extends infer Height
                ? Height extends Fail<string, string> ? Height : [...Init<Init<S>>, Height, Width]
                : never
              : [...Init<S>, Width]
          : never
        : never
    : never;
/** What `padding` is intersected with: its own check for any input (also inside generic blocks), then the fit, distributive over S. */
export type PadErrors<S extends Shape, Padding, Options> = ErrorTable<MessageOf<PadRule<S, Padding, Options>>>[PadVerdict<S, Padding, Options>];
type PadVerdict<S extends Shape, Padding, Options, Whole = Padding> =
  Padding extends unknown
    ? SidesOf<Whole> extends `${string}` ? (SidesOf<Whole> extends 'wide' ? 'ok' : '')
      : S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<PadRule<S, Whole, Options>> extends '#options' ? 'ok' : VerdictOf<PadRule<S, Whole, Options>>) : never
    : never;
/** The output shape of pad for the editor. */
export type PadShape<S extends Shape, Padding, Options> = S extends unknown ? (UnknownRank<S> extends true ? S : PadOutput<S, Padding, Options>) : never;
type PadOutput<S extends Shape, Padding, Options> =
  [S, Padding, Options] extends [infer Input extends Shape, infer Given, infer Opts] ? RuleOutput<PadRule<Input, Given, Opts>> : never;

/** Runtime twin of `PadRule`. */
export function padRule(input: readonly Dim[], padding: unknown, options?: PadOptions): { attrs: OpAttrs['pad']; shape: Dim[] } {
  checkOptions(padOptions, options);
  const natural = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
  const sides = natural(padding) ? [padding, padding, padding, padding] as number[] : padding;
  if (!Array.isArray(sides) || (sides.length !== 2 && sides.length !== 4) || !sides.every(natural)) {
    throw new ShapeError(`pad: padding must be a non-negative integer, [left, right] or [left, right, top, bottom] of them, got ${formatValue(padding)}`);
  }
  const mode = options?.mode ?? 'constant';
  if (mode !== 'constant' && options?.value !== undefined) throw new ShapeError(`pad: value fills only mode 'constant', got mode '${mode}'`);
  const [left, right, top = 0, bottom = 0] = sides as number[];
  const padded = sides.length / 2;
  const rank = input.length;
  const fits = mode === 'constant' ? rank >= padded : mode === 'circular' ? rank === padded + 2 : rank === padded + 1 || rank === padded + 2;
  if (!fits) {
    const which = padded === 1 ? 'the last dimension' : 'the last 2 dimensions';
    throw new ShapeError(mode === 'constant' ? `pad: padding ${which} needs a rank-${padded} input or more, got ${formatShape(input)}`
      : `pad: ${mode} padding of ${which} expects a rank-${mode === 'circular' ? String(padded + 2) : padded === 1 ? '2 or rank-3' : '3 or rank-4'} input, got ${formatShape(input)}`);
  }
  const size = (axis: number, before: number, after: number): number => {
    const dim = input[axis];
    if (typeof dim === 'string') throw new ShapeError(`pad: cannot compute with symbolic dimension '${dim}' (padded dim ${axis})`);
    if (mode === 'reflect' && (before >= dim || after >= dim)) throw new ShapeError(`pad: reflect padding (${before}, ${after}) must be less than the size ${dim} of dim ${axis}`);
    if (mode === 'circular' && (before > dim || after > dim)) throw new ShapeError(`pad: circular padding (${before}, ${after}) must be at most the size ${dim} of dim ${axis}`);
    return dim + before + after;
  };
  const shape = [...input];
  shape[rank - 1] = size(rank - 1, left, right);
  if (padded === 2) shape[rank - 2] = size(rank - 2, top, bottom);
  return { attrs: { mode, value: mode === 'constant' ? options?.value ?? 0 : 0, padding: { top, bottom, left, right } }, shape };
}
