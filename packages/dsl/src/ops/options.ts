/**
 * How every layer's options are checked, once as types (what the editor underlines) and once as the
 * runtime twin (what plain JavaScript gets), with the same sentences. A layer describes its options
 * with `defineOptions`: their order, the kind of value each takes, which are required. Both twins then
 * check in the same four tiers and report the first tier that finds anything, all of its problems:
 *
 * 1. unknown keys — a typo, PyTorch's snake_case — each on its key, with the nearest known option
 *    ("conv2d: unknown option 'strides' (did you mean 'stride'?)");
 * 2. required options left out — one sentence for the whole options object;
 * 3. each value against its kind ("conv2d: kernelSize must be a positive integer, got 0"), on its key;
 * 4. then the layer's own rule: options against each other and against the input shape (one sentence).
 *
 * A value that is `null` or `undefined` cannot carry a sentence in TypeScript (`null & {…}` is
 * `never`), so in tier 3 such keys are reported on the whole options object, and only when no other key
 * is at fault; the runtime twin follows the same order. (An unknown key with such a value is refused on
 * its key, where TypeScript can only say it is not assignable to `never`.)
 *
 * Every part of an options parameter's type that TypeScript cannot decide yet (a layer's fit to an input
 * not known inside a generic block, a check of a value such as `planes`) is left out while the keys
 * alone already say something, so the sentence lands on the key (see `WholeOptionErrors`).
 *
 * Every option check depends on the options alone, never on the input, so inside a generic block
 * (`<S extends Shape>(x: Tensor<S>) => …`) a misspelled option or a zero kernel is underlined at once.
 * Each value's verdict is a conditional type distributive over that value, indexing a small table, so
 * that a value TypeScript cannot know yet (`outChannels: planes`, `P extends number`) is related through
 * its constraint (`number`: fine) instead of failing (see rule.ts). Values typed wide (`number`,
 * `string`) pass their check and are checked at run time, as are unions (`flag ? 1 : 2`).
 */
import type { Gt, IsNonNegativeInteger, IsPositiveInteger } from '../internal/index.js';
import type { PaddingMode } from '../ir.js';
import { formatValue, ShapeError, type FormatValue, type ShapeErrorMessage } from '../errors.js';
import type { ErrorTable, MessageOf, VerdictOf } from './rule.js';
import type { Fail } from './window.js';

/**
 * Any value: what an option admits besides its documented type, so that a value of the wrong type gets
 * the DSL's sentence rather than TypeScript's (`string & {}` keeps documented string literals, such as
 * the padding modes, offered as completions).
 */
type AnyValue = (string & {}) | number | bigint | boolean | symbol | object | null | undefined;

/**
 * The constraint of a layer's options: the documented keys (for completion and their docs), each
 * taking any value, in an `object` — so that an options object of unknown keys only is not refused by
 * TypeScript's weak-type check before the DSL can name the keys.
 */
export type OptionsLike<Options> = { readonly [Key in keyof Options]?: unknown } & object;

/** The kinds of option value, each a check with one sentence (see `CheckValue` / `checkValue`). */
export type OptionKind =
  | 'positive integer' | 'positive' | 'non-negative' | 'conv padding' | 'boolean' | 'name'
  | 'padding mode' | 'upsample mode' | 'scale' | 'non-negative number' | 'any'
  | 'number';

/** A layer's options: its op, the keys in the order messages list them, each key's kind, the required keys. */
export interface OptionSpec<
  Op extends string = string, Keys extends readonly string[] = readonly string[],
  Kinds extends Record<string, OptionKind> = Record<string, OptionKind>, Required extends string = string,
  Notes extends Record<string, string> = Record<string, string>,
> {
  readonly op: Op;
  readonly keys: Keys;
  readonly kinds: Kinds;
  readonly required: readonly Required[];
  /** What to say instead of "did you mean" for a key PyTorch has and Stride does not. */
  readonly notes: Notes;
}

/** A spec's type, for an interface to extend (an interface cannot extend `typeof` directly). */
export type SpecType<Spec extends OptionSpec> = Spec;

