/** batchNorm2d: PyTorch's `nn.BatchNorm2d` in inference mode (running statistics). */
import type { Dim, OpAttrs } from '../ir.js';
import { formatShape, formatValue, ShapeError, type FormatShape } from '../errors.js';
import { checkOptions } from './options.js';
import type { Shape } from '../shape.js';
import type { UnknownRank, VerdictOf, Resolve } from './rule.js';
import type { Fail } from './window.js';

export interface BatchNorm2dOptions {
  /** Added to the variance. @default 1e-5 */
  eps?: number;
  /** Parameters are `<name>.weight`, `.bias`, `.running_mean`, `.running_var`. */
  name?: string;
}

/** Every option of batchNorm2d, in the order error messages list them; `satisfies` keeps it equal to `BatchNorm2dOptions`. */
export const batchNorm2dOptionKeys = Object.keys({ eps: 0, name: 0 } satisfies Record<keyof BatchNorm2dOptions, 0>);

export type BatchNorm2dRule<S extends Shape> =
  S extends readonly [unknown, infer Channels, unknown, unknown]
    ? Channels extends string ? Fail<'', `batchNorm2d: channels must be a known size, got '${Channels}'`> : Mutable4<S>
    : Fail<'', `batchNorm2d: expects a rank-4 NCHW tensor, got ${FormatShape<S>}`>;
type Mutable4<S> = S extends readonly [infer A, infer B, infer C, infer D] ? [A, B, C, D] : never;
/** Whether batchNorm2d fits S at all ('ok' or ''): its options never make it fail. Distributive, 'ok' for an unknown rank. */
export type BatchNorm2dVerdict<S extends Shape> = S extends unknown ? (UnknownRank<S> extends true ? 'ok' : VerdictOf<BatchNorm2dRule<S>>) : never;
export type BatchNorm2dShape<S extends Shape> = Resolve<S, BatchNorm2dRule<S>>;

/** Runtime twin of `BatchNorm2dRule`. `layer` names the call in runtime-only sentences (see options.ts). */
export function batchNorm2dRule(input: readonly Dim[], options?: BatchNorm2dOptions, layer = 'batchNorm2d'): { attrs: OpAttrs['batchNorm2d']; shape: Dim[] } {
  if (input.length !== 4) throw new ShapeError(`batchNorm2d: expects a rank-4 NCHW tensor, got ${formatShape(input)}`);
  const channels = input[1];
  if (typeof channels === 'string') throw new ShapeError(`batchNorm2d: channels must be a known size, got '${channels}'`);
  checkOptions(layer, options, batchNorm2dOptionKeys, []);
  const eps = options?.eps ?? 1e-5;
  if (typeof eps !== 'number' || !(eps >= 0)) throw new ShapeError(`${layer}: eps must be a non-negative number, got ${formatValue(eps)}`);
  return { attrs: { numFeatures: channels, eps }, shape: [...input] };
}

export function batchNorm2dParamShapes(attrs: OpAttrs['batchNorm2d']): Record<'weight' | 'bias' | 'running_mean' | 'running_var', number[]> {
  const c = [attrs.numFeatures];
  return { weight: c, bias: c, running_mean: c, running_var: c };
}
