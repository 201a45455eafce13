/**
 * The wasm target's kernel choice for one step: the variant and what it needs beyond its operands —
 * the border each read must have around it, and what fills that border before the step runs.
 *
 * Borders are filled by the consumer, right before it reads: a value's storage may have held
 * another value earlier in the run (the arena is reused), and two consumers may want different
 * borders around the same value (zeros for a convolution's padding, −∞ for a max pool's), so the
 * producer writes the interior only and every consumer fills the band it reads. A border is a
 * perimeter: a few kilobytes against the megabytes a layer computes.
 */
import type { KernelChoice } from '../../target.js';
import type { Border } from './kernels/buffer.js';

/** What a border holds while a consumer reads it. */
export type BorderFill = { value: number } | { mode: 'reflect' | 'replicate' | 'circular' };

export interface Reach {
  border: Border;
  fill: BorderFill;
}

export interface WasmKernel extends KernelChoice {
  /** Border needs of the step's reads, by slot. */
  reach?: Record<string, Reach>;
  /** conv2d: which kernel family, and its tuning. */
  conv?: { family: 'depthwise' } | { family: 'direct'; tile?: { pixels: number; channels: number }; order?: 'pixels' | 'channels' } | { family: 'winograd'; m: 2 | 3 | 4; chunks: number };
  /** A channel slice read as a view (views.ts): channels [first, first + its channels) of the input's pixels. */
  slice?: { first: number };
}

/** The wasm target's one pool: the module's linear memory. */
export const memory = 'memory';