/**
 * Describes a layer's options. `Options` is the layer's documented options interface: `keys` must list
 * every one of its keys and `kinds` give each a kind, or this does not compile.
 * @example defineOptions<LinearOptions>()('linear', ['outFeatures', 'bias', 'name'], { outFeatures: 'positive integer', bias: 'boolean', name: 'name' }, ['outFeatures'])
 */
export function defineOptions<Options>() {
  return <
    const Op extends string, const Keys extends readonly (keyof Options & string)[],
    const Kinds extends { [Key in keyof Options]-?: OptionKind }, const Required extends keyof Options & string = never,
    const Notes extends Record<string, string> = Record<never, string>,
  >(
    op: Op, keys: Keys & ([Exclude<keyof Options, Keys[number]>] extends [never] ? unknown : { missing: Exclude<keyof Options, Keys[number]> }),
    kinds: Kinds, required: readonly Required[] = [], notes: Notes = {} as Notes,
  ): OptionSpec<Op, Keys, Kinds, Required, Notes> => ({ op, keys, kinds, required, notes });
}

// ——— the value checks ———————————————————————————————————————————————————————————————————————————

type IsUnion<Value, Whole = Value> = Value extends unknown ? ([Whole] extends [Value] ? false : true) : never;

/**
 * The sentence for a value of the wrong kind, or 'ok'. Not distributive: a union (`flag ? 1 : 0`), like
 * a wide type, passes here and is checked at run time; `undefined` is an absent option.
 * @example CheckValue<'conv2d', 'kernelSize', 'positive', 0> //=> 'conv2d: kernelSize must be a positive integer, got 0'
 */
export type CheckValue<Op extends string, Key extends string, Kind, Value> =
  [Value] extends [undefined] ? 'ok'
  : Kind extends 'boolean' ? ([Value] extends [boolean | undefined] ? 'ok' : CheckSingle<Op, Key, Kind, Exclude<Value, undefined>>)
  : CheckSingle<Op, Key, Kind, Exclude<Value, undefined>>;
type CheckSingle<Op extends string, Key extends string, Kind, Value> = [IsUnion<Value>] extends [false] ? CheckDefined<Op, Key, Kind, Value> : 'ok';

type CheckDefined<Op extends string, Key extends string, Kind, Value> =
  Kind extends 'boolean' ? `${Op}: ${Key} must be true or false, got ${FormatValue<Value>}`
  : Kind extends 'positive integer' ? ([Value] extends [number] ? Judged<Op, Key, Value, true, Entry<Value, true>> : NotPositive<Op, Key, Value>)
  : Kind extends 'positive' ? CheckPair<Op, Key, Value, true>
  : Kind extends 'non-negative' ? CheckPair<Op, Key, Value, false>
  : Kind extends 'conv padding'
    ? [Value] extends ['same' | 'valid'] ? 'ok'
      : [Value] extends [string] ? (string extends Value ? 'ok' : `${Op}: padding must be a number, a pair, 'valid' or 'same', got ${FormatValue<Value>}`)
      : CheckPair<Op, Key, Value, false>
  : Kind extends 'name' ? ([Value] extends [string] ? ([Value] extends [''] ? BadName<Op, Value> : 'ok') : BadName<Op, Value>)
  : Kind extends 'padding mode'
    ? [Value] extends [PaddingMode] ? 'ok'
      : [Value] extends [string] ? (string extends Value ? 'ok' : BadPaddingMode<Op, Value>) : BadPaddingMode<Op, Value>
  : Kind extends 'upsample mode'
    ? [Value] extends ['nearest' | 'bilinear'] ? 'ok'
      : [Value] extends [string] ? (string extends Value ? 'ok' : BadMode<Op, Value>) : BadMode<Op, Value>
  : Kind extends 'scale' ? CheckScale<Op, Key, Value>
  : Kind extends 'non-negative number'
    ? [Value] extends [number] ? (`${Value & number}` extends `-${string}` ? BadEps<Op, Key, Value> : 'ok') : BadEps<Op, Key, Value>
  // Any number literal is finite; a wide `number` is checked at run time (NaN, ±∞).
  : Kind extends 'number' ? ([Value] extends [number] ? 'ok' : `${Op}: ${Key} must be a finite number, got ${FormatValue<Value>}`)
  : 'ok';

