/**
 * Builds the LeNet-5 bundle from the definition and the trained weights, then classifies every
 * held-out digit with it. Shared by the main job (`pnpm start`) and the example's test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type BuildReport, type TargetName } from '@stride/codegen';
import { argmax, parseSafetensors } from '@stride/runtime';
import { heldOutDigits, inputSize, padInto, type Digit } from './digits.js';

const example = join(import.meta.dirname, '..');

export interface Classified {
  digits: Digit[];
  /** The bundle's logits, 10 per digit. */
  logits: Float32Array;
  predictions: number[];
  /** PyTorch's logits for the same digits, recorded by train/train.py. */
  torchLogits: Float32Array;
  accuracy: number;
  /** Fraction of digits where the bundle and PyTorch predict the same class. */
  agreement: number;
  maxAbsDiff: number;
  /** Median time of one inference, in microseconds. */
  microsecondsPerImage: number;
  report: BuildReport;
}

export async function classifyHeldOut(options: { out?: string; log?: (line: string) => void; target?: TargetName } = {}): Promise<Classified> {
  const out = options.out ?? join(example, 'out');
  const { report } = await build({
    network: join(example, 'src', 'lenet5.ts'), weights: join(example, 'weights', 'lenet5-mnist.safetensors'), out, log: options.log, target: options.target,
  });
  // The bundle is built just above, so its generated .d.ts is not there for the type checker yet.
  const { create } = (await import(pathToFileURL(join(out, 'index.js')).href)) as {
    create(): Promise<{ run(inputs: { image: Float32Array }): { logits: Float32Array } }>;
  };
  const net = await create();
  const digits = heldOutDigits();
  const image = new Float32Array(inputSize * inputSize);
  const logits = new Float32Array(digits.length * 10);
  digits.forEach((digit, i) => logits.set(net.run({ image: padInto(image, digit.pixels) }).logits, i * 10));
  const reference = parseSafetensors(readFileSync(join(example, 'weights', 'heldout-reference.safetensors')));
  const torchLogits = reference.tensors.get('logits')!.data!;
  const labels = reference.tensors.get('labels')!.data!;
  if (labels.length !== digits.length || digits.some((d, i) => d.label !== labels[i])) {
    throw new Error('held-out digits differ from the ones train.py recorded: is the mnist package the expected version (1.1.0)?');
  }
  const predictions = digits.map((_, i) => argmax(logits.subarray(i * 10, i * 10 + 10)));
  let correct = 0;
  let agree = 0;
  let maxAbsDiff = 0;
  digits.forEach((digit, i) => {
    if (predictions[i] === digit.label) correct++;
    if (predictions[i] === argmax(torchLogits.subarray(i * 10, i * 10 + 10))) agree++;
    for (let k = 0; k < 10; k++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(logits[i * 10 + k] - torchLogits[i * 10 + k]));
  });
  // Timing: rounds over all digits, median per-image time (the machine may be shared).
  const rounds: number[] = [];
  for (let round = 0; round < 7; round++) {
    const started = performance.now();
    for (const digit of digits) net.run({ image: padInto(image, digit.pixels) });
    rounds.push(((performance.now() - started) * 1000) / digits.length);
  }
  rounds.sort((a, b) => a - b);
  return {
    digits, logits, predictions, torchLogits, accuracy: correct / digits.length, agreement: agree / digits.length, maxAbsDiff,
    microsecondsPerImage: rounds[3], report,
  };
}
