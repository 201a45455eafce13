/**
 * InstanceNormalization → instanceNorm2d, LayerNormalization → layerNorm; and groupNorm as torch and
 * Stride write it: Reshape [N, G, −1] → InstanceNormalization (unit, zero) → Reshape back (read by the
 * Reshape, `groupNormOf`), then · weight (the Mul) + bias (the Add, `normAffine`).
 */
import type { Node } from '@stride/dsl';

import { count } from '../constant.js';
import { reshapeTarget } from '../fold.js';
import { Unsupported, type ImportContext, type OpImporter, type Value } from '../context.js';
import { param, sameValue, written, type Entry } from './shared.js';

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

export const InstanceNormalization: Entry = { attrs: ['epsilon'], run: instanceNorm };
export const LayerNormalization: Entry = { attrs: ['axis', 'epsilon', 'stash_type'], run: layerNorm };

/** The Reshape back of Reshape [N, G, −1] → InstanceNormalization (unit, zero) → Reshape: groupNorm without affine. */
export function groupNormOf(ctx: ImportContext, target: number[]): Value | undefined {
  const norm = ctx.producer(ctx.node.input[0]);
  if (norm?.opType !== 'InstanceNormalization') return undefined;
  const grouped = ctx.producer(norm.input[0]);
  const source = grouped?.opType === 'Reshape' ? ctx.value(grouped.input[0]) : undefined;
  const shape = source?.kind === 'node' ? reshapeTarget(source.node.shape, target) : undefined;
  const scale = ctx.value(norm.input[1]);
  const bias = ctx.value(norm.input[2]);
  if (source?.kind !== 'node' || scale?.kind !== 'constant' || bias?.kind !== 'constant' || !sameValue(scale.constant, 1) || !sameValue(bias.constant, 0)
    || !Array.isArray(shape) || shape.join(',') !== source.node.shape.join(',') || source.node.shape.length !== 4) return undefined;
  const eps = Number(norm.attribute.find((a) => a.name === 'epsilon')?.f ?? 1e-5);
  return ctx.emit('groupNorm', [source.node], { numGroups: count(scale.constant.dims), numChannels: source.node.shape[1] as number, eps: written(eps, [1e-5, 1e-6, 1e-3]), affine: false }, ctx.plainName('groupNorm'));
}

/** Mul / Add of a groupNorm without affine by a [C, 1, 1] (or [C]) constant: its weight, then its bias. */
export function normAffine(ctx: ImportContext, role: 'weight' | 'bias'): Value | undefined {
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