type NotPositive<Op extends string, Key extends string, Value> = `${Op}: ${Key} must be a positive integer, got ${FormatValue<Value>}`;
type Negative<Op extends string, Key extends string, Value> = `${Op}: ${Key} must be a non-negative integer, got ${FormatValue<Value>}`;
type BadName<Op extends string, Value> = `${Op}: name must be a non-empty string, got ${FormatValue<Value>}`;
type BadPaddingMode<Op extends string, Value> = `${Op}: paddingMode must be 'zeros', 'reflect', 'replicate' or 'circular', got ${FormatValue<Value>}`;
type BadMode<Op extends string, Value> = `${Op}: mode must be 'nearest' or 'bilinear', got ${FormatValue<Value>}`;
type BadScale<Op extends string, Key extends string, Value> = `${Op}: ${Key} must be a positive number or a pair of them, got ${FormatValue<Value>}`;

/** A positive number (fractions allowed), or a `[height, width]` pair of them. A wide `number` passes (NaN and ±∞ are refused at run time). */
type CheckScale<Op extends string, Key extends string, Value> =
  [Value] extends [number] ? (ScaleEntry<Value> extends 'ok' ? 'ok' : BadScale<Op, Key, Value>)
  : [Value] extends [readonly [infer Height, infer Width]]
    ? [Height, Width] extends [number, number] ? ([ScaleEntry<Height & number> | ScaleEntry<Width & number>] extends ['ok'] ? 'ok' : BadScale<Op, Key, Value>) : BadScale<Op, Key, Value>
    : [Value] extends [readonly number[]] ? (number extends (Value & readonly number[])['length'] ? 'ok' : BadScale<Op, Key, Value>)
    : BadScale<Op, Key, Value>;
type ScaleEntry<Value extends number> = number extends Value ? 'ok' : [Value] extends [0] ? 'bad' : `${Value}` extends `-${string}` ? 'bad' : 'ok';
type BadEps<Op extends string, Key extends string, Value> = `${Op}: ${Key} must be a non-negative number, got ${FormatValue<Value>}`;

/**
 * One size: 'bad' unless a positive (or non-negative) integer, 'large' beyond 2^53 − 1 — past that no
 * size is computed exactly, by the type-level arithmetic (which would give `number` and check nothing)
 * or by JavaScript — else 'ok'. A wide `number` is 'ok' (checked at run time).
 */
type Entry<Value extends number, Positive extends boolean> =
  [(Positive extends true ? IsPositiveInteger<Value> : IsNonNegativeInteger<Value>)] extends [false] ? 'bad'
  : number extends Value ? 'ok'
  : `${Value}` extends `${string}e+${string}` ? 'large'
  : [Gt<Value, 9007199254740991>] extends [true] ? 'large' : 'ok';
type Judged<Op extends string, Key extends string, Value, Positive extends boolean, Verdict> =
  Verdict extends 'bad' ? Wrong<Op, Key, Value, Positive> : Verdict extends 'large' ? TooLarge<Op, Key, Value> : 'ok';
type TooLarge<Op extends string, Key extends string, Value> = `${Op}: ${Key} must be at most 9007199254740991, got ${FormatValue<Value>}`;

/** A number, or a `[height, width]` pair of numbers, each positive (or non-negative). A wide `number[]` passes. */
type CheckPair<Op extends string, Key extends string, Value, Positive extends boolean> =
  [Value] extends [number] ? Judged<Op, Key, Value, Positive, Entry<Value, Positive>>
  : [Value] extends [readonly [infer Height, infer Width]]
    ? [Height, Width] extends [number, number]
      ? Judged<Op, Key, Value, Positive, Worst<Entry<Height & number, Positive>, Entry<Width & number, Positive>>>
      : Wrong<Op, Key, Value, Positive>
    : [Value] extends [readonly number[]] ? (number extends (Value & readonly number[])['length'] ? 'ok' : Wrong<Op, Key, Value, Positive>)
    : Wrong<Op, Key, Value, Positive>;
