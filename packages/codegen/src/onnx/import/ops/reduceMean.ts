/** ReduceMean → mean over its axes (all of them without any), keepdims as keepDim. */
import { listOf } from '../constant.js';
import { Unsupported, type OpImporter } from '../context.js';
import type { Entry } from './shared.js';

const run: OpImporter = (ctx) => {
  const x = ctx.input(0);
  const rank = x.shape.length;
  if (ctx.attrs.int('noop_with_empty_axes', 0) !== 0) throw new Unsupported('noop_with_empty_axes is not supported');
  const given = ctx.attrs.has('axes') ? ctx.attrs.ints('axes', []) : ctx.node.input[1] ? listOf(ctx.requireConstant(1, 'axes')) : [...x.shape.keys()];
  const dims = [...new Set(given.map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
  return ctx.emit('mean', [x], { dims, keepDim: ctx.attrs.int('keepdims', 1) === 1 }, ctx.plainName('mean'));
};

export const ReduceMean: Entry = { attrs: ['axes', 'keepdims', 'noop_with_empty_axes'], run };
