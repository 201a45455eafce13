/** linear: PyTorch's `nn.Linear` on the last dimension. */
import type { Dim, OpAttrs } from '../ir.js';
import { formatShape, ShapeError, type FormatShape } from '../errors.js';
import type { OptionOf, Shape } from '../shape.js';
import { checkOptions, defineOptions, type SpecType, type OptionsFail, type OptionsKnown } from './options.js';
import type { ErrorTable, MessageOf, RuleOutput, UnknownRank, VerdictOf } from './rule.js';
import type { Fail } from './window.js';

export interface LinearOptions {
  outFeatures: number;
  /** @default true */
  bias?: boolean;
  /** Parameters are `<name>.weight` [out, in] and `<name>.bias`. */
  name?: string;
}

/** linear's options in the order messages list them, each value's kind, the required ones (see options.ts). */
export const linearOptions = defineOptions<LinearOptions>()(
  'linear', ['outFeatures', 'bias', 'name'], { outFeatures: 'positive integer', bias: 'boolean', name: 'name' }, ['outFeatures'],
);
/** The type of `linearOptions`, by a name signatures can print. */
export interface LinearOptionKinds extends SpecType<typeof linearOptions> {}
export type LinearSpec = LinearOptionKinds;

/** The output shape of linear: the options' own checks (options.ts), then the input's last dimension. */
export type LinearRule<S extends Shape, Options> =
  OptionsFail<LinearSpec, Options> extends infer Failed extends Fail<string, string> ? Failed
  : S extends readonly [...infer Leading, infer Features]
    ? Features extends string ? Fail<'', `linear: input features must be a known size, got '${Features}'`>
      : [...Leading, OptionOf<Options, 'outFeatures'>]
    : Fail<'', `linear: expects a tensor of rank 1 or more, got ${FormatShape<S>}`>;
export type LinearErrors<S extends Shape, Options> = OptionsKnown<LinearSpec, Options> extends true
  ? ErrorTable<MessageOf<LinearRule<S, Options>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<LinearRule<S, Options>>) : never]
  : unknown;
/** The output shape of linear for the editor. */
export type LinearShape<S extends Shape, Options> = S extends unknown ? (UnknownRank<S> extends true ? S : LinearOutput<S, Options>) : never;
type LinearOutput<S extends Shape, Options> = [S, Options] extends [infer Input extends Shape, infer Given] ? RuleOutput<LinearRule<Input, Given>> : never;

/** Runtime twin of `LinearRule`. */
export function linearRule(input: readonly Dim[], options: LinearOptions): { attrs: OpAttrs['linear']; shape: Dim[] } {
  checkOptions(linearOptions, options);
  if (input.length < 1) throw new ShapeError(`linear: expects a tensor of rank 1 or more, got ${formatShape(input)}`);
  const features = input[input.length - 1];
  if (typeof features === 'string') throw new ShapeError(`linear: input features must be a known size, got '${features}'`);
  return {
    attrs: { inFeatures: features, outFeatures: options.outFeatures, bias: options.bias ?? true },
    shape: [...input.slice(0, -1), options.outFeatures],
  };
}

export function linearParamShapes(attrs: OpAttrs['linear']): { weight: number[]; bias?: number[] } {
  const weight = [attrs.outFeatures, attrs.inFeatures];
  return attrs.bias ? { weight, bias: [attrs.outFeatures] } : { weight };
}
