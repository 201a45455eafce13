/**
 * groupNorm: PyTorch's `nn.GroupNorm(num_groups, num_channels, eps, affine)` on NCHW images: each
 * image's channels in `numGroups` groups, each group normalized over its channels and pixels, then
 * (with `affine`) scaled and shifted per channel by `weight` and `bias`.
 */
import type { Dim, OpAttrs } from '../ir.js';
import type { Mod } from '../internal/index.js';
import { formatShape, ShapeError, type FormatShape } from '../errors.js';
import type { Shape } from '../shape.js';
import { checkOptions, checkValue, defineOptions, type AsFail, type CheckValue, type OptionsFail, type SpecType } from './options.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import type { Fail } from './window.js';

export interface GroupNormOptions {
  /** Added to the variance. @default 1e-5 */
  eps?: number;
  /** Learn a per-channel `weight` and `bias`. @default true */
  affine?: boolean;
  /** Parameters are `<name>.weight` and `<name>.bias`. */
  name?: string;
}

/** groupNorm's options in the order messages list them and each value's kind (see options.ts); none is required. */
export const groupNormOptions = defineOptions<GroupNormOptions>()('groupNorm', ['eps', 'affine', 'name'], { eps: 'non-negative number', affine: 'boolean', name: 'name' });
/** The type of `groupNormOptions`, by a name signatures can print. */
export interface GroupNormOptionKinds extends SpecType<typeof groupNormOptions> {}

/** numGroups' own check, then the fit: rank 4, known channels, divisible by the groups. */
export type GroupNormRule<S extends Shape, Groups> =
  AsFail<'', CheckValue<'groupNorm', 'numGroups', 'positive integer', Groups>> extends infer Failed extends Fail<string, string> ? Failed
  : S extends readonly [infer Batch, infer Channels, infer Height, infer Width]
    ? Channels extends string ? Fail<'', `groupNorm: channels must be a known size, got '${Channels}'`>
      : Mod<Channels & number, Groups & number> extends infer Remainder
        ? number extends Remainder ? [Batch, Channels, Height, Width] // a size or count known at run time: checked there
          : Remainder extends 0 ? [Batch, Channels, Height, Width]
          : Fail<'', `groupNorm: channels ${Channels & number} are not divisible by numGroups ${Groups & number}`>
        : never
    : Fail<'', `groupNorm: expects a rank-4 NCHW tensor, got ${FormatShape<S>}`>;
/** The whole rule: the options' own checks first (as the runtime twin makes them), then `GroupNormRule`. */
export type GroupNormRuleOf<S extends Shape, Groups, Options> =
  OptionsFail<GroupNormOptionKinds, Options> extends infer Failed extends Fail<string, string> ? Failed : GroupNormRule<S, Groups>;
/** What `numGroups` is intersected with: its own check for any input (also inside generic blocks), then the fit, distributive over S. */
export type GroupNormErrors<S extends Shape, Groups> = ErrorTable<MessageOf<GroupNormRule<S, Groups>>>[GroupNormVerdict<S, Groups>];
type GroupNormVerdict<S extends Shape, Groups, Whole = Groups> =
  Groups extends unknown
    ? CheckValue<'groupNorm', 'numGroups', 'positive integer', Whole> extends 'ok'
      ? (S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<GroupNormRule<S, Whole>>) : never)
      : ''
    : never;
/** The output shape of groupNorm for the editor. */
export type GroupNormShape<S extends Shape, Groups, Options> = S extends unknown ? (UnknownRank<S> extends true ? S : GroupNormOutput<S, Groups, Options>) : never;
type GroupNormOutput<S extends Shape, Groups, Options> =
  [S, Groups, Options] extends [infer Input extends Shape, infer Given, infer Opts] ? RuleOutput<GroupNormRuleOf<Input, Given, Opts>> : never;

/** Runtime twin of `GroupNormRuleOf`. */
export function groupNormRule(input: readonly Dim[], numGroups: unknown, options?: GroupNormOptions): { attrs: OpAttrs['groupNorm']; shape: Dim[] } {
  checkOptions(groupNormOptions, options);
  if (numGroups === undefined) throw new ShapeError('groupNorm: numGroups is required');
  const wrong = checkValue('groupNorm', 'numGroups', 'positive integer', numGroups);
  if (wrong) throw new ShapeError(wrong);
  const groups = numGroups as number;
  if (input.length !== 4) throw new ShapeError(`groupNorm: expects a rank-4 NCHW tensor, got ${formatShape(input)}`);
  const channels = input[1];
  if (typeof channels === 'string') throw new ShapeError(`groupNorm: channels must be a known size, got '${channels}'`);
  if (channels % groups !== 0) throw new ShapeError(`groupNorm: channels ${channels} are not divisible by numGroups ${groups}`);
  return { attrs: { numGroups: groups, numChannels: channels, eps: options?.eps ?? 1e-5, affine: options?.affine ?? true }, shape: [...input] };
}

/** `weight` and `bias` [C] with affine, none without. */
export function groupNormParamShapes(attrs: OpAttrs['groupNorm']): Record<'weight' | 'bias', number[] | undefined> {
  return attrs.affine ? { weight: [attrs.numChannels], bias: [attrs.numChannels] } : { weight: undefined, bias: undefined };
}
