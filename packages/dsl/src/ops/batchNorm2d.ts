/** batchNorm2d: PyTorch's `nn.BatchNorm2d` in inference mode (running statistics). */
import type { Dim, OpAttrs } from '../ir.js';
import { formatShape, ShapeError, type FormatShape } from '../errors.js';
import { checkOptions, defineOptions, type SpecType, type OptionsFail, type OptionsObjectErrors } from './options.js';
import type { Shape } from '../shape.js';
import type { RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import type { Fail } from './window.js';

export interface BatchNorm2dOptions {
  /** Added to the variance. @default 1e-5 */
  eps?: number;
  /** Parameters are `<name>.weight`, `.bias`, `.running_mean`, `.running_var`. */
  name?: string;
}

/** batchNorm2d's options in the order messages list them and each value's kind (see options.ts); none is required. */
export const batchNorm2dOptions = defineOptions<BatchNorm2dOptions>()('batchNorm2d', ['eps', 'name'], { eps: 'non-negative number', name: 'name' });
/** The type of `batchNorm2dOptions`, by a name signatures can print. */
export interface BatchNorm2dOptionKinds extends SpecType<typeof batchNorm2dOptions> {}
export type BatchNorm2dSpec = BatchNorm2dOptionKinds;

/** Whether batchNorm2d fits the input, which its options never change: rank 4, known channels. */
export type BatchNorm2dRule<S extends Shape> =
  S extends readonly [unknown, infer Channels, unknown, unknown]
    ? Channels extends string ? Fail<'', `batchNorm2d: channels must be a known size, got '${Channels}'`> : Mutable4<S>
    : Fail<'', `batchNorm2d: expects a rank-4 NCHW tensor, got ${FormatShape<S>}`>;
type Mutable4<S> = S extends readonly [infer A, infer B, infer C, infer D] ? [A, B, C, D] : never;
/** The whole rule: the options' own checks (options.ts), then the fit to the input. */
export type BatchNorm2dRuleOf<S extends Shape, Options> = OptionsFail<BatchNorm2dSpec, Options> extends infer Failed extends Fail<string, string> ? Failed : BatchNorm2dRule<S>;
/**
 * Whether batchNorm2d fits S ('ok' or ''): distributive, 'ok' for an unknown rank. Its `this`
 * parameter carries it, so a misfit is reported on the tensor even when no options are passed. It does
 * not wait for the options' own checks (which the runtime twin makes first): a call with both wrong
 * is underlined twice, on the tensor and on the option.
 */
export type BatchNorm2dFit<S extends Shape> = S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<BatchNorm2dRule<S>>) : never;
/** What the options argument is intersected with besides `CheckedOptions`: the sentence for `null` values (see options.ts). */
export type BatchNorm2dErrors<Options> = OptionsObjectErrors<BatchNorm2dOptionKinds, Options>;
/** The output shape of batchNorm2d for the editor. */
export type BatchNorm2dShape<S extends Shape, Options> = S extends unknown ? (UnknownRank<S> extends true ? S : BatchNorm2dOutput<S, Options>) : never;
type BatchNorm2dOutput<S extends Shape, Options> = [S, Options] extends [infer Input extends Shape, infer Given] ? RuleOutput<BatchNorm2dRuleOf<Input, Given>> : never;

/** Runtime twin of `BatchNorm2dRuleOf`. */
export function batchNorm2dRule(input: readonly Dim[], options?: BatchNorm2dOptions): { attrs: OpAttrs['batchNorm2d']; shape: Dim[] } {
  checkOptions(batchNorm2dOptions, options);
  if (input.length !== 4) throw new ShapeError(`batchNorm2d: expects a rank-4 NCHW tensor, got ${formatShape(input)}`);
  const channels = input[1];
  if (typeof channels === 'string') throw new ShapeError(`batchNorm2d: channels must be a known size, got '${channels}'`);
  return { attrs: { numFeatures: channels, eps: options?.eps ?? 1e-5 }, shape: [...input] };
}

export function batchNorm2dParamShapes(attrs: OpAttrs['batchNorm2d']): Record<'weight' | 'bias' | 'running_mean' | 'running_var', number[]> {
  const c = [attrs.numFeatures];
  return { weight: c, bias: c, running_mean: c, running_var: c };
}
