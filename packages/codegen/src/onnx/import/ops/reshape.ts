/**
 * Reshape → reshape, or the flatten it equals when it merges one run of axes (as a person writes it),
 * or the end of a groupNorm (normalization.ts). A channel shuffle, as ShuffleNet exports it —
 * Reshape [N, G, C/G, H, W] → Transpose [0, 2, 1, 3, 4] → Reshape [N, C, H, W] — is these three DSL
 * ops as written: `reshape` to the 5-D view, `permute`, and the `flatten(1, 2)` that merges it back.
 */
import type { Dim } from '@stride/dsl';
import { listOf } from '../constant.js';
import { reshapeTarget } from '../fold.js';
import { Unsupported, type ImportContext, type OpImporter, type Value } from '../context.js';
import { groupNormOf } from './normalization.js';
import type { Entry } from './shared.js';

const run: OpImporter = (ctx) => {
  const target = listOf(ctx.requireConstant(1, 'shape'));
  const groupNorm = groupNormOf(ctx, target);
  if (groupNorm) return groupNorm;
  const x = ctx.input(0);
  const shape = reshapeTarget(x.shape, target, ctx.attrs.int('allowzero', 0) === 1);
  if (typeof shape === 'string') throw new Unsupported(shape);
  const shuffled = pixelShuffleOfRank(ctx, shape);
  if (shuffled) return shuffled;
  if (shape.join(',') === x.shape.join(',')) return { kind: 'node', node: x };
  const merged = mergedRun(x.shape, shape);
  if (merged) return ctx.emit('flatten', [x], { startDim: merged[0], endDim: merged[1] }, ctx.plainName('flatten'));
  return ctx.emit('reshape', [x], { shape }, ctx.plainName('reshape'));
};

/**
 * Reshape [−1, C, H, W] → DepthToSpace (CRD) → Reshape to [*, C / r², H·r, W·r]: pixelShuffle of a
 * rank other than 4, as Stride exports it (DepthToSpace takes rank 4 only).
 */
function pixelShuffleOfRank(ctx: ImportContext, shape: Dim[]): Value | undefined {
  const d2s = ctx.producer(ctx.node.input[0]);
  if (d2s?.opType !== 'DepthToSpace' || ctx.uses(ctx.node.input[0]) !== 1) return undefined;
  const mode = new TextDecoder().decode(d2s.attribute.find((a) => a.name === 'mode')?.s ?? new Uint8Array());
  const folded = ctx.producer(d2s.input[0]);
  const source = folded?.opType === 'Reshape' ? ctx.value(folded.input[0]) : undefined;
  const r = Number(d2s.attribute.find((a) => a.name === 'blocksize')?.i ?? 0);
  if (mode !== 'CRD' || source?.kind !== 'node' || source.node.shape.length === 4 || r < 1) return undefined;
  const x = source.node;
  const [c, h, w] = x.shape.slice(-3);
  if (typeof c !== 'number' || typeof h !== 'number' || typeof w !== 'number' || c % (r * r) !== 0) return undefined;
  const expected = [...x.shape.slice(0, -3), c / (r * r), h * r, w * r];
  if (expected.join(',') !== shape.join(',')) return undefined;
  return ctx.emit('pixelShuffle', [x], { upscaleFactor: r }, ctx.plainName('pixelShuffle'));
}

/** [start, end] when `to` is `from` with the axes start…end (at least two) multiplied into one. */
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

export const Reshape: Entry = { attrs: ['allowzero'], run };
