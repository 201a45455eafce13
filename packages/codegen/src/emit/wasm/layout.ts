/**
 * How the wasm target lays out a value: every value is an NHWC buffer (kernels/buffer.ts) — channels
 * as vector lanes, padded to a multiple of four, and a border of stored pixels deep enough for every
 * consumer's window. A value of another rank is read through a 4-D view [N, C, H, W]:
 *
 *   rank 4 [N, C, H, W] → itself;   rank 2 [N, F] → [N, F, 1, 1] (features as channels);
 *   rank 1 [F] → [1, F, 1, 1];      rank 3 [A, B, C] → [A, B, C, 1];
 *   rank k > 4 → leading dimensions folded into N.
 *
 * The view keeps each tensor's last dimensions where kernels want them: features of a linear layer
 * are channels (lanes), as the output of a global pool is.
 */
import { elementCount } from '@stride/dsl';
import type { Value } from '../../plan/program.js';
import { bytesOf, noBorder, placeNhwc, type Border, type NhwcBuffer } from './kernels/buffer.js';

export interface View4 {
  batch: number;
  channels: number;
  height: number;
  width: number;
}

export function view4(shape: readonly number[]): View4 {
  switch (shape.length) {
    case 0: return { batch: 1, channels: 1, height: 1, width: 1 };
    case 1: return { batch: 1, channels: shape[0], height: 1, width: 1 };
    case 2: return { batch: shape[0], channels: shape[1], height: 1, width: 1 };
    case 3: return { batch: shape[0], channels: shape[1], height: shape[2], width: 1 };
    default: {
      const [channels, height, width] = shape.slice(-3);
      return { batch: elementCount(shape.slice(0, -3)), channels, height, width };
    }
  }
}

/** The larger border on every side. */
export function widen(a: Border, b: Border): Border {
  return { top: Math.max(a.top, b.top), bottom: Math.max(a.bottom, b.bottom), left: Math.max(a.left, b.left), right: Math.max(a.right, b.right) };
}

export const isBorderless = (border: Border) => border.top + border.bottom + border.left + border.right === 0;

/** A value's layout: its 4-D view, the border its consumers need, and whether its pixels are packed (kernels/buffer.ts). */
export interface ValueLayout {
  view: View4;
  border: Border;
  packed?: boolean;
}

export function layoutBytes(layout: ValueLayout): number {
  return bytesOf(bufferAt(0, layout));
}

/** The buffer of a value placed at byte `start` (its first border byte). */
export function bufferAt(start: number, layout: ValueLayout): NhwcBuffer {
  return placeNhwc(start, layout.view, layout.border, layout.packed);
}

export function plainLayout(value: Value): ValueLayout {
  return { view: view4(value.shape), border: noBorder };
}