type Worst<A, B> = 'bad' extends A | B ? 'bad' : 'large' extends A | B ? 'large' : 'ok';
type Wrong<Op extends string, Key extends string, Value, Positive extends boolean> = Positive extends true ? NotPositive<Op, Key, Value> : Negative<Op, Key, Value>;

/** Runtime twin of `Entry`. */
function entry(value: unknown, least: 0 | 1): 'bad' | 'large' | 'ok' {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < least) return 'bad';
  return value > Number.MAX_SAFE_INTEGER ? 'large' : 'ok';
}
/** Runtime twin of `CheckPair` (and of the 'positive integer' kind, with `pair` false). */
function checkSize(op: string, key: string, value: unknown, least: 0 | 1, pair: boolean): string | undefined {
  const entries = pair && Array.isArray(value) ? (value.length === 2 ? value.map((item) => entry(item, least)) : ['bad']) : [entry(value, least)];
  const got = formatValue(value);
  if (entries.includes('bad')) return `${op}: ${key} must be a ${least === 1 ? 'positive' : 'non-negative'} integer, got ${got}`;
  if (entries.includes('large')) return `${op}: ${key} must be at most 9007199254740991, got ${got}`;
  return undefined;
}

/** Runtime twin of `CheckValue`: the sentence for a value of the wrong kind, or `undefined`. */
export function checkValue(op: string, key: string, kind: OptionKind, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const got = formatValue(value);
  switch (kind) {
    case 'positive integer': return checkSize(op, key, value, 1, false);
    case 'positive': return checkSize(op, key, value, 1, true);
    case 'non-negative': return checkSize(op, key, value, 0, true);
    case 'conv padding':
      if (value === 'same' || value === 'valid') return undefined;
      if (typeof value === 'string') return `${op}: padding must be a number, a pair, 'valid' or 'same', got ${got}`;
      return checkSize(op, key, value, 0, true);
    case 'boolean': return typeof value === 'boolean' ? undefined : `${op}: ${key} must be true or false, got ${got}`;
    case 'name': return typeof value === 'string' && value.length > 0 ? undefined : `${op}: name must be a non-empty string, got ${got}`;
    case 'padding mode':
      return ['zeros', 'reflect', 'replicate', 'circular'].includes(value as string) ? undefined
        : `${op}: paddingMode must be 'zeros', 'reflect', 'replicate' or 'circular', got ${got}`;
    case 'upsample mode': return value === 'nearest' || value === 'bilinear' ? undefined : `${op}: mode must be 'nearest' or 'bilinear', got ${got}`;
    case 'scale': {
      const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
      const fits = Array.isArray(value) ? value.length === 2 && value.every(positive) : positive(value);
      return fits ? undefined : `${op}: ${key} must be a positive number or a pair of them, got ${got}`;
    }
    case 'non-negative number': return typeof value === 'number' && value >= 0 ? undefined : `${op}: ${key} must be a non-negative number, got ${got}`;
    case 'any': return undefined;
    case 'number': return typeof value === 'number' && Number.isFinite(value) ? undefined : `${op}: ${key} must be a finite number, got ${got}`;
  }
}

// ——— the nearest known key ————————————————————————————————————————————————————————————————————

/** A key as compared: lower case, without `_` and `-` (so `kernel_size` and `padding-mode` are near misses of camelCase). */
type Plain<Text extends string, Acc extends string = ''> =
  Text extends `${infer Head}${infer Rest}` ? Plain<Rest, Head extends '_' | '-' ? Acc : `${Acc}${Lowercase<Head>}`> : Acc;
function plain(text: string): string {
  return text.toLowerCase().replace(/[_-]/g, '');
}

