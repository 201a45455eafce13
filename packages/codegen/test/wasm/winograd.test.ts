/**
 * The Winograd kernels against the reference interpreter's direct convolution: F(2×2, 3×3) within
 * 1e-5 relative, F(4×4, 3×3) within 3e-5 (its transforms have entries up to 8 and 5; the largest
 * error over these cases is printed: 4.4e-6 up to 64 input channels, 1.0e-5 at 256). Odd and even output sizes (partial
 * edge tiles in both directions), padding 0 and 1, odd channel counts, several chunk sizes
 * including a remainder chunk and chunks of whole images, the GEMMs' two loop orders, bias or none, residual and activation,
 * batches of 2 to 6.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ModuleBuilder } from '../../src/emit/wasm/encoder.js';
import { stridesOf } from '../../src/emit/wasm/kernels/buffer.js';
import { packBias } from '../../src/emit/wasm/kernels/conv2d.js';
import type { Activation } from '../../src/emit/wasm/kernels/epilogue.js';
import { packWinogradWeights, winogradKernels, winogradReach, winogradScratchBytes, type WinogradParams } from '../../src/emit/wasm/kernels/winograd.js';
import { Memory, expectPartitionsAgree, randomArray, reference, relativeError } from './harness.js';

interface Case {
  batch?: number;
  m: 2 | 3 | 4;
  stride?: 2;
  c: number;
  o: number;
  h: number;
  w: number;
  pad: number;
  bias?: boolean;
  residual?: boolean;
  activation?: Activation;
  rowsPerChunk?: number;
  imagesPerChunk?: number;
  gemmOrder?: 'pixels' | 'channels';
  epilogue?: 'inline' | 'pass';
  /** The GEMM's channel blocks, where the case pins them. */
  gemmBlocks?: number;
}

