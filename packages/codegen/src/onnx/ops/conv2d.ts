import { int, ints, str, type ConvertContext, type Converter } from '../context.js';

/** PyTorch's padding modes that ONNX's Pad (opset 17) has a mode for; 'circular' is built from slices. */
const padModes = { reflect: 'reflect', replicate: 'edge' } as const;

/** conv2d → Conv. Zero padding becomes Conv's per-side `pads`; other modes pad explicitly first. */
export const conv2d: Converter<'conv2d'> = (ctx) => {
  const { attrs } = ctx.node;
  const { top, bottom, left, right } = attrs.padding;
  let x = ctx.inputs[0];
  let pads = [top, left, bottom, right];
  if (attrs.paddingMode !== 'zeros' && pads.some((p) => p > 0)) {
    x = attrs.paddingMode === 'circular'
      ? circularPad(ctx, x, { top, bottom, left, right })
      : ctx.op('Pad', [x, ctx.int64s('pads', [0, 0, top, left, 0, 0, bottom, right])], { mode: str(padModes[attrs.paddingMode]) });
    pads = [0, 0, 0, 0];
  }
  const inputs = [x, ctx.param('weight')];
  if (ctx.hasParam('bias')) inputs.push(ctx.param('bias'));
  return ctx.result('Conv', inputs, {
    kernel_shape: ints(attrs.kernelSize),
    strides: ints(attrs.stride),
    pads: ints(pads),
    dilations: ints(attrs.dilation),
    group: int(attrs.groups),
  });
};

/**
 * Circular padding (Pad's 'wrap' mode only arrives in opset 19): along each axis, the last `before`
 * rows are prepended and the first `after` rows appended. PyTorch requires pads ≤ the axis size.
 */
function circularPad(ctx: ConvertContext<'conv2d'>, x: string, pad: { top: number; bottom: number; left: number; right: number }): string {
  const wrap = (value: string, axis: number, before: number, after: number): string => {
    if (before === 0 && after === 0) return value;
    const parts: string[] = [];
    // Slice ends beyond the axis clamp to its size, so `-before … max` is the last `before` rows.
    if (before > 0) parts.push(ctx.op('Slice', [value, ctx.int64s('starts', [-before]), ctx.int64s('ends', [Number.MAX_SAFE_INTEGER]), ctx.int64s('axes', [axis])]));
    parts.push(value);
    if (after > 0) parts.push(ctx.op('Slice', [value, ctx.int64s('starts', [0]), ctx.int64s('ends', [after]), ctx.int64s('axes', [axis])]));
    return ctx.op('Concat', parts, { axis: int(axis) });
  };
  return wrap(wrap(x, 2, pad.top, pad.bottom), 3, pad.left, pad.right);
}