type Chars<Text extends string, Acc extends 0[] = []> = Acc['length'] extends 65 ? Acc : Text extends `${string}${infer Rest}` ? Chars<Rest, [...Acc, 0]> : Acc;
/** The edits allowed for a candidate of a given length: one per four letters, at least one. */
type Allowance = [1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6, 7, 7, 7, 7, 8];
type Budget<Length extends number, Acc extends 0[] = []> = Acc['length'] extends Length ? Acc : Budget<Length, [...Acc, 0]>;
/** One more edit, or `never` for none (a tuple indexed by `never` gives all its elements, not `never`). */
type OnePlus<Distance extends number> = [Distance] extends [never] ? never : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10][Distance];
type Least<Distances> = 0 extends Distances ? 0 : 1 extends Distances ? 1 : 2 extends Distances ? 2 : 3 extends Distances ? 3 : 4 extends Distances ? 4
  : 5 extends Distances ? 5 : 6 extends Distances ? 6 : 7 extends Distances ? 7 : 8 extends Distances ? 8 : never;

/**
 * The edit distance between two strings if it is at most `Left` edits (a tuple's length), else
 * `never`; an edit inserts, deletes or replaces a letter, or swaps two adjacent ones (the optimal
 * string alignment distance). Equal first letters are always matched, which never costs an edit more.
 * The budget bounds the search: each mismatch spends one, so at most 4^budget paths are explored, and
 * TypeScript caches each (A, B, budget) it has seen.
 */
type Within<A extends string, B extends string, Left extends 0[]> =
  A extends `${infer HeadA}${infer RestA}`
    ? B extends `${infer HeadB}${infer RestB}`
      ? HeadA extends HeadB ? Within<RestA, RestB, Left>
        : Left extends [0, ...infer Less extends 0[]]
          ? OnePlus<Least<
            | Within<RestA, B, Less> | Within<A, RestB, Less> | Within<RestA, RestB, Less>
            | (RestA extends `${HeadB}${infer TailA}` ? (RestB extends `${HeadA}${infer TailB}` ? Within<TailA, TailB, Less> : never) : never)
          >>
          : never
      : Chars<A>['length'] extends infer Length extends number ? (Left extends [...Budget<Length>, ...0[]] ? Length : never) : never
    : Chars<B>['length'] extends infer Length extends number ? (Left extends [...Budget<Length>, ...0[]] ? Length : never) : never;

/**
 * Edit distance counting a swap of adjacent letters as one edit (optimal string alignment), by
 * dynamic programming: the one edit distance of the DSL and the runtime (unknown option keys here,
 * misnamed inputs in `@stride/runtime`'s input checks). The runtime twin of `Within`: `Within<A, B,
 * Budget<N>>` is `editDistance(a, b)` where that is at most N, and never beyond.
 * @example editDistance('strides', 'stride') //=> 1
 * @example editDistance('imgae', 'image') //=> 1
 */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The known key an unknown one most likely meant: the nearest within one edit per four letters of the
 * known key (at least one), comparing both in lower case without `_` and `-`; the first of equally near
 * ones; none for a key that is empty or longer than 64 letters.
 * @example NearestKey<'strides', ['outChannels', 'kernelSize', 'stride']> //=> 'stride'
 * @example NearestKey<'kernel_size', ['outChannels', 'kernelSize']> //=> 'kernelSize'
 */
export type NearestKey<Key extends string, Keys extends readonly string[]> =
  Plain<Key> extends infer Wanted extends string
    ? Wanted extends '' ? never : Chars<Wanted>['length'] extends 65 ? never : Nearest<Wanted, Keys>
    : never;
type Nearest<Wanted extends string, Keys extends readonly string[], BestKey extends string = never, BestDistance extends number = 9> =
  Keys extends readonly [infer Key extends string, ...infer Rest extends readonly string[]]
    ? Within<Wanted, Plain<Key>, Budget<Allowance[Chars<Plain<Key>>['length']]>> extends infer Distance extends number
      ? [Distance] extends [never] ? Nearest<Wanted, Rest, BestKey, BestDistance>
        : Budget<BestDistance> extends [...Budget<Distance>, 0, ...0[]] ? Nearest<Wanted, Rest, Key, Distance> : Nearest<Wanted, Rest, BestKey, BestDistance>
      : never
    : BestKey;

