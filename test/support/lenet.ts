/**
 * LeNet-5 for the browser tests: the lenet-mnist example's network and trained weights, a seeded
 * input, the reference interpreter's logits for it, and the comparison the golden tests use
 * (largest difference over the largest reference magnitude, at least 1).
 */
import { join } from 'node:path';
import { loadNetwork } from '@stride/codegen';
import { interpret, loadSafetensors, mulberry32 } from '@stride/runtime';

const example = join(import.meta.dirname, '..', '..', 'examples', 'lenet-mnist');
export const lenetNetwork = join(example, 'src', 'lenet5.ts');
export const lenetWeights = join(example, 'weights', 'lenet5-mnist.safetensors');

/** 32×32 values in [0, 1) from a seed. */
export function seededImage(seed: number): number[] {
  const next = mulberry32(seed);
  return Array.from({ length: 32 * 32 }, () => next());
}

/** The reference interpreter's logits for `image`. */
export async function referenceLogits(image: number[]): Promise<number[]> {
  const { graph } = await loadNetwork(lenetNetwork);
  const weights = await loadSafetensors(lenetWeights);
  return Array.from(interpret(graph, weights, { image: Float32Array.from(image) }).logits);
}

/** Largest |a − b| over max(1, largest |b|). */
export function relativeError(actual: number[], reference: number[]): number {
  if (actual.length !== reference.length) return Infinity;
  let worst = 0;
  let scale = 1;
  for (let i = 0; i < reference.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - reference[i]));
    scale = Math.max(scale, Math.abs(reference[i]));
  }
  return Number.isNaN(worst) ? Infinity : worst / scale;
}
