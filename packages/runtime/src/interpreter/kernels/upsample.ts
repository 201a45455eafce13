import { elementCount, type UpsampleMode } from '@stride/dsl';
import type { Kernel } from './types.js';

/** Where one output position reads along one axis: w0 · in[i0] + w1 · in[i1] (nearest: i1 = i0, w1 = 0). */
export interface UpsampleTap {
  i0: number;
  i1: number;
  w0: number;
  w1: number;
}

const f32 = Math.fround;

/**
 * The source taps along one axis, as PyTorch computes them (aten/src/ATen/native/UpSample.h), in
 * float32 where PyTorch computes in float32 — the index of a fractional nearest upsampling is a
 * floor, so one rounding differently would pick another pixel. The one place this arithmetic lives:
 * the interpreter below, and the compiler's kernels, which bake these taps into their tables.
 *
 * - nearest: an output of the input's size copies, of twice its size halves the index; otherwise
 *   source = min(⌊dst · s⌋, in − 1) with s = float32(1 / factor) when a factor was given, else
 *   float32(in / out).
 * - bilinear: an output of the input's size copies; otherwise the source coordinate is dst · (in − 1) /
 *   (out − 1) with alignCorners, else (dst + ½) · s − ½ clamped at 0 (s as for nearest); i0 is its
 *   floor (at most in − 1), i1 the next pixel (or i0 at the last), w1 the fraction in [0, 1].
 * @example upsampleTaps('bilinear', false, 2, 4, 2).map((t) => t.w1) //=> [0, 0.25, 0.75, 0]
 */
export function upsampleTaps(mode: UpsampleMode, alignCorners: boolean, inSize: number, outSize: number, scaleFactor: number | null): UpsampleTap[] {
  const scale = scaleFactor !== null && scaleFactor > 0 ? f32(1 / scaleFactor) : f32(inSize / outSize);
  return Array.from({ length: outSize }, (_, dst): UpsampleTap => {
    if (outSize === inSize) return { i0: dst, i1: dst, w0: 1, w1: 0 };
    if (mode === 'nearest') {
      const i0 = outSize === 2 * inSize ? dst >> 1 : Math.min(Math.floor(f32(dst * scale)), inSize - 1);
      return { i0, i1: i0, w0: 1, w1: 0 };
    }
    const real = alignCorners
      ? f32(dst * (outSize > 1 ? f32((inSize - 1) / (outSize - 1)) : 0))
      : Math.max(0, f32(f32(scale * f32(dst + 0.5)) - 0.5));
    const i0 = Math.min(Math.floor(real), inSize - 1);
    const w1 = Math.min(Math.max(f32(real - i0), 0), 1);
    return { i0, i1: i0 < inSize - 1 ? i0 + 1 : i0, w0: f32(1 - w1), w1 };
  });
}

/**
 * Nearest or bilinear resampling of each plane by the taps of its two axes: rows outside, columns
 * inside, out = w0ʸ · (w0ˣ · a + w1ˣ · b) + w1ʸ · (w0ˣ · c + w1ˣ · d), as PyTorch nests them. Every
 * product is taken, zero weights included, so a NaN or ±∞ neighbour spreads as it does in PyTorch.
 */
export const upsample: Kernel<'upsample'> = ({ node, inputs: [input], inShapes: [[batch, channels, height, width]], outShape }) => {
  const { mode, alignCorners, scaleFactor } = node.attrs;
  const [, , outHeight, outWidth] = outShape;
  const rows = upsampleTaps(mode, alignCorners, height, outHeight, scaleFactor?.[0] ?? null);
  const columns = upsampleTaps(mode, alignCorners, width, outWidth, scaleFactor?.[1] ?? null);
  const out = new Float32Array(elementCount(outShape));
  for (let plane = 0; plane < batch * channels; plane++) {
    const base = plane * height * width;
    for (let y = 0; y < outHeight; y++) {
      const r = rows[y];
      for (let x = 0; x < outWidth; x++) {
        const c = columns[x];
        const at = (row: number, column: number) => input[base + row * width + column];
        out[(plane * outHeight + y) * outWidth + x] = mode === 'nearest'
          ? at(r.i0, c.i0)
          : r.w0 * (c.w0 * at(r.i0, c.i0) + c.w1 * at(r.i0, c.i1)) + r.w1 * (c.w0 * at(r.i1, c.i0) + c.w1 * at(r.i1, c.i1));
      }
    }
  }
  return out;
};
