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