const cases: Case[] = [
  { m: 2, c: 16, o: 16, h: 8, w: 8, pad: 1, imagesPerChunk: 0 },
  { m: 2, c: 7, o: 9, h: 9, w: 11, pad: 1, residual: true, activation: { op: 'relu' } },
  { m: 2, c: 12, o: 20, h: 10, w: 7, pad: 0, bias: false, rowsPerChunk: 3 },
  { m: 4, c: 16, o: 16, h: 8, w: 8, pad: 1 },
  { m: 4, c: 13, o: 22, h: 14, w: 11, pad: 1, residual: true, activation: { op: 'relu' }, rowsPerChunk: 2 },
  { m: 4, c: 32, o: 8, h: 19, w: 21, pad: 1, rowsPerChunk: 3 },
  { m: 4, c: 9, o: 12, h: 7, w: 6, pad: 0, bias: false, imagesPerChunk: 0 },
  { m: 4, c: 64, o: 64, h: 16, w: 16, pad: 1, activation: { op: 'relu6' } },
  { m: 4, c: 256, o: 16, h: 12, w: 12, pad: 1 },
  { m: 2, c: 40, o: 24, h: 9, w: 9, pad: 1, gemmOrder: 'channels' },
  { batch: 3, m: 2, c: 24, o: 20, h: 7, w: 7, pad: 1, residual: true, gemmOrder: 'channels' },
  { m: 2, c: 256, o: 16, h: 12, w: 12, pad: 1 },
  { m: 4, c: 12, o: 20, h: 11, w: 10, pad: 1, residual: true, activation: { op: 'silu' } },
  { m: 2, c: 12, o: 20, h: 11, w: 10, pad: 1, activation: { op: 'gelu' }, epilogue: 'inline' },
  { m: 2, c: 8, o: 8, h: 9, w: 9, pad: 1, activation: { op: 'sigmoid' } },
  { batch: 3, m: 4, c: 10, o: 12, h: 9, w: 10, pad: 1, residual: true, activation: { op: 'relu' }, rowsPerChunk: 1 },
  { batch: 2, m: 2, c: 16, o: 8, h: 7, w: 6, pad: 0, imagesPerChunk: 0 },
  // Whole images per chunk (ResNet's 7² stage at batch 8): partial last tile rows, several images in one GEMM.
  { batch: 4, m: 2, c: 24, o: 16, h: 7, w: 7, pad: 1, residual: true, activation: { op: 'relu' }, imagesPerChunk: 2 },
  { batch: 3, m: 2, c: 16, o: 8, h: 7, w: 6, pad: 0 },
  { batch: 2, m: 4, c: 12, o: 20, h: 11, w: 10, pad: 1, activation: { op: 'silu' }, imagesPerChunk: 1 },
  { batch: 6, m: 2, c: 8, o: 12, h: 6, w: 5, pad: 1, imagesPerChunk: 3 },
  // F(3×3) (ResNet's 14² stage): sizes that are and are not multiples of 3, chunks of tile rows and whole images.
  { m: 3, c: 16, o: 16, h: 9, w: 9, pad: 1 },
  { m: 3, c: 13, o: 22, h: 14, w: 11, pad: 1, residual: true, activation: { op: 'relu' }, rowsPerChunk: 2 },
  { m: 3, c: 256, o: 16, h: 14, w: 14, pad: 1, imagesPerChunk: 1 },
  { batch: 3, m: 3, c: 24, o: 20, h: 13, w: 13, pad: 1, residual: true, gemmOrder: 'channels', imagesPerChunk: 3 },
  { m: 3, c: 12, o: 8, h: 10, w: 8, pad: 0, bias: false, activation: { op: 'silu' } },
  // One image of 4 F(4×4) tiles (ResNet's 7² stage): the GEMM in 32 blocks of 8 lanes and a narrower last one of 4 (defaultGemmTile).
  { m: 4, c: 300, o: 258, h: 7, w: 7, pad: 1, residual: true, activation: { op: 'relu' }, gemmBlocks: 33 },
  // Stride 2 (ResNet's downsampling 3×3/2): even and odd input sizes, so the last patch overhangs by different amounts.
  { stride: 2, m: 4, c: 16, o: 16, h: 16, w: 16, pad: 1 },
  { stride: 2, m: 4, c: 13, o: 22, h: 23, w: 18, pad: 1, activation: { op: 'relu' }, rowsPerChunk: 1 },
  { stride: 2, m: 4, c: 32, o: 8, h: 29, w: 31, pad: 1, residual: true, rowsPerChunk: 2 },
  { stride: 2, m: 4, c: 64, o: 24, h: 14, w: 14, pad: 0, bias: false },
  { stride: 2, m: 2, c: 20, o: 12, h: 15, w: 16, pad: 1, activation: { op: 'relu' } },
  { batch: 3, stride: 2, m: 2, c: 24, o: 20, h: 14, w: 14, pad: 1, residual: true, gemmOrder: 'channels' },
  { batch: 2, stride: 2, m: 4, c: 12, o: 20, h: 21, w: 20, pad: 1, activation: { op: 'silu' }, imagesPerChunk: 1 },
  { stride: 2, m: 2, c: 256, o: 16, h: 14, w: 14, pad: 1 },
];

let worstF4 = 0;
let worstStrided = 0;
let worstF3 = 0;

