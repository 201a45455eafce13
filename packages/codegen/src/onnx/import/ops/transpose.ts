/** Transpose → permute (`perm`, reversed axes by default); the identity permutation passes its input through. */
import { Unsupported, type OpImporter } from '../context.js';
import type { Entry } from './shared.js';

const run: OpImporter = (ctx) => {
  const x = ctx.input(0);
  const rank = x.shape.length;
  const dims = ctx.attrs.ints('perm', [...x.shape.keys()].reverse());
  if (dims.length !== rank || [...dims].sort((a, b) => a - b).some((d, i) => d !== i)) throw new Unsupported(`perm [${dims.join(', ')}] is not a permutation of the ${rank} axes`);
  if (dims.every((d, i) => d === i)) return { kind: 'node', node: x };
  return ctx.emit('permute', [x], { dims }, ctx.plainName('permute'));
};

export const Transpose: Entry = { attrs: ['perm'], run };
