/**
 * Softmax and LogSoftmax along one axis. Before opset 13 they flatten from `axis` on: the same as
 * PyTorch's only over the last axis.
 */
import { Unsupported, type OpImporter } from '../context.js';
import type { Entry } from './shared.js';

const alongAxis = (op: 'softmax' | 'logSoftmax'): OpImporter => (ctx) => {
  const x = ctx.input(0);
  const rank = x.shape.length;
  const raw = ctx.attrs.int('axis', ctx.opset >= 13 ? -1 : 1);
  const axis = raw < 0 ? raw + rank : raw;
  if (ctx.opset < 13 && axis !== rank - 1) throw new Unsupported(`axis ${raw} at opset ${ctx.opset} normalizes over several axes, which ${op} cannot express`);
  return ctx.emit(op, [x], { dim: axis }, ctx.plainName(op));
};

export const Softmax: Entry = { attrs: ['axis'], run: alongAxis('softmax') };
export const LogSoftmax: Entry = { attrs: ['axis'], run: alongAxis('logSoftmax') };
