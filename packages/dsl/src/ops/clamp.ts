/**
 * clamp and hardtanh: `torch.clamp(x, min, max)` and `nn.Hardtanh(min_val, max_val)`, both the IR's
 * one `clamp` op, min(max(x, min), max) with NaN passing through; the shape is unchanged. clamp needs
 * at least one bound (a min above the max gives the max everywhere, as PyTorch); hardtanh's bounds
 * default to −1 and 1 and the max must be above the min (PyTorch asserts it).
 */
import type { Dim, OpAttrs } from '../ir.js';
import type { Lte } from '../internal/index.js';
import { ShapeError, type ShapeErrorMessage } from '../errors.js';
import { checkOptions, defineOptions, type OptionsFail, type OptionsObjectErrors, type SpecType, type UnknownKeys } from './options.js';
import type { Fail } from './window.js';

export interface ClampOptions {
  /** The lower bound; absent, none. */
  min?: number;
  /** The upper bound; absent, none. */
  max?: number;
}
export interface HardtanhOptions {
  /** @default -1 */
  minVal?: number;
  /** @default 1 */
  maxVal?: number;
}

/** clamp's and hardtanh's options in the order messages list them and each value's kind (see options.ts). */
export const clampOptions = defineOptions<ClampOptions>()('clamp', ['min', 'max'], { min: 'number', max: 'number' });
export const hardtanhOptions = defineOptions<HardtanhOptions>()('hardtanh', ['minVal', 'maxVal'], { minVal: 'number', maxVal: 'number' });
/** The types of the specs, by names signatures can print. */
export interface ClampOptionKinds extends SpecType<typeof clampOptions> {}
export interface HardtanhOptionKinds extends SpecType<typeof hardtanhOptions> {}

const noBound = 'clamp: at least one of min and max is required';
type Given<Options, Key extends string> = Key extends keyof Options ? ([Options[Key]] extends [undefined] ? false : true) : false;
/** The options' own checks, then clamp's rule: a bound is given. */
export type ClampRule<Options> =
  OptionsFail<ClampOptionKinds, Options> extends infer Failed extends Fail<string, string> ? Failed
  : [Given<Options, 'min'> | Given<Options, 'max'>] extends [false] ? Fail<'', typeof noBound> : 'ok';
/** What clamp's options are intersected with, once every key is known: the options' own sentences (tiers 2–3), else a missing bound's, or `unknown`. */
export type ClampErrors<Options> =
  [UnknownKeys<ClampOptionKinds, Options>] extends [never]
    ? OptionsFail<ClampOptionKinds, Options> extends Fail<string, string> ? OptionsObjectErrors<ClampOptionKinds, Options>
      : { ok: unknown; '': ShapeErrorMessage<typeof noBound> }[[Given<Options, 'min'> | Given<Options, 'max'>] extends [false] ? '' : 'ok']
    : unknown;

/** Runtime twin of `ClampRule`. */
export function clampRule(input: readonly Dim[], options: ClampOptions | undefined): { attrs: OpAttrs['clamp']; shape: Dim[] } {
  checkOptions(clampOptions, options);
  const { min, max } = options ?? {};
  if (min === undefined && max === undefined) throw new ShapeError(noBound);
  return { attrs: { min: min ?? null, max: max ?? null }, shape: [...input] };
}

type Bound<Options, Key extends string, Default extends number> = Key extends keyof Options ? ([Options[Key]] extends [undefined] ? Default : Options[Key]) : Default;
type HardtanhOrder<Min, Max> =
  [Min, Max] extends [infer Low extends number, infer High extends number]
    ? Lte<High, Low> extends true ? { '': ShapeErrorMessage<`hardtanh: maxVal must be greater than minVal, got minVal ${Low} and maxVal ${High}`> }[''] : unknown
    : unknown;
/**
 * What hardtanh's options are intersected with, once every key is known: the options' own sentences
 * (tiers 2–3), else its order rule, maxVal above minVal — decided here for integer bounds (the
 * internal comparison's domain: −1 and 1, 0 and 6), for decimal ones at run time.
 */
export type HardtanhErrors<Options> =
  [UnknownKeys<HardtanhOptionKinds, Options>] extends [never]
    ? OptionsFail<HardtanhOptionKinds, Options> extends Fail<string, string> ? OptionsObjectErrors<HardtanhOptionKinds, Options>
      : HardtanhOrder<Bound<Options, 'minVal', -1>, Bound<Options, 'maxVal', 1>>
    : unknown;

/** Runtime twin of `HardtanhErrors`: its options' checks, then max above min. */
export function hardtanhRule(input: readonly Dim[], options: HardtanhOptions | undefined): { attrs: OpAttrs['clamp']; shape: Dim[] } {
  checkOptions(hardtanhOptions, options);
  const min = options?.minVal ?? -1;
  const max = options?.maxVal ?? 1;
  if (!(max > min)) throw new ShapeError(`hardtanh: maxVal must be greater than minVal, got minVal ${min} and maxVal ${max}`);
  return { attrs: { min, max }, shape: [...input] };
}
