/**
 * Mutation fuzzing of the safetensors reader, shared by the test suite (10,000 cases) and `pnpm fuzz`
 * (100,000 and more). Each case mutates a valid file — truncation, bit flips, byte runs, header JSON
 * edits (huge or negative numbers, reversed or overlapping offsets, unknown dtypes, prototype keys,
 * lying header lengths) — and parses it. Every outcome must be a clean parse or a StrideError; a
 * clean parse must hold exactly the tensors its header declares; and Object.prototype stays untouched.
 *
 * Memory is measured, not taken from the parser's word: the growth of `process.memoryUsage()
 * .arrayBuffers` across each parse (typed-array storage outside the JS heap, where a lying shape would
 * land) must stay within twice the file's bytes — the most a valid file decodes to (F16/BF16 widened
 * to float32). Garbage collected during a parse can only lower the figure, never hide a large
 * allocation, as the earlier cases' garbage is a few kilobytes.
 */
import { input, model } from '@stride/dsl';
import { StrideError } from '../src/errors.js';
import { bindWeights } from '../src/weights.js';
import { decodeWeights, sidecarTensorBytes, type BundleSpec } from '../src/executor/index.js';
import { parseSafetensors, type Weights } from '../src/safetensors/parse.js';
import { serializeSafetensors } from '../src/safetensors/serialize.js';
import { mulberry32 } from '../src/seeded.js';


/** Valid files to start from: several dtypes, metadata, unaligned tensors. */
export function seedFiles(): Uint8Array[] {
  const values = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k) * 3);
  return [
    serializeSafetensors({ 'conv.weight': { shape: [4, 3, 3, 3], data: values(108, 1) }, 'conv.bias': { shape: [4], data: values(4, 2) } }, { format: 'pt' }),
    serializeSafetensors({ a: { dtype: 'F16', shape: [3], data: values(3, 3) }, b: { dtype: 'BF16', shape: [2, 2], data: values(4, 4) }, c: { dtype: 'F64', shape: [5], data: values(5, 5) } }),
    serializeSafetensors({ 'bn.running_var': { shape: [16], data: values(16, 6) }, '__proto__': { shape: [1], data: [1] }, constructor: { shape: [2], data: [1, 2] } }),
    serializeSafetensors({}),
    // Mostly half-precision data: a clean parse decodes to nearly twice the file's bytes.
    serializeSafetensors({ 'fc.weight': { dtype: 'F16', shape: [48, 40], data: values(1920, 7) }, 'fc.bias': { dtype: 'BF16', shape: [48], data: values(48, 8) } }),
  ];
}

const own = (target: object, key: string, value: unknown) => Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

const headerEdits: ((header: Record<string, unknown>, random: () => number) => void)[] = [
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { shape: number[] }).shape = [1e15, 1e15]; },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { data_offsets: number[] }).data_offsets = [0, 2 ** 53]; },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { data_offsets: number[] }).data_offsets.reverse(); },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { shape: number[] }).shape = [-1]; },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { dtype: string }).dtype = 'F128'; },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { dtype: string }).dtype = 'I64'; },
  // Own keys named like Object.prototype's members, defined (not assigned) so JSON.stringify writes them.
  (h) => { own(h, '__proto__', { polluted: true }); },
  (h) => { own(h, '__proto__', { dtype: 'F32', shape: [0], data_offsets: [0, 0] }); },
  (h) => { own(h, 'constructor', { prototype: { polluted: true } }); },
  (h) => { for (const key of ['toString', 'hasOwnProperty', 'valueOf']) own(h, key, { dtype: 'F32', shape: [0], data_offsets: [0, 0] }); },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) own(h[k] as object, '__proto__', { dtype: 'F64', shape: [1e9] }); },
  (h) => { own(h, '__metadata__', Object.defineProperty({ constructor: 'x' }, '__proto__', { value: 'polluted', enumerable: true })); },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { shape: number[] }).shape = [2 ** 53, 2 ** 53, 0]; },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { shape: number[]; data_offsets: number[] }).shape = [(h[k] as { data_offsets: number[] }).data_offsets[1] - (h[k] as { data_offsets: number[] }).data_offsets[0]]; },
  (h) => { h.extra = { dtype: 'F32', shape: [2], data_offsets: [0, 8] }; },
  (h) => { h.__metadata__ = { nested: { a: 1 } }; },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) h[k] = [1, 2, 3]; },
  (h, random) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { shape: number[] }).shape.push(Math.floor(random() * 5)); },
  (h) => { const k = Object.keys(h).find((x) => x !== '__metadata__'); if (k) (h[k] as { data_offsets: unknown }).data_offsets = ['0', '4']; },
  // Slide one tensor's span: a hole before it, an overlap with its neighbour, or a span past the end.
  (h, random) => {
    const keys = Object.keys(h).filter((x) => x !== '__metadata__');
    const k = keys[Math.floor(random() * keys.length)];
    const by = [-8, -4, -2, 2, 4, 8][Math.floor(random() * 6)];
    if (k) (h[k] as { data_offsets: number[] }).data_offsets = (h[k] as { data_offsets: number[] }).data_offsets.map((o) => o + by);
  },
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

