/** Add: a groupNorm's bias; MatMul(x, W) + b is linear with a bias; else add. */
import type { OpImporter } from '../context.js';
import { linearOf } from './linear.js';
import { normAffine } from './normalization.js';
import type { Entry } from './shared.js';

const run: OpImporter = (ctx) => {
  const affine = normAffine(ctx, 'bias');
  if (affine) return affine;
  for (const [m, b] of [[0, 1], [1, 0]]) {
    const matmul = ctx.producer(ctx.node.input[m]);
    const bias = ctx.constant(b);
    if (matmul?.opType === 'MatMul' && bias && ctx.uses(ctx.node.input[m]) === 1) {
      const linear = linearOf(ctx, matmul, bias);
      if (linear) return linear;
    }
  }
  return ctx.emit('add', [ctx.input(0), ctx.input(1)], {}, ctx.plainName('add'));
};

export const Add: Entry = { attrs: [], run };
