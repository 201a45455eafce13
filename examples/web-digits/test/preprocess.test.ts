/**
 * The demo's preprocessing on real digits: held-out MNIST digits drawn ten times larger, as on the
 * page's 280×280 pad, go through digitTensor and LeNet-5 (the bundle `stride build` writes) and are
 * read as well as the digits fed directly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '@stride/codegen';
import { argmax } from '@stride/runtime';
import { heldOutDigits, padInto } from '../../lenet-mnist/src/digits.js';
import { digitTensor, inputSize } from '../src/preprocess.js';

const lenet = join(import.meta.dirname, '..', '..', 'lenet-mnist');
let out: string;
let run: (image: Float32Array) => number;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'stride-web-digits-'));
  await build({ network: join(lenet, 'src', 'lenet5.ts'), weights: join(lenet, 'weights', 'lenet5-mnist.safetensors'), out, log: () => {} });
  const { create } = (await import(pathToFileURL(join(out, 'index.js')).href)) as { create(): Promise<{ run(i: { image: Float32Array }): { logits: Float32Array } }> };
  const network = await create();
  run = (image) => argmax(network.run({ image }).logits);
});

afterAll(() => rmSync(out, { recursive: true, force: true }));

/** A 28×28 digit (grey levels in [0, 1]) as ink on a pad `scale` times larger. */
function drawnLarge(pixels: Float32Array, scale: number): Uint8ClampedArray {
  const size = 28 * scale;
  const ink = new Uint8ClampedArray(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) ink[y * size + x] = Math.round(pixels[Math.floor(y / scale) * 28 + Math.floor(x / scale)] * 255);
  return ink;
}

describe('digitTensor', () => {
  it('reads held-out MNIST digits drawn large as well as the digits themselves', () => {
    const digits = heldOutDigits().filter((_, i) => i % 4 === 0);
    const direct = new Float32Array(inputSize * inputSize);
    let rightDirect = 0;
    let rightDrawn = 0;
    for (const digit of digits) {
      if (run(padInto(direct, digit.pixels)) === digit.label) rightDirect++;
      if (run(digitTensor(drawnLarge(digit.pixels, 10), 280, 280)!) === digit.label) rightDrawn++;
    }
    console.log(`web-digits preprocessing: ${digits.length} held-out digits drawn at 280×280, ${(100 * rightDrawn / digits.length).toFixed(1)} % read right (fed directly: ${(100 * rightDirect / digits.length).toFixed(1)} %)`);
    expect(rightDrawn / digits.length).toBeGreaterThanOrEqual(0.95);
    expect(rightDrawn).toBeGreaterThanOrEqual(rightDirect - digits.length * 0.02);
  });

  it('fits the ink into 20×20, centred by mass in the 28×28 field inside the 2-pixel border', () => {
    // A 100×40 bar in the pad's corner becomes a 20×8 bar in the middle of the field.
    const ink = new Uint8ClampedArray(280 * 280);
    for (let y = 10; y < 50; y++) for (let x = 5; x < 105; x++) ink[y * 280 + x] = 255;
    const tensor = digitTensor(ink, 280, 280)!;
    const rows: number[] = [];
    const columns: number[] = [];
    for (let y = 0; y < inputSize; y++) for (let x = 0; x < inputSize; x++) if (tensor[y * inputSize + x] > 0) { rows.push(y); columns.push(x); }
    expect([Math.min(...columns), Math.max(...columns)]).toEqual([6, 25]);
    expect([Math.min(...rows), Math.max(...rows)]).toEqual([12, 19]);
    expect(Math.max(...tensor)).toBe(1);
  });

  it('returns nothing for an empty pad, and refuses ink of the wrong size', () => {
    expect(digitTensor(new Uint8ClampedArray(280 * 280), 280, 280)).toBeUndefined();
    expect(() => digitTensor(new Uint8ClampedArray(10), 280, 280)).toThrow('digitTensor: 10 ink values for a 280×280 image (expected 78400)');
  });
});
