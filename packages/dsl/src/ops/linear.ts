/** linear: PyTorch's `nn.Linear` on the last dimension. */
import type { Dim, OpAttrs } from '../ir.js';
import { formatShape, ShapeError, type FormatShape } from '../errors.js';
import type { OptionOf, Shape } from '../shape.js';
import { checkBoolean, checkOptions, checkPositive, type CheckPositive } from './options.js';
import type { ErrorTable, MessageOf, UnknownRank, VerdictOf, Resolve } from './rule.js';
import type { Fail } from './window.js';

export interface LinearOptions {
  outFeatures: number;
  /** @default true */
  bias?: boolean;
  /** Parameters are `<name>.weight` [out, in] and `<name>.bias`. */
  name?: string;
}

/** Every option of linear, in the order error messages list them; `satisfies` keeps it equal to `LinearOptions`. */
export const linearOptionKeys = Object.keys({ outFeatures: 0, bias: 0, name: 0 } satisfies Record<keyof LinearOptions, 0>);

export type LinearRule<S extends Shape, Options> =
  S extends readonly [...infer Leading, infer Features]
    ? CheckPositive<'linear', 'outFeatures', OptionOf<Options, 'outFeatures'>> extends infer Failed extends Fail<string, string> ? Failed
      : Features extends string ? Fail<'', `linear: input features must be a known size, got '${Features}'`>
      : [...Leading, OptionOf<Options, 'outFeatures'>]
    : Fail<'', `linear: expects a tensor of rank 1 or more, got ${FormatShape<S>}`>;
export type LinearErrors<S extends Shape, Options> =
  ErrorTable<MessageOf<LinearRule<S, Options>>>[S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<LinearRule<S, Options>>) : never];
export type LinearShape<S extends Shape, Options> = Resolve<S, LinearRule<S, Options>>;

/** Runtime twin of `LinearRule`. `layer` names the call in runtime-only sentences (see options.ts). */
export function linearRule(input: readonly Dim[], options: LinearOptions, layer = 'linear'): { attrs: OpAttrs['linear']; shape: Dim[] } {
  if (input.length < 1) throw new ShapeError(`linear: expects a tensor of rank 1 or more, got ${formatShape(input)}`);
  checkOptions(layer, options, linearOptionKeys, ['outFeatures']);
  checkPositive('linear', 'outFeatures', options.outFeatures);
  checkBoolean(layer, 'bias', options.bias);
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
