/**
 * Conv → conv2d. A Pad (reflect / edge) or a circular wrap (Slice + Concat per axis) just before is the
 * conv's `paddingMode`, as PyTorch writes it; pads uneven other than as 'same' become a zero `pad`
 * before a conv with the symmetric part.
 */
import type { Dim, Node, OpAttrs, Padding2d } from '@stride/dsl';
import { listOf } from '../constant.js';
import { Unsupported, type ImportContext, type OpImporter, type ParamData } from '../context.js';
import { checkAutoPad, isSymmetric, pair, padBefore, param, sides, type Entry } from './shared.js';

const run: OpImporter = (ctx) => {
  checkAutoPad(ctx);
  const padded = explicitPadding(ctx, ctx.node.input[0]);
  const noPads = ctx.attrs.ints('pads', [0, 0, 0, 0]).every((p) => p === 0);
  const weight = ctx.requireConstant(1, 'weight');
  const bias = ctx.constant(2);
  if (ctx.node.input[2] && !bias) throw new Unsupported('its bias (input 3) is not a constant');
  if (weight.dims.length !== 4) throw new Unsupported(`only 2-D convolutions are supported, its weight is [${weight.dims.join(', ')}]`);
  const kernelSize = pair(ctx.attrs.ints('kernel_shape', weight.dims.slice(2)), 'kernel_shape');
  const stride = pair(ctx.attrs.ints('strides', [1, 1]), 'strides');
  const dilation = pair(ctx.attrs.ints('dilations', [1, 1]), 'dilations');
  // Uneven pads stay on the conv as 'same' (the odd pixel at the bottom / right, stride 1), as a person
  // writes them; any other uneven pads are a pad before it (the Pad's own node, or zeros of the
  // difference from Conv's pads), then the symmetric rest.
  const same = (axis: 0 | 1, lo: number, hi: number) => {
    const total = dilation[axis] * (kernelSize[axis] - 1);
    return lo === Math.floor(total / 2) && hi === total - lo;
  };
  const expressible = (p: Padding2d) => isSymmetric(p) || (stride[0] === 1 && stride[1] === 1 && same(0, p.top, p.bottom) && same(1, p.left, p.right));
  let input: Node;
  let padding: Padding2d;
  let paddingMode: OpAttrs['conv2d']['paddingMode'] = 'zeros';
  if (padded && noPads && expressible(padded.padding)) {
    ({ input, padding, mode: paddingMode } = padded);
  } else {
    input = ctx.input(0);
    padding = sides(ctx.attrs.ints('pads', [0, 0, 0, 0]));
    if (!expressible(padding)) {
      const h = Math.min(padding.top, padding.bottom);
      const w = Math.min(padding.left, padding.right);
      input = padBefore(ctx, input, { top: padding.top - h, bottom: padding.bottom - h, left: padding.left - w, right: padding.right - w }, 'constant');
      padding = { top: h, bottom: h, left: w, right: w };
    }
  }
  const groups = ctx.attrs.int('group', 1);
  const name = ctx.layerName([ctx.node.input[1], ctx.node.input[2]], 'conv');
  const params: Record<string, ParamData> = { weight: param(weight) };
  if (bias) params.bias = param(bias);
  return ctx.emit('conv2d', [input], {
    inChannels: weight.dims[1] * groups, outChannels: weight.dims[0], kernelSize, stride,
    padding, dilation, groups, bias: bias !== undefined, paddingMode,
  }, name, params);
};

export const Conv: Entry = { attrs: ['auto_pad', 'dilations', 'group', 'kernel_shape', 'pads', 'strides'], run };

/** Pad(reflect | edge) on the spatial axes, or Stride's circular wrap (Slice + Concat per axis), feeding a conv. */
function explicitPadding(ctx: ImportContext, value: string): { input: Node; padding: Padding2d; mode: OpAttrs['conv2d']['paddingMode'] } | undefined {
  const pad = ctx.producer(value);
  if (pad?.opType === 'Pad' && ctx.uses(value) === 1) {
    const mode = ctx.value(pad.input[0]);
    const modeName = new TextDecoder().decode(pad.attribute.find((a) => a.name === 'mode')?.s ?? new Uint8Array());
    const pads = ctx.value(pad.input[1]);
    if (mode?.kind !== 'node' || pads?.kind !== 'constant' || (modeName !== 'reflect' && modeName !== 'edge')) return undefined;
    const [n0, c0, top, left, n1, c1, bottom, right] = listOf(pads.constant);
    if (n0 || c0 || n1 || c1) return undefined;
    return { input: mode.node, padding: { top, bottom, left, right }, mode: modeName === 'reflect' ? 'reflect' : 'replicate' };
  }
  const wrap = circularPadding(ctx, value);
  return wrap && { ...wrap, mode: 'circular' };
}

/**
 * A circular wrap ending at `value`: the last axis and the one before, each wrapped at most once, in
 * either order (Stride's exporter wraps the last axis first, as torch does). Padding counts its sides
 * as the DSL's pad does: `top` / `bottom` on the axis before the last.
 */
