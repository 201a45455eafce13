import type { Converter } from '../context.js';

/** slice → Slice with its normalized start, end, axis and step. */
export const slice: Converter<'slice'> = (ctx) => {
  const { dim, start, end, step } = ctx.node.attrs;
  return ctx.result('Slice', [ctx.inputs[0], ctx.int64s('starts', [start]), ctx.int64s('ends', [end]), ctx.int64s('axes', [dim]), ctx.int64s('steps', [step])]);
};
