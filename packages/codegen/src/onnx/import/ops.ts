/**
 * Every ONNX op the importer maps to the DSL, one entry each, with the attributes it understands; a
 * node with another attribute is refused by name. Ops the constant evaluator computes (fold.ts) need
 * no entry. Where an exporter writes one DSL layer as several ONNX nodes, the entry for the last node
 * recognizes the idiom by its producers (x·Sigmoid(x) is silu; x·½·(1 + Erf(x/√2)) is gelu; MatMul +
 * Add is linear; Reshape–InstanceNormalization–Reshape (· weight + bias) is groupNorm), and the nodes
 * it replaces are left for dead-node removal.
 */
import type { Dim, Node, OpAttrs, Padding2d, Pair } from '@stride/dsl';
import type { NodeMessage } from '../schema.js';
import { count, listOf, type Constant } from './constant.js';
import { reshapeTarget } from './fold.js';
import { Unsupported, type ImportContext, type OpImporter, type ParamData, type Value } from './context.js';

interface Entry {
  /** Attributes read; any other present is refused. */
  attrs: readonly string[];
  run: OpImporter;
}

const floatData = (c: Constant): Float32Array => (c.data instanceof Float32Array ? c.data : Float32Array.from(c.data));
const param = (c: Constant, shape: number[] = c.dims): ParamData => ({ shape, data: floatData(c) });
const pair = (values: number[], what: string): Pair => {
  if (values.length !== 2) throw new Unsupported(`${what} [${values.join(', ')}] is not 2-D`);
  return [values[0], values[1]];
};
const sameValue = (c: Constant | undefined, value: number) => c !== undefined && count(c.dims) >= 1 && Array.from(c.data).every((v) => Math.abs(v - value) < 1e-6 * Math.max(1, Math.abs(value)));
const scalar = (c: Constant | undefined): number | undefined => (c && count(c.dims) === 1 ? c.data[0] : undefined);

function checkAutoPad(ctx: ImportContext): void {
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID') throw new Unsupported(`auto_pad '${autoPad}' is not supported (write explicit pads)`);
}

/** ONNX pads [top, left, bottom, right] → PyTorch's per-axis padding, which must be symmetric. */
function symmetricPads(pads: number[], what: string): Pair {
  const [top, left, bottom, right] = pads;
  if (top !== bottom || left !== right) throw new Unsupported(`${what} pads [${pads.join(', ')}] are asymmetric, which ${what} cannot express`);
  return [top, left];
}

