/**
 * Test support for the wasm kernels: one linear memory, a bump allocator for buffers, plain-loop
 * conversions between the interpreter's NCHW arrays and the kernels' bordered NHWC buffers, and
 * one-layer IR graphs for the reference interpreter. Nothing here generates kernel code.
 */
import { add, div, input, model, mul, sub, type Graph } from '@stride/dsl';
import { interpret, mulberry32, seededWeights } from '@stride/runtime';
import { FunctionBuilder, ModuleBuilder } from '../../src/emit/wasm/encoder.js';
import { bytesOf, lanes, placeNhwc, startOf, stridesOf, type Border, type NhwcBuffer } from '../../src/emit/wasm/kernels/buffer.js';

/** The bits the lanes around a slice hold: a quiet NaN with a payload no arithmetic produces. */
export const poisonBits = 0x7fc5a5a5;

interface SliceRecord {
  slice: NhwcBuffer;
  /** Floats of the enclosing pixel before the slice's first lane. */
  before: number;
}

/**
 * Linear memory for one test: buffers are placed front to back, 64-byte aligned.
 *
 * With `slices: true` every buffer `nhwc` hands out is a channel slice of a wider buffer — four
 * lanes before it and four after it in every stored pixel, all holding a NaN payload — so a kernel
 * that reads a neighbour's lanes produces NaN where the reference has none, and one that writes
 * them is caught by `expectSlicesUntouched`. (The slice may end mid-vector, which `channelSlice`
 * forbids for real placement; a kernel must not care.)
 */
export class Memory {
  readonly memory: WebAssembly.Memory;
  private top = 64; // address 0 stays unused, so a wrong zero offset reads nothing meaningful
  private readonly slices: SliceRecord[] = [];
  readonly sliced: boolean;
  constructor(options: { pages?: number; slices?: boolean } = {}) {
    this.memory = new WebAssembly.Memory({ initial: options.pages ?? 256 });
    this.sliced = options.slices ?? false;
  }

  get floats(): Float32Array {
    return new Float32Array(this.memory.buffer);
  }

  alloc(bytes: number): number {
    const at = this.top;
    this.top = Math.ceil((at + bytes) / 64) * 64;
    const needed = Math.ceil(this.top / 65536);
    const have = this.memory.buffer.byteLength / 65536;
    if (needed > have) this.memory.grow(needed - have);
    return at;
  }

  /** A buffer of this shape and border; a channel slice in a sliced memory unless `dense`. */
  nhwc(shape: { batch: number; height: number; width: number; channels: number }, border: Border = { top: 0, bottom: 0, left: 0, right: 0 }, options: { dense?: boolean } = {}): NhwcBuffer {
    if (!this.sliced || options.dense) {
      const provisional = placeNhwc(0, shape, border);
      return placeNhwc(this.alloc(bytesOf(provisional)), shape, border);
    }
    const before = 4;
    const wide = { ...shape, channels: before + lanes(shape.channels) + 4 };
    const parent = placeNhwc(this.alloc(bytesOf(placeNhwc(0, wide, border))), wide, border);
    new Uint32Array(this.memory.buffer).fill(poisonBits, startOf(parent) / 4, (startOf(parent) + bytesOf(parent)) / 4);
    const slice: NhwcBuffer = { ...parent, offset: parent.offset + 4 * before, channels: shape.channels, pixelLanes: lanes(wide.channels) };
    this.slices.push({ slice, before });
    return slice;
  }

  /** Every lane around every slice still holds the poison bits (kernels wrote only their own lanes). */
  expectSlicesUntouched(): void {
    const words = new Uint32Array(this.memory.buffer);
    for (const { slice, before } of this.slices) {
      const { pixel } = stridesOf(slice);
      const start = startOf(slice) - 4 * before;
      const own = [4 * before, 4 * before + 4 * lanes(slice.channels)];
      for (let at = start; at < start + bytesOf(slice); at += 4) {
        const inPixel = (at - start) % pixel;
        if (inPixel >= own[0] && inPixel < own[1]) continue;
        if (words[at / 4] !== poisonBits) throw new Error(`a kernel wrote byte ${at}, lane ${inPixel / 4} of a pixel outside its slice (lanes ${own[0] / 4}…${own[1] / 4 - 1})`);
      }
    }
  }

  /** Floats placed at a fresh address; returns the byte address. */
  put(values: Float32Array): number {
    const at = this.alloc(values.length * 4);
    this.floats.set(values, at / 4);
    return at;
  }

  /** Fills a whole buffer, border and padding lanes included (its own lanes only, if a slice). */
  fill(buffer: NhwcBuffer, value: number): void {
    const { pixel } = stridesOf(buffer);
    const own = 4 * lanes(buffer.channels);
    const floats = this.floats;
    for (let at = startOf(buffer); at < startOf(buffer) + bytesOf(buffer); at += pixel) floats.fill(value, at / 4, (at + own) / 4);
  }

