/**
 * instanceNorm2d: PyTorch's `nn.InstanceNorm2d(num_features, eps, affine)` with its defaults
 * (`affine=False`, `track_running_stats=False`): each image's each channel normalized over its pixels,
 * then (with `affine`) scaled and shifted per channel by `weight` and `bias`. The statistics are the
 * input's own, at inference as in training.
 */
import type { Dim, OpAttrs } from '../ir.js';
import { formatShape, ShapeError, type FormatShape } from '../errors.js';
import { checkOptions, defineOptions, type SpecType, type OptionsFail, type OptionsObjectErrors } from './options.js';
import type { Shape } from '../shape.js';
import type { RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import type { Fail } from './window.js';

export interface InstanceNorm2dOptions {
  /** Added to the variance. @default 1e-5 */
  eps?: number;
  /** Learn a per-channel `weight` and `bias`. @default false (as PyTorch) */
  affine?: boolean;
  /** Parameters are `<name>.weight` and `<name>.bias`. */
  name?: string;
}

/** instanceNorm2d's options in the order messages list them and each value's kind (see options.ts). */
export const instanceNorm2dOptions = defineOptions<InstanceNorm2dOptions>()(
  'instanceNorm2d', ['eps', 'affine', 'name'], { eps: 'non-negative number', affine: 'boolean', name: 'name' },
  [], { track_running_stats: 'Stride normalizes by each input\'s own statistics, as PyTorch\'s default track_running_stats=False', momentum: 'no running statistics are kept' },
);
/** The type of `instanceNorm2dOptions`, by a name signatures can print. */
export interface InstanceNorm2dOptionKinds extends SpecType<typeof instanceNorm2dOptions> {}

/** Whether instanceNorm2d fits the input, which its options never change: rank 4, known channels. */
export type InstanceNorm2dRule<S extends Shape> =
  S extends readonly [unknown, infer Channels, infer Height, infer Width]
    ? Channels extends string ? Fail<'', `instanceNorm2d: channels must be a known size, got '${Channels}'`>
      : [Height, Width] extends [1, 1] ? Fail<'', 'instanceNorm2d: needs more than one pixel per channel, got 1×1'>
      : Mutable4<S>
    : Fail<'', `instanceNorm2d: expects a rank-4 NCHW tensor, got ${FormatShape<S>}`>;
type Mutable4<S> = S extends readonly [infer A, infer B, infer C, infer D] ? [A, B, C, D] : never;
/** The whole rule: the options' own checks (options.ts), then the fit to the input. */
export type InstanceNorm2dRuleOf<S extends Shape, Options> =
  OptionsFail<InstanceNorm2dOptionKinds, Options> extends infer Failed extends Fail<string, string> ? Failed : InstanceNorm2dRule<S>;
/** Whether instanceNorm2d fits S ('ok' or ''), reported on the tensor through `this` (as batchNorm2d). */
export type InstanceNorm2dFit<S extends Shape> = S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<InstanceNorm2dRule<S>>) : never;
export type InstanceNorm2dErrors<Options> = OptionsObjectErrors<InstanceNorm2dOptionKinds, Options>;
/** The output shape of instanceNorm2d for the editor. */
export type InstanceNorm2dShape<S extends Shape, Options> = S extends unknown ? (UnknownRank<S> extends true ? S : InstanceNorm2dOutput<S, Options>) : never;
type InstanceNorm2dOutput<S extends Shape, Options> = [S, Options] extends [infer Input extends Shape, infer Given] ? RuleOutput<InstanceNorm2dRuleOf<Input, Given>> : never;

/** Runtime twin of `InstanceNorm2dRuleOf`. */
export function instanceNorm2dRule(input: readonly Dim[], options?: InstanceNorm2dOptions): { attrs: OpAttrs['instanceNorm2d']; shape: Dim[] } {
  checkOptions(instanceNorm2dOptions, options);
  if (input.length !== 4) throw new ShapeError(`instanceNorm2d: expects a rank-4 NCHW tensor, got ${formatShape(input)}`);
  const channels = input[1];
  if (typeof channels === 'string') throw new ShapeError(`instanceNorm2d: channels must be a known size, got '${channels}'`);
  // PyTorch: "Expected more than 1 spatial element" — a channel's statistics of one value normalize it to 0.
  if (input[2] === 1 && input[3] === 1) throw new ShapeError('instanceNorm2d: needs more than one pixel per channel, got 1×1');
  return { attrs: { numFeatures: channels, eps: options?.eps ?? 1e-5, affine: options?.affine ?? false }, shape: [...input] };
}

/** `weight` and `bias` [C] with affine, none without. */
export function instanceNorm2dParamShapes(attrs: OpAttrs['instanceNorm2d']): Record<'weight' | 'bias', number[] | undefined> {
  return attrs.affine ? { weight: [attrs.numFeatures], bias: [attrs.numFeatures] } : { weight: undefined, bias: undefined };
}