export interface FuzzSummary {
  cases: number;
  parsed: number;
  refused: number;
  /** Cases that threw anything but a StrideError, or parsed into something their header does not say. */
  crashes: { input: number[]; error: string }[];
  /** The largest `decodedBytes / file bytes` of a clean parse, as the parser reports it. */
  worstDecodedRatio: number;
  /** The largest measured growth of array-buffer memory across one parse, over the file's bytes. */
  worstMeasuredRatio: number;
  /** Clean parses that also bound to the conv graph of the first seed (the rest: a 'weights-binding' StrideError). */
  bound: number;
  /** The distinct StrideError messages' first words, to see that refusals are varied. */
  reasons: Map<string, number>;
}

/** A clean parse must hold what its header declares: float data of shape × 1 values, nothing else. */
function inconsistency(weights: Weights): string | undefined {
  let decoded = 0;
  for (const [name, tensor] of weights.tensors) {
    if (tensor.name !== name || !Array.isArray(tensor.shape)) return `tensor ${JSON.stringify(name)} is malformed`;
    const count = tensor.shape.reduce((a, b) => a * b, 1);
    if (tensor.data !== undefined && tensor.data.length !== count) return `tensor ${JSON.stringify(name)} has ${tensor.data.length} values for shape ${JSON.stringify(tensor.shape)}`;
    if ((tensor.data === undefined) === ['F32', 'F16', 'BF16', 'F64'].includes(tensor.dtype)) return `tensor ${JSON.stringify(name)} (${tensor.dtype}) is ${tensor.data ? '' : 'not '}decoded`;
    decoded += tensor.data?.byteLength ?? 0;
  }
  if (decoded !== weights.decodedBytes) return `decodedBytes ${weights.decodedBytes} but the tensors hold ${decoded}`;
  if (Object.getPrototypeOf(weights.metadata) !== null) return 'metadata has a prototype';
  return undefined;
}

/** The graph the first seed file's tensors fit; every clean parse is also bound to it. */
const bindingGraph = (() => {
  const image = input([1, 3, 5, 5], { name: 'image' });
  return model({ name: 'fuzzed', inputs: { image }, outputs: { y: image.conv2d({ outChannels: 4, kernelSize: 3, name: 'conv' }) } }).toIR();
})();