/** Runtime twin of `NearestKey`. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const wanted = plain(key);
  if (wanted.length === 0 || wanted.length > 64) return undefined;
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const target = plain(candidate);
    const distance = editDistance(wanted, target);
    if (distance <= Math.max(1, Math.floor(target.length / 4)) && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

// ——— the sentences of tiers 1 and 2 —————————————————————————————————————————————————————————————

type Join<Keys extends readonly string[], Separator extends string = ', ', Acc extends string = ''> =
  Keys extends readonly [infer Head extends string, ...infer Rest extends readonly string[]]
    ? Join<Rest, Separator, Acc extends '' ? Head : `${Acc}${Separator}${Head}`> : Acc;

/** The sentence for an unknown key. @example UnknownKey<typeof conv2dOptions, 'strides'> //=> "conv2d: unknown option 'strides' (did you mean 'stride'?)" */
export type UnknownKey<Spec extends OptionSpec, Key extends string> =
  `${Spec['op']}: unknown option ${FormatValue<Key>}${Key extends keyof Spec['notes'] ? ` (${Spec['notes'][Key] & string})`
    : NearestKey<Key, Spec['keys']> extends infer Near extends string ? ([Near] extends [never] ? `; options are ${Join<Spec['keys']>}` : ` (did you mean '${Near}'?)`) : never}`;

/** Runtime twin of `UnknownKey`. */
export function unknownKey(spec: OptionSpec, key: string): string {
  const note = Object.hasOwn(spec.notes, key) ? spec.notes[key] : undefined;
  const near = nearestKey(key, spec.keys);
  const hint = note !== undefined ? ` (${note})` : near !== undefined ? ` (did you mean '${near}'?)` : `; options are ${spec.keys.join(', ')}`;
  return `${spec.op}: unknown option ${formatValue(key)}${hint}`;
}

/** Required options left out, in the order the layer lists them. */
type AbsentKeys<Spec extends OptionSpec, Options> = FilterKeys<Spec['keys'], Exclude<Spec['required'][number], keyof Options>>;
type FilterKeys<Keys extends readonly string[], Wanted, Acc extends string[] = []> =
  Keys extends readonly [infer Head extends string, ...infer Rest extends readonly string[]] ? FilterKeys<Rest, Wanted, Head extends Wanted ? [...Acc, Head] : Acc> : Acc;
type Absent<Op extends string, Keys extends readonly string[]> =
  Keys extends readonly [string] ? `${Op}: option ${Keys[0]} is required` : `${Op}: options ${Join<Keys, ' and '>} are required`;
function absent(op: string, keys: readonly string[]): string {
  return keys.length === 1 ? `${op}: option ${keys[0]} is required` : `${op}: options ${keys.join(' and ')} are required`;
}

/** Tier 3's sentence for one key: a required option given as `undefined` is a required option left out. */
type ValueSentence<Spec extends OptionSpec, Key extends string, Value> =
  [Value] extends [undefined] ? (Key extends Spec['required'][number] ? Absent<Spec['op'], [Key]> : 'ok')
  : CheckValue<Spec['op'], Key, Spec['kinds'][Key], Value>;

// ——— the type level: what the options argument is intersected with ————————————————————————————

/** Keys the layer does not know: strings and numbers (symbols are not options: `Object.keys` skips them). */
export type UnknownKeys<Spec extends OptionSpec, Options> = Exclude<keyof Options, Spec['keys'][number] | symbol>;

/**
 * A known key's verdict: 'ok', 'key', or 'whole' for a `null` or `undefined` value. Distributive over
 * the value, so a value known later (`outChannels: planes`) is judged by its constraint (`number`: 'ok')
 * — and a union (`flag ? 1 : 0`) by its members, which makes it 'ok' as soon as one member is.
 */
type ValueVerdict<Spec extends OptionSpec, Key extends string, Value> =
  Value extends unknown ? (ValueSentence<Spec, Key, Value> extends 'ok' ? 'ok' : [Value] extends [null | undefined] ? 'whole' : 'key') : never;

