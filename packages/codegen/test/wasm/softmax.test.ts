/**
 * softmaxKernel against the reference interpreter (1e-5 relative) along each axis of the 4-D view,
 * on the views the compiler maps other ranks to ([N, F] → [N, F, 1, 1], [A, B, C] → [A, B, C, 1]),
 * with channel counts that leave padding lanes, 1000 classes, rows holding NaN, +∞ (twice) or only
 * −∞, in place, and on channel slices. Padding lanes of the output are zero afterwards. The same for
 * logSoftmax (`log: true`), logits in the thousands included.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { lanes, stridesOf } from '../../src/emit/wasm/kernels/buffer.js';
import { softmaxKernel } from '../../src/emit/wasm/kernels/softmax.js';
import { Memory, instantiate, randomArray, reference, relativeError } from './harness.js';

interface Case {
  /** The tensor's own shape and softmax dim (as the interpreter sees them). */
  shape: number[];
  dim: number;
  /** Its [N, C, H, W] view and the axis there. */
  view: [number, number, number, number];
  axis: 0 | 1 | 2 | 3;
  specials?: 'nan' | 'inf' | 'all -inf' | 'some -inf';
  scale?: number;
  inPlace?: boolean;
  slices?: boolean;
  /** logSoftmax: x − m − log Σ. */
  log?: boolean;
}

const cases: Case[] = [
  { shape: [2, 10], dim: 1, view: [2, 10, 1, 1], axis: 1 },
  { shape: [3, 1000], dim: 1, view: [3, 1000, 1, 1], axis: 1, scale: 8 },
  { shape: [4, 7], dim: 0, view: [4, 7, 1, 1], axis: 0 },
  { shape: [2, 5, 3, 4], dim: 1, view: [2, 5, 3, 4], axis: 1, inPlace: true },
  { shape: [2, 8, 3, 4], dim: 1, view: [2, 8, 3, 4], axis: 1, slices: true },
  { shape: [2, 6, 5, 4], dim: 2, view: [2, 6, 5, 4], axis: 2 },
  { shape: [2, 6, 5, 7], dim: 3, view: [2, 6, 5, 7], axis: 3, slices: true },
  { shape: [3, 5, 2, 2], dim: 0, view: [3, 5, 2, 2], axis: 0, inPlace: true },
  { shape: [3, 4, 6], dim: 2, view: [3, 4, 6, 1], axis: 2 },
  { shape: [3, 4, 6], dim: 1, view: [3, 4, 6, 1], axis: 1 },
  { shape: [2, 3], dim: 1, view: [2, 3, 1, 1], axis: 1, specials: 'all -inf' },
  { shape: [4, 9], dim: 1, view: [4, 9, 1, 1], axis: 1, specials: 'some -inf' },
  { shape: [1, 4, 9, 7], dim: 1, view: [1, 4, 9, 7], axis: 1, specials: 'nan' },
  { shape: [1, 4, 9, 7], dim: 3, view: [1, 4, 9, 7], axis: 3, specials: 'inf' },
  { shape: [1, 5, 9, 7], dim: 2, view: [1, 5, 9, 7], axis: 2, specials: 'some -inf' },
  { shape: [2, 10], dim: 1, view: [2, 10, 1, 1], axis: 1, log: true },
  { shape: [3, 1000], dim: 1, view: [3, 1000, 1, 1], axis: 1, scale: 1000, log: true },
  { shape: [2, 5, 3, 4], dim: 1, view: [2, 5, 3, 4], axis: 1, inPlace: true, log: true },
  { shape: [2, 6, 5, 7], dim: 3, view: [2, 6, 5, 7], axis: 3, slices: true, log: true },
  { shape: [3, 5, 2, 2], dim: 0, view: [3, 5, 2, 2], axis: 0, inPlace: true, log: true },
  { shape: [2, 3], dim: 1, view: [2, 3, 1, 1], axis: 1, specials: 'all -inf', log: true },
  { shape: [4, 9], dim: 1, view: [4, 9, 1, 1], axis: 1, specials: 'some -inf', log: true },
  { shape: [1, 4, 9, 7], dim: 1, view: [1, 4, 9, 7], axis: 1, specials: 'nan', log: true },
  { shape: [1, 4, 9, 7], dim: 3, view: [1, 4, 9, 7], axis: 3, specials: 'inf', log: true },
];

let worst = 0;

describe('softmaxKernel vs the interpreter', () => {
  afterAll(() => console.log(`softmax: largest relative error ${worst.toExponential(2)}`));
  it.each(cases.map((c) => [JSON.stringify(c), c] as const))('%s', (_label, c) => {
    const size = c.shape.reduce((a, b) => a * b, 1);
    const data = randomArray(size, size + c.dim, c.scale ?? 3);
    if (c.specials === 'all -inf') data.fill(-Infinity, 0, 3);
    if (c.specials === 'some -inf') for (let i = 0; i < size; i += 5) data[i] = -Infinity;
    if (c.specials === 'nan') data[17] = NaN;
    if (c.specials === 'inf') [3, 4, 40].forEach((i) => (data[i] = Infinity));
    const { expected } = reference(c.shape, (x) => (x as unknown as Record<'softmax' | 'logSoftmax', (d: number) => never>)[c.log ? 'logSoftmax' : 'softmax'](c.dim), data);
    const [batch, channels, height, width] = c.view;
    const memory = new Memory({ slices: c.slices });
    const input = memory.nhwc({ batch, channels, height, width }, { top: 1, bottom: 0, left: 1, right: 2 });
    const output = c.inPlace ? input : memory.nhwc({ batch, channels, height, width }, { top: 0, bottom: 1, left: 0, right: 1 });
    memory.write(input, data);
    if (!c.inPlace) memory.fill(output, 999);
    instantiate(memory, softmaxKernel({ name: 'softmax', input, output, axis: c.axis, log: c.log })).softmax();
    const error = relativeError(memory.read(output), expected);
    worst = Math.max(worst, error);
    expect(error).toBeLessThan(1e-5);
    memory.expectSlicesUntouched();
    // Padding lanes are finite (zero along C).
    const { pixel } = stridesOf(output);
    for (let lane = channels; lane < lanes(channels); lane++) expect(Number.isFinite(memory.floats[(output.offset + pixel * (width - 1)) / 4 + lane])).toBe(true);
  });
});
