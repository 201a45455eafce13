/** Mul: x·Sigmoid(x) is silu; x·½·(1 + Erf(x/√2)) in the orders torch and Stride write it is gelu; a groupNorm's weight; else mul. */
import type { Node } from '@stride/dsl';
import type { Constant } from '../constant.js';
import type { ImportContext, OpImporter } from '../context.js';
import { normAffine } from './normalization.js';
import { computed, sameValue, type Entry } from './shared.js';

const run: OpImporter = (ctx) => {
  const [a, b] = ctx.node.input;
  for (const [x, s] of [[a, b], [b, a]]) {
    const p = ctx.producer(s);
    if (p?.opType === 'Sigmoid' && p.input[0] === x && ctx.value(x)?.kind === 'node') return ctx.emit('silu', [computed(ctx, x)], {}, ctx.plainName('silu'));
  }
  const gelu = geluInput(ctx);
  if (gelu) return ctx.emit('gelu', [gelu], {}, ctx.plainName('gelu'));
  const affine = normAffine(ctx, 'weight');
  if (affine) return affine;
  return ctx.emit('mul', [ctx.input(0), ctx.input(1)], {}, ctx.plainName('mul'));
};

/** The x of x·½·(1 + Erf(x/√2)) ending at this Mul, in either of the orders exporters write. */
function geluInput(ctx: ImportContext): Node | undefined {
  const half = ctx.node.input.findIndex((v) => sameValue(ctx.value(v)?.kind === 'constant' ? (ctx.value(v) as { constant: Constant }).constant : undefined, 0.5));
  if (half < 0) return undefined;
  const inner = ctx.producer(ctx.node.input[1 - half]);
  if (inner?.opType !== 'Mul') return undefined;
  for (const [x, onePlus] of [[inner.input[0], inner.input[1]], [inner.input[1], inner.input[0]]]) {
    const add = ctx.producer(onePlus);
    if (add?.opType !== 'Add') continue;
    const erfValue = add.input.find((v) => ctx.producer(v)?.opType === 'Erf');
    const erf = erfValue ? ctx.producer(erfValue) : undefined;
    const div = erf ? ctx.producer(erf.input[0]) : undefined;
    if (div?.opType !== 'Div' || div.input[0] !== x) continue;
    const root = ctx.value(div.input[1]);
    if (root?.kind !== 'constant' || !sameValue(root.constant, Math.SQRT2)) continue;
    if (ctx.value(x)?.kind === 'node') return computed(ctx, x);
  }
  return undefined;
}

export const Mul: Entry = { attrs: [], run };