export function fuzz(cases: number, seed: number, onProgress?: (done: number) => void): FuzzSummary {
  const random = mulberry32(seed);
  const seeds = seedFiles();
  const summary: FuzzSummary = { cases, parsed: 0, refused: 0, crashes: [], worstDecodedRatio: 0, worstMeasuredRatio: 0, bound: 0, reasons: new Map() };
  const crash = (file: Uint8Array, error: string) => {
    if (summary.crashes.length < 10) summary.crashes.push({ input: Array.from(file.subarray(0, 200)), error });
  };
  for (let i = 0; i < cases; i++) {
    let file = seeds[Math.floor(random() * seeds.length)];
    const rounds = 1 + Math.floor(random() * 3);
    for (let r = 0; r < rounds; r++) file = mutate(file, random);
    const before = process.memoryUsage().arrayBuffers;
    let weights: Weights | undefined;
    try {
      weights = parseSafetensors(file);
    } catch (error) {
      if (error instanceof StrideError && error.code === 'weights-format' && /^safetensors: \S/.test(error.message)) {
        summary.refused++;
        const reason = error.message.replace(/^safetensors: (tensor "(?:[^"\\]|\\.)*" )?/, '').replace(/\d+/g, 'N').split(' ').slice(0, 3).join(' ');
        summary.reasons.set(reason, (summary.reasons.get(reason) ?? 0) + 1);
      } else {
        crash(file, String((error as Error)?.stack ?? error));
      }
    }
    // Measured while the result is still alive, so what it holds counts.
    const grown = process.memoryUsage().arrayBuffers - before;
    summary.worstMeasuredRatio = Math.max(summary.worstMeasuredRatio, grown / Math.max(1, file.byteLength));
    if (weights) {
      summary.parsed++;
      summary.worstDecodedRatio = Math.max(summary.worstDecodedRatio, weights.decodedBytes / Math.max(1, file.byteLength));
      const problem = inconsistency(weights);
      if (problem) crash(file, `case ${i} parsed inconsistently: ${problem}`);
      // Binding a hostile file (prototype-named tensors, integer dtypes, wrong shapes) binds or refuses.
      try {
        const bound = bindWeights(bindingGraph, weights, { allowUnexpected: random() < 0.5 });
        if (bound.get('conv.weight')?.length !== 108 || bound.get('conv.bias')?.length !== 4) crash(file, `case ${i}: bound arrays of the wrong size`);
        summary.bound++;
      } catch (error) {
        if (!(error instanceof StrideError && error.code === 'weights-binding')) crash(file, String((error as Error)?.stack ?? error));
      }
    }
    if ((Object.prototype as Record<string, unknown>).polluted !== undefined) throw new Error(`case ${i}: Object.prototype was polluted`);
    if (onProgress && (i + 1) % 10_000 === 0) onProgress(i + 1);
  }
  return summary;
}

/**
 * The bundle's own reader of sidecar weights (`create({ weights })` takes bytes from anywhere), fuzzed
 * the same way from the files `stride build` writes: every outcome is weights of the bundle's size or
 * a StrideError, and the bytes it returns lie inside the file's data section.
 */
export function fuzzSidecar(cases: number, seed: number): FuzzSummary {
  const random = mulberry32(seed);
  const values = Float32Array.from({ length: 300 }, (_, i) => Math.cos(i));
  const specs: BundleSpec[] = (['F32', 'F16'] as const).map((weightsDtype) => ({ model: 'fuzzed', arenaFloats: 1, weightFloats: 300, weightsDtype, inputs: [], outputs: [] }));
  const seeds = specs.map((spec) => serializeSafetensors({ weights: { dtype: spec.weightsDtype, shape: [300], data: values } }, { model: 'fuzzed' }));
  const summary: FuzzSummary = { cases, parsed: 0, refused: 0, crashes: [], worstDecodedRatio: 0, worstMeasuredRatio: 0, bound: 0, reasons: new Map() };
  for (let i = 0; i < cases; i++) {
    const which = Math.floor(random() * seeds.length);
    let file = seeds[which];
    const rounds = 1 + Math.floor(random() * 3);
    for (let r = 0; r < rounds; r++) file = mutate(file, random);
    const before = process.memoryUsage().arrayBuffers;
    try {
      const bytes = sidecarTensorBytes(file);
      const headerEnd = 8 + new DataView(file.buffer, file.byteOffset).getUint32(0, true);
      if (bytes.buffer !== file.buffer || bytes.byteOffset < file.byteOffset + headerEnd || bytes.byteOffset + bytes.byteLength > file.byteOffset + file.byteLength) {
        throw new Error(`case ${i}: returned bytes outside the data section`);
      }
      const weights = decodeWeights(specs[which], bytes);
      if (weights.length !== 300) throw new Error(`case ${i}: ${weights.length} weights`);
      summary.parsed++;
      summary.worstDecodedRatio = Math.max(summary.worstDecodedRatio, weights.byteLength / file.byteLength);
    } catch (error) {
      if (error instanceof StrideError && error.code === 'weights-format') {
        summary.refused++;
        const reason = error.message.replace(/\d+/g, 'N').split(' ').slice(0, 5).join(' ');
        summary.reasons.set(reason, (summary.reasons.get(reason) ?? 0) + 1);
      } else if (summary.crashes.length < 10) {
        summary.crashes.push({ input: Array.from(file.subarray(0, 200)), error: String((error as Error)?.stack ?? error) });
      }
    }
    summary.worstMeasuredRatio = Math.max(summary.worstMeasuredRatio, (process.memoryUsage().arrayBuffers - before) / Math.max(1, file.byteLength));
  }
  return summary;
}
