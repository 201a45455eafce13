/** Flatten(axis) → flatten of the axes after it and of those before it (a 2-D result), or a reshape at the ends. */
import { reshapeTarget } from '../fold.js';
import { Unsupported, type OpImporter } from '../context.js';
import type { Entry } from './shared.js';

const run: OpImporter = (ctx) => {
  const x = ctx.input(0);
  const rank = x.shape.length;
  const axis = ctx.attrs.int('axis', 1) < 0 ? ctx.attrs.int('axis', 1) + rank : ctx.attrs.int('axis', 1);
  if (axis >= 1 && axis < rank) {
    const flat = axis === rank - 1 ? { kind: 'node' as const, node: x } : ctx.emit('flatten', [x], { startDim: axis, endDim: rank - 1 }, ctx.plainName('flatten'));
    if (axis === 1 || flat.kind !== 'node') return flat;
    return ctx.emit('flatten', [flat.node], { startDim: 0, endDim: axis - 1 }, ctx.plainName('flatten'));
  }
  const shape = reshapeTarget(x.shape, axis === 0 ? [1, -1] : [-1, 1]);
  if (typeof shape === 'string') throw new Unsupported(shape);
  return ctx.emit('reshape', [x], { shape }, ctx.plainName('reshape'));
};

export const Flatten: Entry = { attrs: ['axis'], run };
