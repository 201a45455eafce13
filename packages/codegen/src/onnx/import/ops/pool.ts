/**
 * MaxPool / AveragePool → maxPool2d / avgPool2d; GlobalAveragePool / GlobalMaxPool → their adaptive
 * forms to 1×1. Uneven pads become a `pad` before the pool, carrying all of the padding:
 * - MaxPool: replicate padding. A window that covers a padded element also covers the border element
 *   it copies (without dilation, each side's pad below the kernel size, as ONNX requires), so the
 *   maximum is the one over the unpadded elements, as ONNX's (and PyTorch's) −∞ padding gives.
 * - AveragePool with count_include_pad: zero padding, counted as ONNX counts it. Without it, the
 *   divisor excludes the padding, which a pad before cannot express: refused.
 */
import type { Padding2d } from '@stride/dsl';
import { Unsupported, type ImportContext, type OpImporter } from '../context.js';
import { checkAutoPad, isSymmetric, pair, padBefore, sides, type Entry } from './shared.js';

const pool = (op: 'maxPool2d' | 'avgPool2d'): OpImporter => (ctx) => {
  checkAutoPad(ctx);
  if (ctx.node.output.length > 1 && ctx.node.output[1]) throw new Unsupported('the indices output of MaxPool is not supported');
  let x = ctx.input(0);
  const kernelSize = pair(ctx.attrs.ints('kernel_shape', []), 'kernel_shape');
  const stride = pair(ctx.attrs.ints('strides', [1, 1]), 'strides');
  const dilation = pair(ctx.attrs.ints('dilations', [1, 1]), 'dilations');
  const ceilMode = ctx.attrs.int('ceil_mode', 0) === 1;
  const countIncludePad = ctx.attrs.int('count_include_pad', 0) === 1;
  const pads = sides(ctx.attrs.ints('pads', [0, 0, 0, 0]));
  let padding: [number, number] = [pads.top, pads.left];
  if (!isSymmetric(pads)) {
    x = padBefore(ctx, x, unevenPads(ctx, op, pads, { kernelSize, dilation, ceilMode, countIncludePad }), op === 'maxPool2d' ? 'replicate' : 'constant');
    padding = [0, 0];
  }
  if (op === 'maxPool2d') {
    if (ctx.attrs.int('storage_order', 0) !== 0) throw new Unsupported('storage_order 1 is not supported');
    return ctx.emit('maxPool2d', [x], { kernelSize, stride, padding, dilation, ceilMode }, ctx.plainName('maxPool2d'));
  }
  return ctx.emit('avgPool2d', [x], { kernelSize, stride, padding, ceilMode, countIncludePad }, ctx.plainName('avgPool2d'));
};

/** The uneven pads as a `pad` before the pool, or the reason it cannot be one. */
function unevenPads(ctx: ImportContext, op: 'maxPool2d' | 'avgPool2d', pads: Padding2d, o: { kernelSize: [number, number]; dilation: [number, number]; ceilMode: boolean; countIncludePad: boolean }): Padding2d {
  const listed = `pads [${ctx.attrs.ints('pads', []).join(', ')}]`;
  // ceil mode keeps or drops a last window by where it starts relative to the padding, which moving the padding into the tensor changes.
  if (o.ceilMode) throw new Unsupported(`${listed} are uneven with ceil_mode 1, which ${op} cannot express`);
  if (op === 'avgPool2d' && !o.countIncludePad) throw new Unsupported(`${listed} are uneven with count_include_pad 0 (the divisor leaves the padding out), which a pad before avgPool2d cannot express`);
  if (op === 'maxPool2d') {
    const fits = (side: number, axis: 0 | 1) => side < o.kernelSize[axis];
    if (o.dilation[0] !== 1 || o.dilation[1] !== 1 || !fits(pads.top, 0) || !fits(pads.bottom, 0) || !fits(pads.left, 1) || !fits(pads.right, 1)) {
      throw new Unsupported(`${listed} are uneven with dilation or pads as large as the kernel, which maxPool2d cannot express`);
    }
  }
  return pads;
}

const globalPool = (op: 'adaptiveAvgPool2d' | 'adaptiveMaxPool2d'): OpImporter => (ctx) => ctx.emit(op, [ctx.input(0)], { outputSize: [1, 1] }, ctx.plainName(op));

export const MaxPool: Entry = { attrs: ['auto_pad', 'ceil_mode', 'dilations', 'kernel_shape', 'pads', 'storage_order', 'strides'], run: pool('maxPool2d') };
export const AveragePool: Entry = { attrs: ['auto_pad', 'ceil_mode', 'count_include_pad', 'kernel_shape', 'pads', 'strides'], run: pool('avgPool2d') };
export const GlobalAveragePool: Entry = { attrs: [], run: globalPool('adaptiveAvgPool2d') };
export const GlobalMaxPool: Entry = { attrs: [], run: globalPool('adaptiveMaxPool2d') };
