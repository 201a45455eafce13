/**
 * relayoutKernel against the reference interpreter's reshape and flatten (which keep the row-major
 * order): between 4-D views of different shapes with borders on both sides, dense and on channel
 * slices, odd channel counts (the destination's padding lanes become zeros), batches, NaN and ±∞.
 */
import { describe, expect, it } from 'vitest';
import { lanes, stridesOf } from '../../src/emit/wasm/kernels/buffer.js';
import { relayoutKernel } from '../../src/emit/wasm/kernels/relayout.js';
import { Memory, instantiate, randomArray, reference, relativeError } from './harness.js';

type Loose = Record<string, (...args: unknown[]) => never>;

interface Case {
  shape: number[];
  /** The layer: a flatten or a reshape to `target`. */
  target?: number[];
  /** The destination's [N, C, H, W] view. */
  view: [number, number, number, number];
  slices?: boolean;
  specials?: boolean;
}

const cases: Case[] = [
  { shape: [2, 5, 3, 4], view: [2, 60, 1, 1] },
  { shape: [1, 7, 2, 3], target: [1, 3, 7, 2], view: [1, 3, 7, 2], specials: true },
  { shape: [2, 6, 3, 4], target: [4, 3, 6, 2], view: [4, 3, 6, 2], slices: true },
  { shape: [3, 4, 2, 2], target: [3, 16], view: [3, 16, 1, 1] },
  { shape: [2, 8, 4, 5], target: [2, 8, 20], view: [2, 8, 20, 1], slices: true },
  { shape: [1, 1, 1, 9], target: [1, 9, 1, 1], view: [1, 9, 1, 1] },
];

describe('relayoutKernel vs the interpreter\'s reshape and flatten', () => {
  it.each(cases.map((c) => [JSON.stringify(c), c] as const))('%s', (_label, c) => {
    const [batch, channels, height, width] = c.shape;
    const data = randomArray(batch * channels * height * width, channels * 7);
    if (c.specials) [NaN, Infinity, -Infinity].forEach((v, i) => (data[i * 5 + 1] = v));
    const layer = (x: never) => (c.target ? (x as Loose).reshape(c.target) : (x as Loose).flatten());
    const { expected } = reference(c.shape, layer as never, data);
    const memory = new Memory({ slices: c.slices });
    const source = memory.nhwc({ batch, channels, height, width }, { top: 1, bottom: 0, left: 2, right: 1 });
    const [n, ch, h, w] = c.view;
    const destination = memory.nhwc({ batch: n, channels: ch, height: h, width: w }, { top: 0, bottom: 1, left: 1, right: 0 });
    memory.write(source, data);
    memory.fill(destination, NaN);
    instantiate(memory, relayoutKernel({ name: 'relayout', source, destination })).relayout();
    expect(relativeError(memory.read(destination), expected)).toBeLessThan(1e-5);
    memory.expectSlicesUntouched();
    const { pixel } = stridesOf(destination);
    for (let lane = ch; lane < lanes(ch); lane++) expect(memory.floats[(destination.offset + (w - 1) * pixel) / 4 + lane]).toBe(0);
  });
});