  /** NCHW values into the buffer's interior; padding lanes get zeros, the border `borderValue`. */
  write(buffer: NhwcBuffer, nchw: Float32Array, borderValue = 0): void {
    this.fill(buffer, borderValue);
    const { batch, height, width, channels } = buffer;
    const { pixel, row, image } = stridesOf(buffer);
    const floats = this.floats;
    for (let n = 0; n < batch; n++) {
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const base = (buffer.offset + n * image + y * row + x * pixel) / 4;
          for (let c = 0; c < lanes(channels); c++) {
            floats[base + c] = c < channels ? nchw[((n * channels + c) * height + y) * width + x] : 0;
          }
        }
      }
    }
  }

  /** The buffer's interior as NCHW. */
  read(buffer: NhwcBuffer): Float32Array {
    const { batch, height, width, channels } = buffer;
    const { pixel, row, image } = stridesOf(buffer);
    const floats = this.floats;
    const out = new Float32Array(batch * channels * height * width);
    for (let n = 0; n < batch; n++) {
      for (let c = 0; c < channels; c++) {
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) out[((n * channels + c) * height + y) * width + x] = floats[(buffer.offset + n * image + y * row + x * pixel) / 4 + c];
        }
      }
    }
    return out;
  }
}

/** Compiles functions into one module over the memory and returns its exports. */
export function instantiate(memory: Memory, ...functions: FunctionBuilder[]): Record<string, (from?: number, to?: number) => void> {
  const module = new ModuleBuilder({ initial: 1 });
  for (const fn of functions) module.add(fn);
  const bytes = module.encode();
  if (!WebAssembly.validate(bytes)) throw new Error(`invalid module:\n${module.toText()}`);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: memory.memory } });
  return wholeRange(instance.exports, functions);
}

/**
 * The exports, a ranged kernel (`FunctionBuilder.range`) called with no arguments running its whole
 * range, and with `(from, to)` that part of it.
 */
export function wholeRange(exports: WebAssembly.Exports, functions: FunctionBuilder[]): Record<string, (from?: number, to?: number) => void> {
  const wrapped: Record<string, (from?: number, to?: number) => void> = {};
  for (const [name, value] of Object.entries(exports)) {
    const fn = functions.find((f) => f.name === name);
    const call = value as (from?: number, to?: number) => void;
    const units = fn?.range?.units;
    wrapped[name] = units !== undefined ? (from = 0, to = units) => call(from, to) : call;
  }
  return wrapped;
}

export function randomArray(length: number, seed: number, scale = 2): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length }, () => (random() * 2 - 1) * scale);
}

// The DSL's types check shapes at compile time; tests build layers from run-time numbers.
type Loose = { [method: string]: (...args: unknown[]) => Loose };

/**
 * A one-layer graph `x → layer(x)` (and optionally `+ r`, then an activation), its seeded weights,
 * and the interpreter's output for `data`.
 */
export function reference(
  shape: number[],
  layer: (x: Loose) => Loose,
  data: Float32Array,
  options: { residual?: Float32Array; residualShape?: number[]; after?: (y: Loose) => Loose; combine?: 'add' | 'mul' | 'sub' | 'div'; seed?: number } = {},
): { graph: Graph; weights: Map<string, Float32Array>; expected: Float32Array } {
  const x = input(shape as never, { name: 'x' }) as unknown as Loose;
  let y = layer(x);
  const inputs: Record<string, unknown> = { x };
  const feeds: Record<string, Float32Array> = { x: data };
  if (options.residual) {
    const r = input((options.residualShape ?? shape) as never, { name: 'r' }) as unknown as Loose;
    inputs.r = r;
    feeds.r = options.residual;
    y = ({ add, mul, sub, div }[options.combine ?? 'add'])(y as never, r as never) as unknown as Loose;
  }
  if (options.after) y = options.after(y);
  const graph = model({ name: 'layer', inputs: inputs as never, outputs: { y: y as never } }).toIR();
  const weights = seededWeights(graph, options.seed ?? 3);
  return { graph, weights, expected: interpret(graph, weights, feeds).y };
}

/** Largest |a − b| over max(1, largest |b|): the relative error the tests bound. */
export function relativeError(actual: Float32Array, expected: Float32Array): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  let scale = 1;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (Number.isNaN(e) !== Number.isNaN(a)) return Infinity;
      continue;
    }
    if (!Number.isFinite(e) || !Number.isFinite(a)) {
      if (e !== a) return Infinity;
      continue;
    }
    scale = Math.max(scale, Math.abs(e));
    diff = Math.max(diff, Math.abs(a - e));
  }
  return diff / scale;
}

export const uniformBorder = (n: number): Border => ({ top: n, bottom: n, left: n, right: n });

/**
 * A ranged kernel run in pieces gives the bytes one call over its whole range gives: every unit
 * alone in reverse order, and two halves with empty ranges between them. `whole` is the output
 * after one whole-range call; the output is refilled with `junk` before each partition.
 */
export function expectPartitionsAgree(memory: Memory, run: (from: number, to: number) => void, units: number, output: NhwcBuffer, whole: Float32Array, junk = 12345): void {
  const bits = (values: Float32Array) => new Uint32Array(values.buffer, values.byteOffset, values.length);
  const half = Math.floor(units / 2);
  const partitions: Array<Array<[number, number]>> = [
    Array.from({ length: units }, (_, i) => [units - 1 - i, units - i] as [number, number]),
    [[0, 0], [half, units], [half, half], [0, half], [units, units]],
  ];
  for (const partition of partitions) {
    memory.fill(output, junk);
    for (const [from, to] of partition) run(from, to);
    const pieces = memory.read(output);
    const expected = bits(whole);
    const actual = bits(pieces);
    for (let i = 0; i < expected.length; i++) {
      if (actual[i] !== expected[i]) throw new Error(`ranges ${JSON.stringify(partition)} of ${units}: element ${i} is ${pieces[i]}, the whole range gave ${whole[i]}`);
    }
  }
}