/**
 * What a call's options parameter is intersected with (besides `WholeOptionErrors` and the layer's
 * own errors): the sentence on each unknown key (tier 1) or, when every key is known and the required
 * ones are there, on each value of the wrong kind (tier 3); `unknown` when there is nothing to say.
 * An unknown key carries its sentence whatever its value — so that a value known only later (`strides:
 * stride` in a block) is refused on its key with the sentence first; a `null` or `undefined` value there
 * is refused too, but TypeScript cannot show the sentence on it (`null & …` is `never`, and it says so).
 * (The unknown keys' sentence is written out in the mapped type: through an alias, an error would print
 * the alias's name instead of the sentence.)
 */
export type CheckedOptions<Spec extends OptionSpec, Options> =
  [UnknownKeys<Spec, Options>] extends [never]
    ? [AbsentKeys<Spec, Options>] extends [[]]
      ? { [Key in keyof Options & Spec['keys'][number]]: CheckedOption<Spec, Key, Options[Key]> }
      : unknown
    : { [Key in UnknownKeys<Spec, Options>]: ShapeErrorMessage<UnknownKey<Spec, `${Key & (string | number)}`>> };
/** One known option's type in `CheckedOptions`: `unknown`, or the sentence (a name of its own, for what an error prints while the value is not known yet). */
export type CheckedOption<Spec extends OptionSpec, Key extends string, Value> =
  { ok: unknown; key: ShapeErrorMessage<ValueSentence<Spec, Key, Value> & string>; whole: unknown }[ValueVerdict<Spec, Key, Value>];
/**
 * What tier 2 says on the whole options object — a required option left out — once every key is known
 * (tier 1 is on the keys). The whole object's tier 3 (keys of `null` or `undefined` values) comes with
 * the layer's own errors (its rule starts with `OptionsFail`), or `OptionsObjectErrors` for calls that
 * have none.
 *
 * Why every part of a parameter's type is gated on what can be decided from the keys alone: TypeScript
 * puts an object literal's error on the offending key only when it can read that key's type from the
 * parameter's; one part that depends on something not known yet (the input inside a generic block, a
 * value such as `planes`) makes it report on the whole object instead. Keys are always known, so with
 * an unknown or missing key the other parts are `unknown` and the sentence lands on its key.
 */
export type WholeOptionErrors<Spec extends OptionSpec, Options> =
  [UnknownKeys<Spec, Options>] extends [never]
    ? AbsentKeys<Spec, Options> extends infer Left extends readonly string[]
      ? Left extends [] ? unknown : ShapeErrorMessage<Absent<Spec['op'], Left>>
      : never
    : unknown;

/**
 * For calls whose input never decides against their options (batchNorm2d, input, model): what
 * `OptionsFail` says on the whole object (tiers 2 and 3), once every key is known.
 */
export type OptionsObjectErrors<Spec extends OptionSpec, Options> =
  [UnknownKeys<Spec, Options>] extends [never] ? ErrorTable<MessageOf<OptionsFail<Spec, Options>>>[VerdictOf<OptionsFail<Spec, Options>>] : unknown;

/**
 * True when every key of the options is known, the required ones are there and no value has a sentence
 * of its own: decided from the keys and the values alone, so deferred only while a value is not known
 * yet (`planes`). A layer's own errors (its fit to the input) are only added then (see
 * `WholeOptionErrors`), so inside a generic block an option's sentence lands on its key.
 */
export type OptionsKnown<Spec extends OptionSpec, Options> =
  [UnknownKeys<Spec, Options>] extends [never]
    ? [AbsentKeys<Spec, Options>] extends [[]] ? ([KeyFaults<Spec, Options>] extends [never] ? true : false) : false
    : false;
/** Tier 3's faults that `CheckedOptions` puts on keys; deferred only while some value is not known yet. */
type KeyFaults<Spec extends OptionSpec, Options> = Extract<ValueSentences<Spec, Options>, [`${string}: ${string}`, 'key']>;

