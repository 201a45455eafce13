/**
 * layerNorm: PyTorch's `nn.LayerNorm(normalized_shape, eps, elementwise_affine)`: each block of the
 * input's trailing dimensions, which must equal `normalizedShape`, normalized over its elements, then
 * (with `elementwiseAffine`) scaled and shifted element by element by `weight` and `bias` of that shape.
 */
import type { Dim, OpAttrs } from '../ir.js';
import type { IsPositiveInteger } from '../internal/index.js';
import { formatShape, formatValue, ShapeError, type FormatShape, type FormatValue } from '../errors.js';
import type { Shape } from '../shape.js';
import { checkOptions, defineOptions, type OptionsFail, type SpecType } from './options.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import type { Fail } from './window.js';

export interface LayerNormOptions {
  /** Added to the variance. @default 1e-5 */
  eps?: number;
  /** Learn a `weight` and `bias` of the normalized shape. @default true */
  elementwiseAffine?: boolean;
  /** Parameters are `<name>.weight` and `<name>.bias`. */
  name?: string;
}

/** layerNorm's options in the order messages list them and each value's kind (see options.ts). */
export const layerNormOptions = defineOptions<LayerNormOptions>()('layerNorm', ['eps', 'elementwiseAffine', 'name'], { eps: 'non-negative number', elementwiseAffine: 'boolean', name: 'name' });
/** The type of `layerNormOptions`, by a name signatures can print. */
export interface LayerNormOptionKinds extends SpecType<typeof layerNormOptions> {}

type BadShape<Value> = `layerNorm: normalizedShape must be a positive integer or a non-empty list of them, got ${FormatValue<Value>}`;
/** normalizedShape as a tuple, or the sentence; a wide `number` or `number[]` passes (checked at run time). */
type ShapeOfArgument<Value> =
  [Value] extends [number] ? (IsPositiveInteger<Value> extends false ? BadShape<Value> : [Value])
  : [Value] extends [readonly number[]]
    ? number extends Value['length'] ? 'wide'
      : Value extends readonly [] ? BadShape<Value>
      : AllPositive<Value> extends true ? [...Value] : BadShape<Value>
    : BadShape<Value>;
type AllPositive<Values extends readonly number[]> =
  Values extends readonly [infer Head extends number, ...infer Rest extends readonly number[]] ? (IsPositiveInteger<Head> extends false ? false : AllPositive<Rest>) : true;

/** The last `Count` entries of a tuple. */
type LastOf<Tuple extends readonly unknown[], Count extends number, Acc extends unknown[] = []> =
  Acc['length'] extends Count ? Acc : Tuple extends readonly [...infer Rest, infer Last] ? LastOf<Rest, Count, [Last, ...Acc]> : Acc;
/** Whether a tuple of dimensions can equal the normalized shape: numbers equal (a wide one passes), no string. */
type Matches<Dims extends readonly unknown[], Wanted extends readonly number[]> =
  Dims extends readonly [infer Dim, ...infer Rest]
    ? Wanted extends readonly [infer Size extends number, ...infer More extends readonly number[]]
      ? (Dim extends string ? false : number extends Dim ? true : number extends Size ? true : [Dim] extends [Size] ? true : false) extends true ? Matches<Rest, More> : false
      : true
    : true;

/** normalizedShape's own check, then the fit: at least as many dimensions, the trailing ones equal. */
export type LayerNormRule<S extends Shape, Normalized> =
  ShapeOfArgument<Normalized> extends infer Wanted
    ? Wanted extends 'wide' ? [...S]
      : Wanted extends `${string}` ? Fail<'', Wanted>
      : Wanted extends readonly number[]
        ? LastOf<S, Wanted['length']>['length'] extends Wanted['length']
          ? Matches<LastOf<S, Wanted['length']>, Wanted> extends true ? [...S]
            : Fail<'', `layerNorm: normalizedShape ${FormatShape<Wanted>} does not match the input's last ${Wanted['length']} dimensions ${FormatShape<LastOf<S, Wanted['length']>>}`>
          : Fail<'', `layerNorm: normalizedShape ${FormatShape<Wanted>} has more dimensions than the input ${FormatShape<S>}`>
        : never
    : never;
export type LayerNormRuleOf<S extends Shape, Normalized, Options> =
  OptionsFail<LayerNormOptionKinds, Options> extends infer Failed extends Fail<string, string> ? Failed : LayerNormRule<S, Normalized>;
/** What `normalizedShape` is intersected with: its own check for any input, then the fit, distributive over S. */
export type LayerNormErrors<S extends Shape, Normalized> = ErrorTable<MessageOf<LayerNormRule<S, Normalized>>>[LayerNormVerdict<S, Normalized>];
type LayerNormVerdict<S extends Shape, Normalized, Whole = Normalized> =
  Normalized extends unknown
    ? ShapeOfArgument<Whole> extends `${string}` ? (ShapeOfArgument<Whole> extends 'wide' ? 'ok' : '')
      : (S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<LayerNormRule<S, Whole>>) : never)
    : never;
/** The output shape of layerNorm for the editor. */
export type LayerNormShape<S extends Shape, Normalized, Options> = S extends unknown ? (UnknownRank<S> extends true ? S : LayerNormOutput<S, Normalized, Options>) : never;
type LayerNormOutput<S extends Shape, Normalized, Options> =
  [S, Normalized, Options] extends [infer Input extends Shape, infer Given, infer Opts] ? RuleOutput<LayerNormRuleOf<Input, Given, Opts>> : never;

/** Runtime twin of `LayerNormRuleOf`. */
export function layerNormRule(input: readonly Dim[], normalizedShape: unknown, options?: LayerNormOptions): { attrs: OpAttrs['layerNorm']; shape: Dim[] } {
  checkOptions(layerNormOptions, options);
  const positive = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;
  const wanted = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  if (!Array.isArray(wanted) || wanted.length === 0 || !wanted.every(positive)) {
    throw new ShapeError(`layerNorm: normalizedShape must be a positive integer or a non-empty list of them, got ${formatValue(normalizedShape)}`);
  }
  const sizes = wanted as number[];
  if (sizes.length > input.length) throw new ShapeError(`layerNorm: normalizedShape ${formatShape(sizes)} has more dimensions than the input ${formatShape(input)}`);
  const last = input.slice(input.length - sizes.length);
  if (!last.every((d, i) => d === sizes[i])) {
    throw new ShapeError(`layerNorm: normalizedShape ${formatShape(sizes)} does not match the input's last ${sizes.length} dimensions ${formatShape(last)}`);
  }
  return { attrs: { normalizedShape: [...sizes], eps: options?.eps ?? 1e-5, elementwiseAffine: options?.elementwiseAffine ?? true }, shape: [...input] };
}

/** `weight` and `bias` of the normalized shape with elementwiseAffine, none without. */
export function layerNormParamShapes(attrs: OpAttrs['layerNorm']): Record<'weight' | 'bias', number[] | undefined> {
  return attrs.elementwiseAffine ? { weight: [...attrs.normalizedShape], bias: [...attrs.normalizedShape] } : { weight: undefined, bias: undefined };
}
