/** Concat → concat; Stride's circular wrap (Slice + Concat per axis, Pad's `wrap` needing opset 19) → pad 'circular'. */
import { Unsupported, type OpImporter } from '../context.js';
import { circularPadding } from './conv.js';
import { axisOf, type Entry } from './shared.js';

const run: OpImporter = (ctx) => {
  const wrap = circularPadding(ctx, ctx.node.output[0]);
  if (wrap) {
    // A wrap the DSL's circular pad does not take (wider than its axis, say) stays the concat it is.
    try {
      return ctx.emit('pad', [wrap.input], { mode: 'circular', value: 0, padding: wrap.padding }, ctx.plainName('pad'));
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
    }
  }
  const parts = ctx.node.input.map((_, i) => ctx.input(i));
  if (parts.length === 1) return { kind: 'node', node: parts[0] };
  return ctx.emit('concat', parts, { dim: axisOf(ctx.attrs.int('axis', 0), parts[0].shape.length) }, ctx.plainName('concat'));
};

export const Concat: Entry = { attrs: ['axis'], run };