const conv: OpImporter = (ctx) => {
  checkAutoPad(ctx);
  // A Pad (reflect / edge) or a circular wrap just before: the conv's padding mode, as PyTorch writes it.
  const padded = explicitPadding(ctx, ctx.node.input[0]);
  const noPads = ctx.attrs.ints('pads', [0, 0, 0, 0]).every((p) => p === 0);
  const x = padded && noPads ? padded.input : ctx.input(0);
  const weight = ctx.requireConstant(1, 'weight');
  const bias = ctx.constant(2);
  if (ctx.node.input[2] && !bias) throw new Unsupported('its bias (input 3) is not a constant');
  if (weight.dims.length !== 4) throw new Unsupported(`only 2-D convolutions are supported, its weight is [${weight.dims.join(', ')}]`);
  const kernelSize = pair(ctx.attrs.ints('kernel_shape', weight.dims.slice(2)), 'kernel_shape');
  const [top, left, bottom, right] = ctx.attrs.ints('pads', [0, 0, 0, 0]);
  let padding: Padding2d = { top, bottom, left, right };
  let input = x;
  let paddingMode: OpAttrs['conv2d']['paddingMode'] = 'zeros';
  if (padded && noPads) {
    ({ input, padding, mode: paddingMode } = padded);
  }
  const stride = pair(ctx.attrs.ints('strides', [1, 1]), 'strides');
  const dilation = pair(ctx.attrs.ints('dilations', [1, 1]), 'dilations');
  // Uneven padding is only written as 'same' (the odd pixel at the bottom / right, stride 1), until the DSL's pad.
  if (padding.top !== padding.bottom || padding.left !== padding.right) {
    const same = (axis: 0 | 1, lo: number, hi: number) => {
      const total = dilation[axis] * (kernelSize[axis] - 1);
      return lo === Math.floor(total / 2) && hi === total - lo;
    };
    if (stride[0] !== 1 || stride[1] !== 1 || !same(0, padding.top, padding.bottom) || !same(1, padding.left, padding.right)) {
      throw new Unsupported(`pads [${[padding.top, padding.left, padding.bottom, padding.right].join(', ')}] are uneven other than as 'same', which conv2d cannot express`);
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
  // Height is wrapped first, then width; either may be absent (no padding on that axis).
  const wrapW = circularWrap(ctx, value, 3);
  const wrapH = circularWrap(ctx, wrapW ? wrapW.inner : value, 2);
  if (!wrapW && !wrapH) return undefined;
  const inner = ctx.value(wrapH ? wrapH.inner : wrapW!.inner);
  if (inner?.kind !== 'node') return undefined;
  return { input: inner.node, padding: { top: wrapH?.before ?? 0, bottom: wrapH?.after ?? 0, left: wrapW?.before ?? 0, right: wrapW?.after ?? 0 }, mode: 'circular' };
}

/** The size of `value` along `axis`, looking through the other axis's wrap (a Concat whose middle part is not a Slice). */
function sizeAlong(ctx: ImportContext, value: string, axis: number): Dim | undefined {
  const v = ctx.value(value);
  if (v?.kind === 'node') return v.node.shape[axis];
  const cat = ctx.producer(value);
  const middle = cat?.opType === 'Concat' ? cat.input.find((i) => ctx.producer(i)?.opType !== 'Slice') : undefined;
  return middle ? sizeAlong(ctx, middle, axis) : undefined;
}

/** Concat([Slice(x, −b…), x, Slice(x, 0…a)], axis): x wrapped by b before and a after on `axis`. */
function circularWrap(ctx: ImportContext, value: string, axis: number): { inner: string; before: number; after: number } | undefined {
  const cat = ctx.producer(value);
  if (cat?.opType !== 'Concat') return undefined;
  const catAxis = Number(cat.attribute.find((a) => a.name === 'axis')?.i ?? 0);
  if (catAxis !== axis && catAxis !== axis - 4) return undefined;
  const parts = cat.input.map((v) => ({ v, p: ctx.producer(v) }));
  const middle = parts.find(({ p }) => p?.opType !== 'Slice');
  if (!middle) return undefined;
  let before = 0;
  let after = 0;
  let seenMiddle = false;
  for (const { v, p } of parts) {
    if (v === middle.v) { seenMiddle = true; continue; }
    if (p?.opType !== 'Slice' || p.input[0] !== middle.v) return undefined;
    const starts = ctx.value(p.input[1]);
    const ends = ctx.value(p.input[2]);
    if (starts?.kind !== 'constant' || ends?.kind !== 'constant') return undefined;
    const start = starts.constant.data[0];
    const end = ends.constant.data[0];
    // The rows before must be the axis's last ones: torch 1.13 exports circular padding as
    // Slice(−(p + 1), −1), one row off (onnxruntime and PyTorch then disagree); that is not this pattern.
    const size = sizeAlong(ctx, middle.v, axis);
    if (!seenMiddle && start < 0 && typeof size === 'number' && end >= size) before = -start;
    else if (seenMiddle && start === 0) after = end;
    else return undefined;
  }
  return { inner: middle.v, before, after };
}

const convTranspose: OpImporter = (ctx) => {
  checkAutoPad(ctx);
  if (ctx.attrs.has('output_shape')) throw new Unsupported('output_shape is not supported (write pads and output_padding)');
  const x = ctx.input(0);
  const weight = ctx.requireConstant(1, 'weight');
  const bias = ctx.constant(2);
  const groups = ctx.attrs.int('group', 1);
  const [top, left, bottom, right] = ctx.attrs.ints('pads', [0, 0, 0, 0]);
  const [opH, opW] = ctx.attrs.ints('output_padding', [0, 0]);
  // Extra end padding crops the end, as a smaller output padding does: PyTorch's pads are symmetric.
  if (bottom > top || right > left) throw new Unsupported(`pads [${ctx.attrs.ints('pads', []).join(', ')}] crop more at the end than at the start, which convTranspose2d cannot express`);
  const name = ctx.layerName([ctx.node.input[1], ctx.node.input[2]], 'convTranspose');
  const params: Record<string, ParamData> = { weight: param(weight) };
  if (bias) params.bias = param(bias);
  return ctx.emit('convTranspose2d', [x], {
    inChannels: weight.dims[0], outChannels: weight.dims[1] * groups, kernelSize: pair(ctx.attrs.ints('kernel_shape', weight.dims.slice(2)), 'kernel_shape'),
    stride: pair(ctx.attrs.ints('strides', [1, 1]), 'strides'), padding: [top, left], outputPadding: [opH + top - bottom, opW + left - right],
    dilation: pair(ctx.attrs.ints('dilations', [1, 1]), 'dilations'), groups, bias: bias !== undefined,
  }, name, params);
};

const pool = (op: 'maxPool2d' | 'avgPool2d'): OpImporter => (ctx) => {
  checkAutoPad(ctx);
  if (ctx.node.output.length > 1 && ctx.node.output[1]) throw new Unsupported('the indices output of MaxPool is not supported');
  const x = ctx.input(0);
  const kernelSize = pair(ctx.attrs.ints('kernel_shape', []), 'kernel_shape');
  const stride = pair(ctx.attrs.ints('strides', [1, 1]), 'strides');
  const padding = symmetricPads(ctx.attrs.ints('pads', [0, 0, 0, 0]), op);
  const ceilMode = ctx.attrs.int('ceil_mode', 0) === 1;
  if (op === 'maxPool2d') {
    if (ctx.attrs.int('storage_order', 0) !== 0) throw new Unsupported('storage_order 1 is not supported');
    return ctx.emit('maxPool2d', [x], { kernelSize, stride, padding, dilation: pair(ctx.attrs.ints('dilations', [1, 1]), 'dilations'), ceilMode }, ctx.plainName('maxPool2d'));
  }
  return ctx.emit('avgPool2d', [x], { kernelSize, stride, padding, ceilMode, countIncludePad: ctx.attrs.int('count_include_pad', 0) === 1 }, ctx.plainName('avgPool2d'));
};

const batchNorm: OpImporter = (ctx) => {
  if (ctx.attrs.int('training_mode', 0) !== 0) throw new Unsupported('training_mode 1 is not supported (inference only)');
  if (ctx.node.output.filter((o) => o).length > 1) throw new Unsupported('the running-statistics outputs (training) are not supported');
  const x = ctx.input(0);
  const [weight, bias, mean, variance] = [1, 2, 3, 4].map((i) => ctx.requireConstant(i, ['', 'scale', 'bias', 'mean', 'variance'][i]));
  const name = ctx.layerName(ctx.node.input.slice(1), 'batchNorm');
  return ctx.emit('batchNorm2d', [x], { numFeatures: weight.dims[0], eps: written(ctx.attrs.float('epsilon', 1e-5), [1e-5, 1e-3, 1e-4, 1e-6, 1e-2]) }, name, {
    weight: param(weight), bias: param(bias), running_mean: param(mean), running_var: param(variance),
  });
};

/** Float attributes are float32 in ONNX: the float64 a person wrote, when it rounds to the same float32. */
function written(value: number, candidates: number[]): number {
  return candidates.find((c) => Math.fround(c) === Math.fround(value)) ?? Number(Math.fround(value).toPrecision(7));
}

const simple = (op: 'relu' | 'sigmoid' | 'tanh' | 'hardswish'): OpImporter => (ctx) => ctx.emit(op, [ctx.input(0)], {} as never, ctx.plainName(op));

/** Clip(0, 6) is relu6; other bounds are clamp (an absent bound, the empty input, is none). */
const clip: OpImporter = (ctx) => {
  if ((ctx.node.input[1] && !ctx.constant(1)) || (ctx.node.input[2] && !ctx.constant(2))) throw new Unsupported('its bounds are not constants');
  const min = scalar(ctx.constant(1));
  const max = scalar(ctx.constant(2));
  if (min === 0 && max === 6) return ctx.emit('relu6', [ctx.input(0)], {}, ctx.plainName('relu6'));
  const bound = (v: number | undefined) => (v === undefined ? null : Number(Math.fround(v).toPrecision(7)));
  if (min === undefined && max === undefined) return { kind: 'node', node: ctx.input(0) };
  return ctx.emit('clamp', [ctx.input(0)], { min: bound(min), max: bound(max) }, ctx.plainName('clamp'));
};

const hardSigmoid: OpImporter = (ctx) => {
  const alpha = ctx.attrs.float('alpha', 0.2);
  const beta = ctx.attrs.float('beta', 0.5);
  if (Math.fround(alpha) !== Math.fround(1 / 6) || Math.fround(beta) !== Math.fround(0.5)) {
    throw new Unsupported(`alpha ${alpha}, beta ${beta}: only PyTorch's hardsigmoid (alpha 1/6, beta 1/2) is supported`);
  }
  return ctx.emit('hardsigmoid', [ctx.input(0)], {}, ctx.plainName('hardsigmoid'));
};

/** x·Sigmoid(x) (silu); x·½·(1 + Erf(x/√2)) in the orders torch and Stride write it (gelu); else mul. */
const mul: OpImporter = (ctx) => {
  const [a, b] = ctx.node.input;
  for (const [x, s] of [[a, b], [b, a]]) {
    const p = ctx.producer(s);
    if (p?.opType === 'Sigmoid' && p.input[0] === x && ctx.value(x)?.kind === 'node') return ctx.emit('silu', [nodeOf(ctx, x)], {}, ctx.plainName('silu'));
  }
  const gelu = geluInput(ctx);
  if (gelu) return ctx.emit('gelu', [gelu], {}, ctx.plainName('gelu'));
  const affine = normAffine(ctx, 'weight');
  if (affine) return affine;
  return ctx.emit('mul', [ctx.input(0), ctx.input(1)], {}, ctx.plainName('mul'));
};

const nodeOf = (ctx: ImportContext, value: string): Node => {
  const v = ctx.value(value);
  if (v?.kind !== 'node') throw new Unsupported(`'${value}' is not a computed tensor`);
  return v.node;
};

/** The x of x·½·(1 + Erf(x/√2)) ending at this Mul, in either of the orders exporters write. */
function geluInput(ctx: ImportContext): Node | undefined {
  const half = ctx.node.input.findIndex((v) => sameValue(ctx.value(v)?.kind === 'constant' ? (ctx.value(v) as { constant: Constant }).constant : undefined, 0.5));
  if (half < 0) return undefined;
  const inner = ctx.producer(ctx.node.input[1 - half]);
  if (inner?.opType !== 'Mul') return undefined;
  for (const [x, onePlus] of [[inner.input[0], inner.input[1]], [inner.input[1], inner.input[0]]]) {
    const add = ctx.producer(onePlus);
    if (add?.opType !== 'Add') continue;
    const erfValue = add.input.find((v) => ctx.producer(v)?.opType === 'Erf');
    const erf = erfValue ? ctx.producer(erfValue) : undefined;
    const div = erf ? ctx.producer(erf.input[0]) : undefined;
    if (div?.opType !== 'Div' || div.input[0] !== x) continue;
    const root = ctx.value(div.input[1]);
    if (root?.kind !== 'constant' || !sameValue(root.constant, Math.SQRT2)) continue;
    if (ctx.value(x)?.kind === 'node') return nodeOf(ctx, x);
  }
  return undefined;
}

/** Mul / Add of a normalization without affine by a [C, 1, 1] (or [C]) constant: its weight, then its bias. */
function normAffine(ctx: ImportContext, role: 'weight' | 'bias'): Value | undefined {
  const [a, b] = ctx.node.input;
  const ca = ctx.constant(0);
  const cb = ctx.constant(1);
  const c = ca ?? cb;
  const other = ca ? b : a;
  const v = ctx.value(other);
  if (!c || v?.kind !== 'node') return undefined;
  const norm = v.node;
  if (norm.op !== 'groupNorm') return undefined;
  const channels = norm.attrs.numChannels;
  if (count(c.dims) !== channels || c.dims.length > 3 || c.dims[0] !== channels) return undefined;
  const has = norm.params.weight !== undefined;
  if (role === 'weight' && has) return undefined;
  if (role === 'bias' && (!has || !(pendingBias.get(norm) ?? false))) return undefined;
  const input = ctx.irNode(norm.inputs[0]);
  // The bias replaces the weight-only node made by the Mul before it, under the same name (that node is then dead).
  const name = role === 'weight' ? ctx.layerName([ctx.node.input[ca ? 0 : 1]], 'groupNorm') : norm.name;
  const weight = role === 'weight' ? param(c, [channels]) : { shape: [channels], data: ctx.weight(`${norm.name}.weight`) };
  const bias = role === 'bias' ? param(c, [channels]) : { shape: [channels], data: new Float32Array(channels) };
  const out = ctx.emit('groupNorm', [input], { ...norm.attrs, affine: true }, name, { weight, bias });
  if (role === 'weight' && out.kind === 'node') pendingBias.set(out.node, true);
  return out;
}
const pendingBias = new WeakMap<Node, boolean>();

const add: OpImporter = (ctx) => {
  const affine = normAffine(ctx, 'bias');
  if (affine) return affine;
  // MatMul(x, W) + b: linear with a bias.
  for (const [m, b] of [[0, 1], [1, 0]]) {
    const matmul = ctx.producer(ctx.node.input[m]);
    const bias = ctx.constant(b);
    if (matmul?.opType === 'MatMul' && bias && ctx.uses(ctx.node.input[m]) === 1) {
      const linear = linearOf(ctx, matmul, bias);
      if (linear) return linear;
    }
  }
  return ctx.emit('add', [ctx.input(0), ctx.input(1)], {}, ctx.plainName('add'));
};

function linearOf(ctx: ImportContext, matmul: NodeMessage, bias: Constant | undefined): Value | undefined {
  const x = ctx.value(matmul.input[0]);
  const w = ctx.value(matmul.input[1]);
  if (x?.kind !== 'node' || w?.kind !== 'constant' || w.constant.dims.length !== 2) return undefined;
  const [inFeatures, outFeatures] = w.constant.dims;
  if (bias && count(bias.dims) !== outFeatures) return undefined;
  const weight = transpose2d(floatData(w.constant), inFeatures, outFeatures);
  const name = ctx.layerName([bias ? ctx.node.input.find((v) => ctx.value(v)?.kind === 'constant') : undefined, matmul.input[1]], 'linear');
  const params: Record<string, ParamData> = { weight: { shape: [outFeatures, inFeatures], data: weight } };
  if (bias) params.bias = param(bias, [outFeatures]);
  return ctx.emit('linear', [x.node], { inFeatures, outFeatures, bias: bias !== undefined }, name, params);
}

function transpose2d(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = data[r * cols + c];
  return out;
}

const matMul: OpImporter = (ctx) => {
  const linear = linearOf(ctx, ctx.node, undefined);
  if (!linear) throw new Unsupported('only MatMul by a constant 2-D weight (a linear layer) is supported');
  return linear;
};

const gemm: OpImporter = (ctx) => {
  if (ctx.attrs.int('transA', 0) !== 0) throw new Unsupported('transA 1 is not supported');
  if (ctx.attrs.float('alpha', 1) !== 1 || ctx.attrs.float('beta', 1) !== 1) throw new Unsupported('alpha and beta other than 1 are not supported');
  const x = ctx.input(0);
  const w = ctx.requireConstant(1, 'weight');
  const transB = ctx.attrs.int('transB', 0) === 1;
  const [outFeatures, inFeatures] = transB ? w.dims : [w.dims[1], w.dims[0]];
  const bias = ctx.constant(2);
  if (ctx.node.input[2] && !bias) throw new Unsupported('its bias (input 3) is not a constant');
  if (bias && count(bias.dims) !== outFeatures) throw new Unsupported(`a bias of shape [${bias.dims.join(', ')}] is not per output feature`);
  const name = ctx.layerName([ctx.node.input[1], ctx.node.input[2]], 'linear');
  const params: Record<string, ParamData> = { weight: { shape: [outFeatures, inFeatures], data: transB ? floatData(w) : transpose2d(floatData(w), inFeatures, outFeatures) } };
  if (bias) params.bias = param(bias, [outFeatures]);
  return ctx.emit('linear', [x], { inFeatures, outFeatures, bias: bias !== undefined }, name, params);
};

const flatten: OpImporter = (ctx) => {
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

const reshape: OpImporter = (ctx) => {
  const target = ctx.requireConstant(1, 'shape');
  // groupNorm as torch and Stride write it: Reshape [N, G, −1] → InstanceNormalization (unit, zero) → Reshape back.
  const norm = ctx.producer(ctx.node.input[0]);
  if (norm?.opType === 'InstanceNormalization') {
    const grouped = ctx.producer(norm.input[0]);
    const source = grouped?.opType === 'Reshape' ? ctx.value(grouped.input[0]) : undefined;
    const shape = source?.kind === 'node' ? reshapeTarget(source.node.shape, listOf(target)) : undefined;
    const scale = ctx.value(norm.input[1]);
    const bias = ctx.value(norm.input[2]);
    if (source?.kind === 'node' && scale?.kind === 'constant' && bias?.kind === 'constant' && sameValue(scale.constant, 1) && sameValue(bias.constant, 0)
      && Array.isArray(shape) && shape.join(',') === source.node.shape.join(',') && source.node.shape.length === 4) {
      const eps = Number(norm.attribute.find((a) => a.name === 'epsilon')?.f ?? 1e-5);
      return ctx.emit('groupNorm', [source.node], { numGroups: count(scale.constant.dims), numChannels: source.node.shape[1] as number, eps: written(eps, [1e-5, 1e-6, 1e-3]), affine: false }, ctx.plainName('groupNorm'));
    }
  }
  const x = ctx.input(0);
  const shape = reshapeTarget(x.shape, listOf(target), ctx.attrs.int('allowzero', 0) === 1);
  if (typeof shape === 'string') throw new Unsupported(shape);
  if (shape.join(',') === x.shape.join(',')) return { kind: 'node', node: x };
  // A Reshape that merges one run of axes (torch's and Stride's flatten): the DSL's flatten, as a person writes it.
  const merged = mergedRun(x.shape, shape);
  if (merged) return ctx.emit('flatten', [x], { startDim: merged[0], endDim: merged[1] }, ctx.plainName('flatten'));
  return ctx.emit('reshape', [x], { shape }, ctx.plainName('reshape'));
};

/** [start, end] when `to` is `from` with the axes start…end (at least two, not the batch) multiplied into one. */
export function mergedRun(from: readonly Dim[], to: readonly Dim[]): [number, number] | undefined {
  const merged = from.length - to.length + 1;
  if (merged < 2) return undefined;
  // After the batch first (flatten()'s own range), then from the batch.
  for (const start of [...to.keys()].slice(1).concat(0)) {
    if (from.slice(0, start).some((d, k) => d !== to[k])) continue;
    const run = from.slice(start, start + merged);
    if (run.some((d) => typeof d !== 'number') || run.reduce<number>((p, d) => p * (d as number), 1) !== to[start]) continue;
    if (to.slice(start + 1).some((d, k) => d !== from[start + merged + k])) continue;
    return [start, start + merged - 1];
  }
  return undefined;
}

const concat: OpImporter = (ctx) => {
  const parts = ctx.node.input.map((_, i) => ctx.input(i));
  if (parts.length === 1) return { kind: 'node', node: parts[0] };
  const rank = parts[0].shape.length;
  const axis = ctx.attrs.int('axis', 0) < 0 ? ctx.attrs.int('axis', 0) + rank : ctx.attrs.int('axis', 0);
  return ctx.emit('concat', parts, { dim: axis }, ctx.plainName('concat'));
};

/**
 * Softmax and LogSoftmax along one axis. Before opset 13 they flatten from `axis` on: the same as
 * PyTorch's only over the last axis.
 */
const alongAxis = (op: 'softmax' | 'logSoftmax'): OpImporter => (ctx) => {
  const x = ctx.input(0);
  const rank = x.shape.length;
  const raw = ctx.attrs.int('axis', ctx.opset >= 13 ? -1 : 1);
  const axis = raw < 0 ? raw + rank : raw;
  if (ctx.opset < 13 && axis !== rank - 1) throw new Unsupported(`axis ${raw} at opset ${ctx.opset} normalizes over several axes, which ${op} cannot express`);
  return ctx.emit(op, [x], { dim: axis }, ctx.plainName(op));
};
const softmax = alongAxis('softmax');

const resize: OpImporter = (ctx) => {
  const x = ctx.input(0);
  const mode = ctx.attrs.string('mode', 'nearest');
  const coordinates = ctx.attrs.string('coordinate_transformation_mode', 'half_pixel');
  const scales = ctx.constant(2);
  const sizes = ctx.constant(3);
  if ((ctx.node.input[2] && !scales) || (ctx.node.input[3] && !sizes)) throw new Unsupported('its scales or sizes are not constant (a dynamic shape that could not be resolved)');
  let upsampleMode: 'nearest' | 'bilinear';
  let alignCorners = false;
  if (mode === 'nearest') {
    const nearest = ctx.attrs.string('nearest_mode', 'round_prefer_floor');
    if (coordinates !== 'asymmetric' || nearest !== 'floor') throw new Unsupported(`nearest with ${coordinates} coordinates and ${nearest} rounding is not PyTorch's nearest (asymmetric, floor)`);
    upsampleMode = 'nearest';
  } else if (mode === 'linear') {
    if (coordinates === 'align_corners') alignCorners = true;
    else if (coordinates !== 'pytorch_half_pixel' && coordinates !== 'half_pixel') throw new Unsupported(`linear with ${coordinates} coordinates is not supported`);
    upsampleMode = 'bilinear';
  } else {
    throw new Unsupported(`mode '${mode}' is not supported (nearest, linear are)`);
  }
  const [h, w] = x.shape.slice(2);
  if (scales && count(scales.dims) === 4) {
    const [sn, sc, sh, sw] = listOf(scales);
    if (sn !== 1 || sc !== 1) throw new Unsupported(`scales [${listOf(scales).join(', ')}] resize the batch or channels`);
    // Scales are float32: the factor a person wrote is the shortest decimal that rounds to it.
    const factor = (v: number) => Number(Math.fround(v).toPrecision(7));
    return ctx.emit('upsample', [x], { mode: upsampleMode, alignCorners, size: [Math.floor((h as number) * sh), Math.floor((w as number) * sw)], scaleFactor: [factor(sh), factor(sw)] }, ctx.plainName('upsample'));
  }
  if (sizes && count(sizes.dims) === 4) {
    const [, , sh, sw] = listOf(sizes);
    return ctx.emit('upsample', [x], { mode: upsampleMode, alignCorners, size: [sh, sw], scaleFactor: null }, ctx.plainName('upsample'));
  }
  throw new Unsupported('needs constant 4-D scales or sizes');
};

const instanceNorm: OpImporter = (ctx) => {
  const x = ctx.input(0);
  const scale = ctx.requireConstant(1, 'scale');
  const bias = ctx.requireConstant(2, 'bias');
  const eps = written(ctx.attrs.float('epsilon', 1e-5), [1e-5, 1e-6, 1e-3]);
  const affine = !(sameValue(scale, 1) && sameValue(bias, 0));
  const name = affine ? ctx.layerName([ctx.node.input[1], ctx.node.input[2]], 'instanceNorm') : ctx.plainName('instanceNorm2d');
  return ctx.emit('instanceNorm2d', [x], { numFeatures: scale.dims[0], eps, affine }, name, affine ? { weight: param(scale), bias: param(bias) } : {});
};

const layerNorm: OpImporter = (ctx) => {
  const x = ctx.input(0);
  if (ctx.node.output.filter((o) => o).length > 1) throw new Unsupported('the mean and inverse-deviation outputs are not supported');
  const rank = x.shape.length;
  const raw = ctx.attrs.int('axis', -1);
  const axis = raw < 0 ? raw + rank : raw;
  const normalizedShape = x.shape.slice(axis);
  if (normalizedShape.some((d) => typeof d !== 'number')) throw new Unsupported(`normalizes over a symbolic shape [${normalizedShape.join(', ')}]`);
  const scale = ctx.requireConstant(1, 'scale');
  const bias = ctx.constant(2) ?? { dims: scale.dims, kind: 'float' as const, data: new Float32Array(count(scale.dims)) };
  const affine = !(sameValue(scale, 1) && sameValue(bias, 0));
  const eps = written(ctx.attrs.float('epsilon', 1e-5), [1e-5, 1e-6, 1e-12, 1e-3]);
  const name = affine ? ctx.layerName([ctx.node.input[1], ctx.node.input[2]], 'layerNorm') : ctx.plainName('layerNorm');
  const shape = normalizedShape as number[];
  return ctx.emit('layerNorm', [x], { normalizedShape: shape, eps, elementwiseAffine: affine }, name, affine ? { weight: param(scale, shape), bias: param(bias, shape) } : {});
};

const globalPool = (op: 'adaptiveAvgPool2d' | 'adaptiveMaxPool2d'): OpImporter => (ctx) => ctx.emit(op, [ctx.input(0)], { outputSize: [1, 1] }, ctx.plainName(op));

/** ReduceMean → mean over its axes (all of them without any), keepdims as keepDim. */
const reduceMean: OpImporter = (ctx) => {
  const x = ctx.input(0);
  const rank = x.shape.length;
  if (ctx.attrs.int('noop_with_empty_axes', 0) !== 0) throw new Unsupported('noop_with_empty_axes is not supported');
  const given = ctx.attrs.has('axes') ? ctx.attrs.ints('axes', []) : ctx.node.input[1] ? listOf(ctx.requireConstant(1, 'axes')) : [...x.shape.keys()];
  const dims = [...new Set(given.map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
  return ctx.emit('mean', [x], { dims, keepDim: ctx.attrs.int('keepdims', 1) === 1 }, ctx.plainName('mean'));
};

const binary = (op: 'sub' | 'div'): OpImporter => (ctx) => ctx.emit(op, [ctx.input(0), ctx.input(1)], {}, ctx.plainName(op));

const logSoftmax = alongAxis('logSoftmax');

export const importers: Record<string, Entry> = {
  ReduceMean: { attrs: ['axes', 'keepdims', 'noop_with_empty_axes'], run: reduceMean },
  Sub: { attrs: [], run: binary('sub') },
  Div: { attrs: [], run: binary('div') },
  Elu: { attrs: ['alpha'], run: (ctx) => ctx.emit('elu', [ctx.input(0)], { alpha: written(ctx.attrs.float('alpha', 1), [1, 0.5, 0.1, 0.2, 2]) }, ctx.plainName('elu')) },
  LogSoftmax: { attrs: ['axis'], run: logSoftmax },
  Conv: { attrs: ['auto_pad', 'dilations', 'group', 'kernel_shape', 'pads', 'strides'], run: conv },
  ConvTranspose: { attrs: ['auto_pad', 'dilations', 'group', 'kernel_shape', 'pads', 'strides', 'output_padding', 'output_shape'], run: convTranspose },
  MaxPool: { attrs: ['auto_pad', 'ceil_mode', 'dilations', 'kernel_shape', 'pads', 'storage_order', 'strides'], run: pool('maxPool2d') },
  AveragePool: { attrs: ['auto_pad', 'ceil_mode', 'count_include_pad', 'kernel_shape', 'pads', 'strides'], run: pool('avgPool2d') },
  GlobalAveragePool: { attrs: [], run: globalPool('adaptiveAvgPool2d') },
  GlobalMaxPool: { attrs: [], run: globalPool('adaptiveMaxPool2d') },
  BatchNormalization: { attrs: ['epsilon', 'momentum', 'training_mode', 'spatial'], run: batchNorm },
  InstanceNormalization: { attrs: ['epsilon'], run: instanceNorm },
  LayerNormalization: { attrs: ['axis', 'epsilon', 'stash_type'], run: layerNorm },
  Relu: { attrs: [], run: simple('relu') },
  Sigmoid: { attrs: [], run: simple('sigmoid') },
  Tanh: { attrs: [], run: simple('tanh') },
  HardSwish: { attrs: [], run: simple('hardswish') },
  HardSigmoid: { attrs: ['alpha', 'beta'], run: hardSigmoid },
  LeakyRelu: { attrs: ['alpha'], run: (ctx) => ctx.emit('leakyRelu', [ctx.input(0)], { slope: written(ctx.attrs.float('alpha', 0.01), [0.01, 0.1, 0.2, 0.02, 0.05, 0.3]) }, ctx.plainName('leakyRelu')) },
  Clip: { attrs: [], run: clip },
  Gemm: { attrs: ['alpha', 'beta', 'transA', 'transB'], run: gemm },
  MatMul: { attrs: [], run: matMul },
  Add: { attrs: [], run: add },
  Mul: { attrs: [], run: mul },
  Concat: { attrs: ['axis'], run: concat },
  Flatten: { attrs: ['axis'], run: flatten },
  Reshape: { attrs: ['allowzero'], run: reshape },
  Softmax: { attrs: ['axis'], run: softmax },
  Resize: { attrs: ['mode', 'coordinate_transformation_mode', 'nearest_mode', 'cubic_coeff_a', 'exclude_outside', 'extrapolation_value'], run: resize },
  Dropout: { attrs: ['seed', 'ratio'], run: (ctx) => ({ kind: 'node', node: ctx.input(0) }) },
  Identity: { attrs: [], run: (ctx) => ({ kind: 'node', node: ctx.input(0) }) },
};

/** `Value` of a node that passes its input through (used by the graph walker for Slice crops that keep everything). */
export type { Value };
