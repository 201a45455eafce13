/**
 * Mutation fuzzing of the safetensors reader, shared by the test suite (10,000 cases) and `pnpm fuzz`
 * (100,000 and more). Each case mutates a valid file — truncation, bit flips, byte runs, header JSON
 * edits (huge or negative numbers, reversed or overlapping offsets, unknown dtypes, prototype keys,
 * lying header lengths) — and parses it. Every outcome must be a clean parse or a StrideError; a
 * parse must not decode more than twice the file's bytes (float16 widening) and must leave
 * Object.prototype untouched.
 */
import { StrideError } from '../src/errors';
import { parseSafetensors } from '../src/safetensors/parse';
import { serializeSafetensors } from '../src/safetensors/serialize';
import { mulberry32 } from '../src/seeded';


/** Valid files to start from: several dtypes, metadata, unaligned tensors. */
export function seedFiles(): Uint8Array[] {
  const values = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k) * 3);
  return [
    serializeSafetensors({ 'conv.weight': { shape: [4, 3, 3, 3], data: values(108, 1) }, 'conv.bias': { shape: [4], data: values(4, 2) } }, { format: 'pt' }),
    serializeSafetensors({ a: { dtype: 'F16', shape: [3], data: values(3, 3) }, b: { dtype: 'BF16', shape: [2, 2], data: values(4, 4) }, c: { dtype: 'F64', shape: [5], data: values(5, 5) } }),
    serializeSafetensors({ 'bn.running_var': { shape: [16], data: values(16, 6) }, '__proto__': { shape: [1], data: [1] }, constructor: { shape: [2], data: [1, 2] } }),
    serializeSafetensors({}),
  ];
}

const headerEdits: ((header: Record<string, unknown>, random: () => number) => void)[] = [
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { shape: number[] }).shape = [1e15, 1e15]; },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { data_offsets: number[] }).data_offsets = [0, 2 ** 53]; },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { data_offsets: number[] }).data_offsets.reverse(); },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { shape: number[] }).shape = [-1]; },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { dtype: string }).dtype = 'F128'; },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { dtype: string }).dtype = 'I64'; },
  (h) => { h.__proto__ = { polluted: true }; },
  (h) => { h['constructor'] = { prototype: { polluted: true } }; },
  (h) => { h.extra = { dtype: 'F32', shape: [2], data_offsets: [0, 8] }; },
  (h) => { h.__metadata__ = { nested: { a: 1 } }; },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) h[k] = [1, 2, 3]; },
  (h, random) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { shape: number[] }).shape.push(Math.floor(random() * 5)); },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { data_offsets: unknown }).data_offsets = ['0', '4']; },
];

/** One mutated copy of `file`. */
export function mutate(file: Uint8Array, random: () => number): Uint8Array {
  const kind = file.length < 8 ? Math.floor(random() * 3) : Math.floor(random() * 7);
  const copy = file.slice();
  const view = new DataView(copy.buffer);
  switch (kind) {
    case 0: return copy.subarray(0, Math.floor(random() * copy.length));
    case 1: {
      const flips = 1 + Math.floor(random() * 8);
      for (let i = 0; i < flips; i++) copy[Math.floor(random() * copy.length)] ^= 1 << Math.floor(random() * 8);
      return copy;
    }
    case 2: {
      const at = Math.floor(random() * copy.length);
      const run = Uint8Array.from({ length: 1 + Math.floor(random() * 16) }, () => Math.floor(random() * 256));
      const out = new Uint8Array(copy.length + run.length);
      out.set(copy.subarray(0, at));
      out.set(run, at);
      out.set(copy.subarray(at), at + run.length);
      return out;
    }
    case 3: {
      // Lie about the header length: huge, past the end, or off by a little.
      const choices = [2 ** 32 - 1, copy.length, view.getUint32(0, true) + 1, view.getUint32(0, true) - 1, 0];
      view.setUint32(0, choices[Math.floor(random() * choices.length)] >>> 0, true);
      if (random() < 0.3) view.setUint32(4, Math.floor(random() * 2 ** 32), true);
      return copy;
    }
    default: {
      const length = copy.length >= 8 ? view.getUint32(0, true) : Infinity;
      let header: Record<string, unknown>;
      try {
        header = JSON.parse(new TextDecoder().decode(copy.subarray(8, 8 + length))) as Record<string, unknown>;
        if (typeof header !== 'object' || header === null) throw new Error('not an object');
      } catch {
        return mutate(copy, () => 0.2); // an earlier round broke the header: truncate instead
      }
      try {
        headerEdits[Math.floor(random() * headerEdits.length)](header, random);
      } catch {
        // An earlier round changed the entry's structure; this edit does not apply. Keep the header.
      }
      const text = new TextEncoder().encode(JSON.stringify(header));
      const data = copy.subarray(Math.min(copy.length, 8 + length));
      const out = new Uint8Array(8 + text.length + data.length);
      new DataView(out.buffer).setUint32(0, text.length, true);
      out.set(text, 8);
      out.set(data, 8 + text.length);
      return out;
    }
  }
}

export interface FuzzSummary { cases: number; parsed: number; refused: number; crashes: { input: number[]; error: string }[]; worstDecodedRatio: number }

export function fuzz(cases: number, seed: number, onProgress?: (done: number) => void): FuzzSummary {
  const random = mulberry32(seed);
  const seeds = seedFiles();
  const summary: FuzzSummary = { cases, parsed: 0, refused: 0, crashes: [], worstDecodedRatio: 0 };
  for (let i = 0; i < cases; i++) {
    let file = seeds[Math.floor(random() * seeds.length)];
    const rounds = 1 + Math.floor(random() * 3);
    for (let r = 0; r < rounds; r++) file = mutate(file, random);
    try {
      const weights = parseSafetensors(file);
      summary.parsed++;
      summary.worstDecodedRatio = Math.max(summary.worstDecodedRatio, weights.decodedBytes / Math.max(1, file.byteLength));
    } catch (error) {
      if (error instanceof StrideError && error.message.length > 0) summary.refused++;
      else if (summary.crashes.length < 10) summary.crashes.push({ input: Array.from(file.subarray(0, 200)), error: String((error as Error)?.stack ?? error) });
    }
    if ((Object.prototype as Record<string, unknown>).polluted !== undefined) throw new Error(`case ${i}: Object.prototype was polluted`);
    if (onProgress && (i + 1) % 10_000 === 0) onProgress(i + 1);
  }
  return summary;
}
