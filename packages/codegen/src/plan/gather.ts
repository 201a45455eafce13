/**
 * What pad, slice, permute and pixelShuffle lower to: a `gather` step, where every output element
 * copies one input element (or, in constant padding, is the fill). Each of these ops is separable by
 * output dimension: the row-major index of the source of output element (i₀, …, iₖ) is
 *
 *   Σ_d axes[d][i_d]        — or the fill where some axes[d][i_d] is −1 (inside constant padding)
 *
 * where axes[d][i] is what output index i along dimension d adds to the source index: a multiple of
 * the input's strides. Because every entry is a sum of (input coordinate × input stride) terms whose
 * coordinates stay within their dimension, a target can re-express each entry in its own layout
 * (the wasm target: byte offsets in NHWC) by reading the coordinates back out of it digit by digit.
 *
 * The per-op rules are the interpreter's (runtime `padSource` for the padding modes), so compiled and
 * interpreted networks read the same elements.
 */
import { padSource } from '@stride/runtime';
import type { NodeOf } from '@stride/dsl';

/** Row-major strides of a shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = shape.map(() => 1);
  for (let d = shape.length - 2; d >= 0; d--) strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

const identity = (size: number, stride: number) => Array.from({ length: size }, (_, i) => i * stride);

export type GatherNode = NodeOf<'pad'> | NodeOf<'slice'> | NodeOf<'permute'> | NodeOf<'pixelShuffle'>;

/** The IR ops that lower to a gather (`GatherNode`'s). */
const gatherOps: readonly GatherNode['op'][] = ['pad', 'slice', 'permute', 'pixelShuffle'];

/** Whether a node is one of `gatherOps`. */
export const isGather = (node: { op: string }): node is GatherNode => (gatherOps as readonly string[]).includes(node.op);

/** The per-dimension source offsets of a gather (see the file header), and its fill. */
export function gatherAxes(node: GatherNode, inShape: readonly number[], outShape: readonly number[]): { axes: number[][]; fill: number } {
  const strides = stridesOf(inShape);
  const rank = inShape.length;
  switch (node.op) {
    case 'pad': {
      const { mode, value, padding: { top, left } } = node.attrs;
      const axes = outShape.map((size, d) => identity(size, strides[d]));
      const padded = (d: number, before: number) => {
        axes[d] = Array.from({ length: outShape[d] }, (_, i) => {
          const source = padSource(mode, i, before, inShape[d]);
          return source < 0 ? -1 : source * strides[d];
        });
      };
      padded(rank - 1, left);
      if (rank >= 2) padded(rank - 2, top);
      return { axes, fill: mode === 'constant' ? value : 0 };
    }
    case 'slice': {
      const { dim, start, step } = node.attrs;
      return { axes: outShape.map((size, d) => (d === dim ? Array.from({ length: size }, (_, i) => (start + i * step) * strides[d]) : identity(size, strides[d]))), fill: 0 };
    }
    case 'permute':
      return { axes: outShape.map((size, d) => identity(size, strides[node.attrs.dims[d]])), fill: 0 };
    case 'pixelShuffle': {
      const r = node.attrs.upscaleFactor;
      const [c, y, x] = [rank - 3, rank - 2, rank - 1];
      const axes = outShape.map((size, d) => identity(size, strides[d]));
      axes[c] = identity(outShape[c], r * r * strides[c]);
      axes[y] = Array.from({ length: outShape[y] }, (_, i) => (i % r) * r * strides[c] + Math.floor(i / r) * strides[y]);
      axes[x] = Array.from({ length: outShape[x] }, (_, i) => (i % r) * strides[c] + Math.floor(i / r));
      return { axes, fill: 0 };
    }
  }
}

/** Gathers composed no further than this many output elements (the check below visits each once). */
const composeLimit = 1 << 24;

/**
 * A gather between two reshapes — `x.reshape(s1)`, a gather from s1 to s2 (`axes`), `.reshape(s3)` —
 * as one gather from x to s3, where that is separable by output dimension (see the file header);
 * undefined otherwise, or where the gather fills. ShuffleNet's channel shuffle is such a chain:
 * [N, C, H, W] → [N, g, C/g, H, W] → permute [0, 2, 1, 3, 4] → [N, C, H, W], output channel
 * c·g + i read from input channel i·C/g + c, every other dimension unchanged — one step instead of
 * three (a reshape that changes the rank is a relayout on the wasm target).
 *
 * A reshape keeps the row-major order, so output element j of s3 is element j of s2, whose source
 * is the row-major index in s1, which is the same element of x. The composed tables are read off
 * single-axis indices and then checked against every output element.
 */
export function composeGather(axes: readonly (readonly number[])[], gatherShape: readonly number[], outShape: readonly number[]): number[][] | undefined {
  const total = outShape.reduce((a, b) => a * b, 1);
  if (total > composeLimit || axes.some((table) => table.includes(-1))) return undefined;
  const gatherStrides = stridesOf(gatherShape);
  // The source of output element `linear` (row-major in s3, so also in s2).
  const source = (linear: number) => {
    let sum = 0;
    for (let d = 0; d < gatherShape.length; d++) sum += axes[d][Math.floor(linear / gatherStrides[d]) % gatherShape[d]];
    return sum;
  };
  const outStrides = stridesOf(outShape);
  const origin = source(0);
  const composed = outShape.map((size, e) => Array.from({ length: size }, (_, i) => source(i * outStrides[e]) - (e === 0 ? 0 : origin)));
  // Separable only if every element agrees: walk s3 in row-major order, carrying the partial sums.
  const index = outShape.map(() => 0);
  for (let linear = 0; linear < total; linear++) {
    let sum = 0;
    for (let e = 0; e < outShape.length; e++) sum += composed[e][index[e]];
    if (sum !== source(linear)) return undefined;
    for (let e = outShape.length - 1; e >= 0 && ++index[e] === outShape[e]; e--) index[e] = 0;
  }
  return composed;
}
