/**
 * Split → one slice per output, as the DSL's split and chunk record them: sizes from the `split`
 * attribute (opsets 11–12) or input (13+), else equal pieces, one per output.
 */
import { listOf } from '../constant.js';
import { Unsupported, type OpImporter } from '../context.js';
import { axisOf, type Entry } from './shared.js';

const run: OpImporter = (ctx) => {
  const x = ctx.input(0);
  const dim = axisOf(ctx.attrs.int('axis', 0), x.shape.length);
  const size = x.shape[dim];
  if (typeof size !== 'number') throw new Unsupported(`splits the symbolic dimension '${size}'`);
  const outputs = ctx.node.output.length;
  const given = ctx.attrs.has('split') ? ctx.attrs.ints('split', []) : ctx.node.input[1] ? listOf(ctx.requireConstant(1, 'split')) : undefined;
  let sizes: number[];
  if (given) {
    sizes = given;
    if (sizes.length !== outputs || sizes.reduce((a, b) => a + b, 0) !== size || sizes.some((s) => s < 1)) {
      throw new Unsupported(`split [${sizes.join(', ')}] does not cut axis ${dim} of size ${size} into ${outputs} non-empty pieces`);
    }
  } else {
    if (size % outputs !== 0) throw new Unsupported(`axis ${dim} of size ${size} does not split evenly into ${outputs} outputs`);
    sizes = Array(outputs).fill(size / outputs);
  }
  let start = 0;
  return sizes.map((length) => {
    start += length;
    return ctx.emit('slice', [x], { dim, start: start - length, end: start, step: 1 }, ctx.plainName('split'));
  });
};

export const Split: Entry = { attrs: ['axis', 'split'], run };