export function circularPadding(ctx: ImportContext, value: string): { input: Node; padding: Padding2d } | undefined {
  const rank = rankThrough(ctx, value);
  if (rank === undefined || rank < 3) return undefined;
  const [last, before] = [rank - 1, rank - 2];
  for (const [outerAxis, innerAxis] of [[last, before], [before, last]]) {
    const outer = circularWrap(ctx, value, outerAxis, rank);
    if (!outer) continue;
    const inner = circularWrap(ctx, outer.inner, innerAxis, rank);
    const source = ctx.value(inner ? inner.inner : outer.inner);
    if (source?.kind !== 'node') return undefined;
    const w = outerAxis === last ? outer : inner;
    const h = outerAxis === last ? inner : outer;
    return { input: source.node, padding: { top: h?.before ?? 0, bottom: h?.after ?? 0, left: w?.before ?? 0, right: w?.after ?? 0 } };
  }
  return undefined;
}

/** The part of a wrap's Concat that the others are Slices of (the wrapped tensor itself may be a Slice's result). */
function middleOf(ctx: ImportContext, parts: string[]): string | undefined {
  const sliced = parts.map((v) => ctx.producer(v)).filter((p) => p?.opType === 'Slice').map((p) => p!.input[0]);
  return parts.find((v) => sliced.includes(v));
}

/** The rank of `value`, looking through Concats to a computed part. */
function rankThrough(ctx: ImportContext, value: string): number | undefined {
  const v = ctx.value(value);
  if (v?.kind === 'node') return v.node.shape.length;
  const cat = ctx.producer(value);
  const middle = cat?.opType === 'Concat' ? middleOf(ctx, cat.input) : undefined;
  return middle ? rankThrough(ctx, middle) : undefined;
}

/** The size of `value` along `axis`, looking through the other axis's wrap (a Concat whose middle part is not a Slice). */
function sizeAlong(ctx: ImportContext, value: string, axis: number): Dim | undefined {
  const cat = ctx.producer(value);
  const middle = cat?.opType === 'Concat' ? middleOf(ctx, cat.input) : undefined;
  if (middle) return sizeAlong(ctx, middle, axis);
  const v = ctx.value(value);
  return v?.kind === 'node' ? v.node.shape[axis] : undefined;
}

/** Concat([Slice(x, −b…), x, Slice(x, 0…a)], axis): x wrapped by b before and a after on `axis`. */
function circularWrap(ctx: ImportContext, value: string, axis: number, rank: number): { inner: string; before: number; after: number } | undefined {
  const cat = ctx.producer(value);
  if (cat?.opType !== 'Concat') return undefined;
  const catAxis = Number(cat.attribute.find((a) => a.name === 'axis')?.i ?? 0);
  if (catAxis !== axis && catAxis !== axis - rank) return undefined;
  const parts = cat.input.map((v) => ({ v, p: ctx.producer(v) }));
  const middleValue = middleOf(ctx, cat.input);
  const middle = parts.find(({ v }) => v === middleValue);
  if (!middle) return undefined;
  let before = 0;
  let after = 0;
  let seenMiddle = false;
  for (const { v, p } of parts) {
    if (v === middle.v) { seenMiddle = true; continue; }
    if (p?.opType !== 'Slice' || p.input[0] !== middle.v) return undefined;
    const starts = ctx.value(p.input[1]);
    const ends = ctx.value(p.input[2]);
    const axes = ctx.value(p.input[3]);
    const steps = ctx.value(p.input[4]);
    if (starts?.kind !== 'constant' || ends?.kind !== 'constant' || starts.constant.data.length !== 1) return undefined;
    // Without axes a Slice cuts from axis 0.
    const sliced = axes === undefined ? 0 : axes.kind === 'constant' && axes.constant.data.length === 1 ? Number(axes.constant.data[0]) : undefined;
    if (sliced !== axis && sliced !== axis - rank) return undefined;
    if (steps !== undefined && (steps.kind !== 'constant' || Number(steps.constant.data[0]) !== 1)) return undefined;
    const start = Number(starts.constant.data[0]);
    const end = Number(ends.constant.data[0]);
    // The rows before must be the axis's last ones: torch 1.13 exports circular padding as
    // Slice(−(p + 1), −1), one row off (onnxruntime and PyTorch then disagree); that is not this pattern.
    const size = sizeAlong(ctx, middle.v, axis);
    if (typeof size !== 'number') return undefined;
    // Before the middle: its last rows, from a negative start (torch) or size − before (Stride) to the end.
    if (!seenMiddle && start < 0 && start >= -size && end >= size) before = -start;
    else if (!seenMiddle && start >= 0 && start < size && end >= size) before = size - start;
    else if (seenMiddle && start === 0 && end > 0) after = Math.min(end, size);
    else return undefined;
  }
  return { inner: middle.v, before, after };
}
