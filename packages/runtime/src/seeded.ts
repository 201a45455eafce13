/**
 * Seeded weights that PyTorch can reproduce bit for bit.
 *
 * Networks without trained weights (benchmarks, examples run without a weights file, tests of
 * torchvision-named models) need weights that are the same in JavaScript and in Python, so PyTorch's
 * recorded outputs can be compared with Stride's without committing megabytes of random numbers.
 * The twin is `examples/torchvision/seeded.py`; both compute, for element k of a tensor named N:
 *
 *   state_k = seed(N) + (k + 1) · 0x6D2B79F5   (mod 2^32, mulberry32's counter, so any k is direct)
 *   u_k     = mulberry32 output mix of state_k  (a uint32)
 *   unit_k  = (u_k >>> 8) / 2^24               (24 bits: exactly representable in float32, in [0, 1))
 *
 * with seed(N) = FNV-1a-32(UTF-8 of N) XOR seed, and then a value per parameter role, each rounded
 * once to float32 from a float64 expression both languages evaluate identically.
 */
import type { Graph } from '@stride/dsl';

const golden = 0x6d2b79f5;

/** mulberry32: a small, fast, seeded uniform generator in [0, 1) for tests, fuzzing and benchmarks. */
export function mulberry32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + golden) | 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the UTF-8 bytes of `text`, as an unsigned 32-bit integer. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Uniform values in [0, 1) with 24-bit resolution for tensor `name` under `seed`. */
export function seededUnit(name: string, count: number, seed: number): Float64Array {
  const base = (fnv1a32(name) ^ seed) >>> 0;
  const out = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    // mulberry32's state after k + 1 steps, then its output mix.
    let t = (base + Math.imul(k + 1, golden)) | 0;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = (t ^ (t >>> 14)) >>> 0;
    out[k] = (u >>> 8) / 16777216;
  }
  return out;
}

/** The role of a parameter, from its PyTorch name's last segment. */
function roleOf(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/**
 * One seeded tensor. Weights are uniform in ±1/√fanIn (PyTorch's default init scale, so activations
 * stay in range through deep networks); batch-norm statistics are plausible (variance in [0.5, 1.5)).
 */
export function seededTensor(name: string, shape: readonly number[], seed: number): Float32Array {
  let count = 1;
  for (const d of shape) count *= d;
  const unit = seededUnit(name, count, seed);
  const out = new Float32Array(count);
  const role = roleOf(name);
  const fanIn = shape.length > 1 ? count / shape[0] : 1;
  const scale = Math.fround(1 / Math.sqrt(fanIn));
  for (let k = 0; k < count; k++) {
    const signed = unit[k] * 2 - 1; // exact: 25 significant bits at most
    switch (role) {
      case 'running_var': out[k] = 0.5 + unit[k]; break;
      case 'running_mean': out[k] = 0.1 * signed; break;
      case 'weight': out[k] = shape.length === 1 ? 0.75 + 0.5 * unit[k] : signed * scale; break;
      case 'bias': out[k] = 0.1 * signed; break;
      default: out[k] = signed; // inputs and anything else
    }
  }
  return out;
}

/**
 * Seeded values for every parameter of `graph`, keyed by PyTorch name: what `stride build
 * --random-weights` and the benchmarks use, reproducible in PyTorch by `examples/torchvision/seeded.py`.
 */
export function seededWeights(graph: Graph, seed = 0): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  for (const node of graph.nodes) {
    for (const param of Object.values(node.params as Record<string, { name: string; shape: number[] } | undefined>)) {
      if (param) out.set(param.name, seededTensor(param.name, param.shape, seed));
    }
  }
  return out;
}