/**
 * Tiers 1–3 as a rule's first check: `Fail<'#options', …>` for problems `CheckedOptions` puts on keys
 * (the rule's verdict then adds nothing), `Fail<'', …>` for those only the whole object can carry, or
 * 'ok'. The sentences are also the message of the failed shape, which `apply` reports.
 */
export type OptionsFail<Spec extends OptionSpec, Options> =
  Options extends unknown
    ? [UnknownKeys<Spec, Options>] extends [never]
      ? AbsentKeys<Spec, Options> extends infer Left extends readonly string[]
        ? Left extends [] ? ValuesFail<Spec, Options, ValueSentences<Spec, Options>> : Fail<'', Absent<Spec['op'], Left>>
        : never
      : Fail<'#options', UnknownKey<Spec, `${UnknownKeys<Spec, Options> & (string | number)}`>>
    : never;
type ValueSentences<Spec extends OptionSpec, Options> = {
  [Key in keyof Options & Spec['keys'][number]]: [ValueSentence<Spec, Key, Options[Key]>, [Options[Key]] extends [null | undefined] ? 'whole' : 'key']
}[keyof Options & Spec['keys'][number]];
type ValuesFail<Spec extends OptionSpec, Options, Results> =
  [Extract<Results, [`${string}: ${string}`, 'key']>] extends [never]
    ? [Extract<Results, [`${string}: ${string}`, 'whole']>] extends [never] ? 'ok' : Fail<'', Extract<Results, [`${string}: ${string}`, 'whole']>[0]>
    : Fail<'#options', Extract<Results, [`${string}: ${string}`, 'key']>[0]>;

/**
 * Runtime twin of `CheckedOptions` and `OptionsFail`: checks an options object before any option is
 * read, tier by tier, and throws every sentence of the first tier that finds something. A layer whose
 * options are all optional may be called without them.
 */
export function checkOptions(spec: OptionSpec, options: unknown): void {
  if (options === undefined && spec.required.length === 0) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ShapeError(`${spec.op}: expects an options object { ${spec.keys.join(', ')} }, got ${formatValue(options)}`);
  }
  const record = options as Record<string, unknown>;
  const given = Object.keys(record);
  const nullish = (key: string) => record[key] === null || record[key] === undefined;
  const firstCarried = (keys: string[]) => (keys.some((key) => !nullish(key)) ? keys.filter((key) => !nullish(key)) : keys);
  const unknown = given.filter((key) => !spec.keys.includes(key));
  if (unknown.length > 0) throw new ShapeError(unknown.map((key) => unknownKey(spec, key)));
  const left = spec.keys.filter((key) => spec.required.includes(key) && !given.includes(key));
  if (left.length > 0) throw new ShapeError(absent(spec.op, left));
  const faults = spec.keys.filter((key) => given.includes(key) && valueSentence(spec, key, record[key]) !== undefined);
  if (faults.length > 0) throw new ShapeError(firstCarried(faults).map((key) => valueSentence(spec, key, record[key])!));
}
function valueSentence(spec: OptionSpec, key: string, value: unknown): string | undefined {
  if (value === undefined) return spec.required.includes(key) ? absent(spec.op, [key]) : undefined;
  return checkValue(spec.op, key, spec.kinds[key], value);
}

/**
 * How a sentence's call is named: its op and its name (the user's, or its nn.Sequential index within
 * its scope), as `validateGraph` names nodes.
 * @example layerLabel('conv2d', 'layer1.0.conv1') //=> "conv2d 'layer1.0.conv1'"
 */
export function layerLabel(op: string, name: string): string {
  return `${op} '${name}'`;
}

/** The first failure among checks, or 'ok'. */
export type FirstFail<Checks extends readonly unknown[]> =
  Checks extends readonly [infer Head, ...infer Rest] ? (Head extends Fail<string, string> ? Head : FirstFail<Rest>) : 'ok';

/** A check as a rule step: 'ok', or the sentence as a failure blaming `Option`. */
export type AsFail<Option extends string, Sentence> = Sentence extends 'ok' ? 'ok' : Fail<Option, Sentence & string>;
