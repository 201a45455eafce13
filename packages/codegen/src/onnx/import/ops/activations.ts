/** The elementwise activations: Relu, Sigmoid, Tanh, HardSwish, HardSigmoid, LeakyRelu, Elu, and Clip (relu6 or clamp). */
import { Unsupported, type OpImporter } from '../context.js';
import { scalar, written, type Entry } from './shared.js';

const simple = (op: 'relu' | 'sigmoid' | 'tanh' | 'hardswish'): Entry => ({ attrs: [], run: (ctx) => ctx.emit(op, [ctx.input(0)], {} as never, ctx.plainName(op)) });

/** Clip(0, 6) is relu6; other bounds are clamp (an absent bound, the empty input, is none). */
const clip: OpImporter = (ctx) => {
  if ((ctx.node.input[1] && !ctx.constant(1)) || (ctx.node.input[2] && !ctx.constant(2))) throw new Unsupported('its bounds are not constants');
  const min = scalar(ctx.constant(1));
  const max = scalar(ctx.constant(2));
  if (min === 0 && max === 6) return ctx.emit('relu6', [ctx.input(0)], {}, ctx.plainName('relu6'));
  const bound = (v: number | undefined) => (v === undefined ? null : Number(Math.fround(v).toPrecision(7)));
  if (min === undefined && max === undefined) return { kind: 'node', node: ctx.input(0) };
  return ctx.emit('clamp', [ctx.input(0)], { min: bound(min), max: bound(max) }, ctx.plainName('clamp'));
};

const hardSigmoid: OpImporter = (ctx) => {
  const alpha = ctx.attrs.float('alpha', 0.2);
  const beta = ctx.attrs.float('beta', 0.5);
  if (Math.fround(alpha) !== Math.fround(1 / 6) || Math.fround(beta) !== Math.fround(0.5)) {
    throw new Unsupported(`alpha ${alpha}, beta ${beta}: only PyTorch's hardsigmoid (alpha 1/6, beta 1/2) is supported`);
  }
  return ctx.emit('hardsigmoid', [ctx.input(0)], {}, ctx.plainName('hardsigmoid'));
};

export const Relu = simple('relu');
export const Sigmoid = simple('sigmoid');
export const Tanh = simple('tanh');
export const HardSwish = simple('hardswish');
export const HardSigmoid: Entry = { attrs: ['alpha', 'beta'], run: hardSigmoid };
export const LeakyRelu: Entry = { attrs: ['alpha'], run: (ctx) => ctx.emit('leakyRelu', [ctx.input(0)], { slope: written(ctx.attrs.float('alpha', 0.01), [0.01, 0.1, 0.2, 0.02, 0.05, 0.3]) }, ctx.plainName('leakyRelu')) };
export const Elu: Entry = { attrs: ['alpha'], run: (ctx) => ctx.emit('elu', [ctx.input(0)], { alpha: written(ctx.attrs.float('alpha', 1), [1, 0.5, 0.1, 0.2, 2]) }, ctx.plainName('elu')) };
export const Clip: Entry = { attrs: [], run: clip };
