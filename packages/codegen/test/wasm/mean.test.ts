/**
 * meanKernel against the reference interpreter (1e-6 relative: float64 sums on both sides) over every
 * subset of the 4-D view's axes that a mean reduces — C kept (the vector path) and C reduced (the
 * scalar path over real channels only) — with bordered buffers, channel counts that leave padding
 * lanes, channel slices (lanes around them poisoned with NaN: a read of them would show), large
 * values, and NaN and ±∞ in the input.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { meanKernel } from '../../src/emit/wasm/kernels/mean.js';
import { Memory, instantiate, randomArray, reference, relativeError } from './harness.js';

const axes = ['batch', 'channels', 'height', 'width'] as const;
interface Case { view: [number, number, number, number]; dims: number[]; slices?: boolean; scale?: number; specials?: boolean }

const cases: Case[] = [
  { view: [2, 6, 5, 7], dims: [2, 3] },
  { view: [2, 6, 5, 7], dims: [2, 3], slices: true },
  { view: [2, 6, 5, 7], dims: [1] },
  { view: [2, 6, 5, 7], dims: [1], slices: true },
  { view: [3, 5, 4, 4], dims: [0] },
  { view: [2, 9, 3, 5], dims: [3] },
  { view: [2, 9, 3, 5], dims: [2] },
  { view: [2, 4, 3, 5], dims: [0, 1, 2, 3] },
  { view: [2, 7, 3, 5], dims: [1, 2] },
  { view: [3, 3, 4, 2], dims: [0, 2] },
  { view: [2, 5, 4, 3], dims: [0, 1, 3], slices: true },
  { view: [1, 16, 7, 7], dims: [2, 3], scale: 1000 },
  { view: [1, 3, 4, 5], dims: [2, 3], specials: true },
  { view: [1, 3, 4, 5], dims: [1], specials: true },
];

let worst = 0;

describe('meanKernel vs the interpreter', () => {
  afterAll(() => console.log(`mean: largest relative error ${worst.toExponential(2)}`));
  it.each(cases.map((c) => [JSON.stringify(c), c] as const))('%s', (_label, c) => {
    const [batch, channels, height, width] = c.view;
    const size = batch * channels * height * width;
    const data = randomArray(size, size + c.dims.length, c.scale ?? 3);
    if (c.specials) [2, 11, 30].forEach((i, k) => (data[i] = [NaN, Infinity, -Infinity][k]));
    const { expected } = reference(c.view, (x) => x.mean(c.dims, true), data);
    const reduced = Object.fromEntries(axes.map((axis, i) => [axis, c.dims.includes(i)])) as Record<(typeof axes)[number], boolean>;
    const memory = new Memory({ slices: c.slices });
    const input = memory.nhwc({ batch, channels, height, width }, { top: 1, bottom: 0, left: 2, right: 1 });
    const out = { batch: reduced.batch ? 1 : batch, channels: reduced.channels ? 1 : channels, height: reduced.height ? 1 : height, width: reduced.width ? 1 : width };
    const output = memory.nhwc(out, { top: 0, bottom: 1, left: 1, right: 0 });
    memory.write(input, data);
    memory.fill(output, 999);
    instantiate(memory, meanKernel({ name: 'mean', input, output, reduced })).mean();
    const actual = memory.read(output);
    const error = relativeError(actual, expected);
    worst = Math.max(worst, error);
    expect(error).toBeLessThan(1e-6);
    for (let i = 0; i < expected.length; i++) expect(Number.isNaN(actual[i])).toBe(Number.isNaN(expected[i]));
    memory.expectSlicesUntouched();
  });
});