describe('winogradKernels vs the interpreter', () => {
  it.each(cases.flatMap((c, i) => [[JSON.stringify(c), c, false], ...(i % 3 === 1 ? [[`channel slices: ${JSON.stringify(c)}`, c, true] as const] : [])] as const))('%s', (_label, c, slices) => {
    const batch = c.batch ?? 1;
    const data = randomArray(batch * c.c * c.h * c.w, c.c * 7 + c.w);
    const s = c.stride ?? 1;
    const oh = Math.floor((c.h + 2 * c.pad - 3) / s) + 1;
    const ow = Math.floor((c.w + 2 * c.pad - 3) / s) + 1;
    const residualData = c.residual ? randomArray(batch * c.o * oh * ow, 11) : undefined;
    const layer = (x: never) => (x as { conv2d(o: object): never }).conv2d({ outChannels: c.o, kernelSize: 3, stride: s, padding: c.pad, bias: c.bias ?? true, name: 'conv' });
    const after = c.activation ? (y: never) => (y as Record<string, () => never>)[c.activation!.op]() : undefined;
    const { weights, expected } = reference([batch, c.c, c.h, c.w], layer as never, data, { residual: residualData, residualShape: [batch, c.o, oh, ow], after: after as never });

    const memory = new Memory({ slices });
    const output = memory.nhwc({ batch, height: oh, width: ow, channels: c.o }, { top: 1, bottom: 1, left: 1, right: 1 });
    const shape = { batch, height: c.h, width: c.w, channels: c.c };
    const padding = { top: c.pad, left: c.pad };
    const input = memory.nhwc(shape, winogradReach({ m: c.m, stride: c.stride, input: { offset: 0, ...shape, border: { top: 0, bottom: 0, left: 0, right: 0 } }, output, padding }));
    const residual = residualData ? memory.nhwc({ batch, height: oh, width: ow, channels: c.o }) : undefined;
    memory.write(input, data);
    if (residual && residualData) memory.write(residual, residualData);
    const params: WinogradParams = { name: 'wino', m: c.m, stride: c.stride, input, output, padding, weights: 0, scratch: 0, residual, activation: c.activation, tileRowsPerChunk: c.rowsPerChunk, imagesPerChunk: c.imagesPerChunk, gemmOrder: c.gemmOrder, epilogue: c.epilogue };
    params.weights = memory.put(packWinogradWeights(params, weights.get('conv.weight')!));
    if (c.bias ?? true) params.bias = memory.put(packBias(weights.get('conv.bias'), c.o));
    params.scratch = memory.alloc(winogradScratchBytes(params));
    // Scratch starts as NaN: a stage that read what no stage wrote would show.
    memory.floats.fill(NaN, params.scratch / 4, (params.scratch + winogradScratchBytes(params)) / 4);
    memory.fill(output, 555);

    const module = new ModuleBuilder({ initial: 1 });
    const functions = winogradKernels(params);
    for (const fn of functions) module.add(fn);
    const bytes = module.encode();
    expect(WebAssembly.validate(bytes)).toBe(true);
    const { exports } = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory: memory.memory } });
    const wino = exports.wino as (from: number, to: number, scratch: number) => void;
    if (c.gemmBlocks) expect(functions.find((fn) => fn.name === 'wino_gemm')?.range?.units).toBe(c.gemmBlocks);
    const units = functions[0].range!.units;
    wino(0, units, params.scratch);
    const whole = memory.read(output);
    const error = relativeError(whole, expected);
    if (c.stride) worstStrided = Math.max(worstStrided, error);
    else if (c.m === 3) worstF3 = Math.max(worstF3, error);
    else if (c.m === 4) worstF4 = Math.max(worstF4, error);
    expect(error).toBeLessThan(c.m === 2 ? 1e-5 : 3e-5);
    // The border around the output is untouched: edge tiles store only what exists.
    expect(memory.floats[(output.offset - stridesOf(output).pixel) / 4]).toBe(555);
    memory.expectSlicesUntouched();
    // Chunks in any order and split, and a scratch elsewhere (another thread's) for odd chunks: the same bits.
    const elsewhere = memory.alloc(winogradScratchBytes(params));
    expectPartitionsAgree(memory, (from, to) => wino(from, to, from % 2 ? elsewhere : params.scratch), units, output, whole, 555);
  });

  afterAll(() => console.log(`largest relative error: F(4×4, 3×3) ${worstF4.toExponential(2)}, F(3×3, 3×3) ${worstF3.toExponential(2)}, stride 2 ${worstStrided.toExponential(2)}`));
});
