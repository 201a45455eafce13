/** Reading results: the index of the largest value, and the k best with optional labels. */
import { StrideError } from '../errors.js';

/** The index of the largest value (the first, on ties); NaN values are skipped. -1 for an empty array. */
export function argmax(values: ArrayLike<number>): number {
  let best = -1;
  for (let i = 0; i < values.length; i++) {
    if (Number.isNaN(values[i])) continue;
    if (best < 0 || values[i] > values[best]) best = i;
  }
  return best;
}

export interface Ranked {
  index: number;
  value: number;
  label?: string;
}

/**
 * The k largest values, best first (ties keep the lower index first).
 * @example topK(probabilities, 5, imagenetLabels) //=> [{ index: 207, value: 0.83, label: 'golden retriever' }, …]
 */
export function topK(values: ArrayLike<number>, k: number, labels?: readonly string[]): Ranked[] {
  if (!Number.isInteger(k) || k < 0) throw new StrideError('input', `topK: k must be a non-negative integer, got ${k}`);
  if (labels && labels.length !== values.length) {
    throw new StrideError('input', `topK: ${labels.length} labels for ${values.length} values`);
  }
  const order = Array.from({ length: values.length }, (_, i) => i).filter((i) => !Number.isNaN(values[i]));
  order.sort((a, b) => values[b] - values[a] || a - b);
  return order.slice(0, k).map((index) => (labels ? { index, value: values[index], label: labels[index] } : { index, value: values[index] }));
}

/** A numerically stable softmax of a vector (a copy). */
export function softmax(values: ArrayLike<number>): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) max = Math.max(max, values[i]);
  const out = new Float32Array(values.length);
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += out[i] = Math.exp(values[i] - max);
  for (let i = 0; i < values.length; i++) out[i] /= sum;
  return out;
}
