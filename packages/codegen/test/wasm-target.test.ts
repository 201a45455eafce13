/**
 * The wasm target's own pieces, beside the kernels' tests in test/wasm/: the load-time Winograd
 * filter expansion (helper source text the bundle runs) writes exactly what the build-time packing
 * computes, bit for bit; and a module's `warm()` calls every kernel without touching memory.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { add, input, model } from '@stride/dsl';
import { mulberry32, seededWeights } from '@stride/runtime';
import { decodeByteString, type WasmKernels } from '@stride/runtime/executor';
import { compileGraph } from '../src/index.js';
import { winogradFiltersName, winogradFiltersSource, winogradHelperId, winogradHelperScheme } from '../src/emit/wasm/helpers.js';
import { winogradLabel, winogradScheme, type WinogradScheme } from '../src/plan/winograd.js';
import { packWinogradWeights, winogradGemmBlockLanes, winogradWeightsLength, type WinogradParams } from '../src/emit/wasm/kernels/winograd.js';
import { warmCalls } from '../src/emit/wasm/warm.js';
import { loadKernels } from './load.js';

const folder = join(import.meta.dirname, '..', 'node_modules', '.generated');

async function helper(scheme: WinogradScheme): Promise<(s: Float32Array, from: number, memory: Float32Array, to: number, ...args: number[]) => void> {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `wasm-helpers-${winogradFiltersName(scheme)}-${process.pid}.mjs`);
  writeFileSync(file, `${winogradFiltersSource(scheme)}\nexport { ${winogradFiltersName(scheme)} as winogradFilters };\n`);
  return ((await import(pathToFileURL(file).href)) as { winogradFilters: never }).winogradFilters;
}

describe('the load-time Winograd filter expansion', () => {
  // [m, taps, stride, in, out, output size]: GEMM blocks of 8 lanes (defaultGemmTile), the last as ResNet's 7² stage (one image of 4 tiles).
  const cases = ([[2, 3, 1, 16, 16, 20], [2, 3, 1, 17, 13, 20], [4, 3, 1, 64, 64, 20], [4, 3, 1, 21, 30, 20], [2, 3, 1, 256, 8, 20], [4, 3, 2, 20, 24, 20], [2, 3, 2, 16, 9, 20], [4, 7, 2, 3, 16, 20], [3, 3, 1, 24, 20, 20], [4, 3, 1, 300, 258, 7]] as const)
    .map(([m, r, stride, c, o, size]) => [`${winogradLabel({ m, r, stride })} for ${c} → ${o} channels at ${size}²`, m, r, stride, c, o, size] as const);
  it.each(cases)('%s equals the build-time packing bit for bit', async (_label, m, r, stride, inChannels, outChannels, size) => {
    const scheme = winogradScheme(m, r, stride);
    expect(winogradHelperScheme(winogradHelperId(scheme))).toBe(scheme);
    const winogradFilters = await helper(scheme);
    const random = mulberry32(m * 1000 + inChannels);
    const raw = Float32Array.from({ length: outChannels * inChannels * r * r }, () => random() * 2 - 1);
    const none = { top: 0, bottom: 0, left: 0, right: 0 };
    const p: WinogradParams = {
      name: 'w', m, kernel: r, stride, padding: { top: 1, left: 1 }, weights: 0, scratch: 0,
      input: { offset: 0, batch: 1, height: size * stride, width: size * stride, channels: inChannels, border: { top: 1, bottom: r, left: 1, right: r } },
      output: { offset: 0, batch: 1, height: size, width: size, channels: outChannels, border: none },
    };
    const blockLanes = winogradGemmBlockLanes(p);
    expect(blockLanes).toBe(8);
    const expected = packWinogradWeights(p, raw);
    expect(winogradWeightsLength(p)).toBe(expected.length);
    const memory = new Float32Array(expected.length + 8).fill(NaN);
    winogradFilters(raw, 0, memory, 3, outChannels, inChannels, blockLanes);
    expect(memory.subarray(3, 3 + expected.length)).toEqual(expected);
    expect(Number.isNaN(memory[2]) && Number.isNaN(memory[3 + expected.length])).toBe(true);
  });
});

describe('the wasm target\'s choice of convolution kernel', () => {
  it('takes Winograd F(2×2, 3×3/2) for a stride-2 3×3 layer where 32 tiles share its filters, else the direct kernel', () => {
    const kernelsOf = (size: number, channels: number, batch: number) => {
      const image = input([batch, channels, size, size], { name: 'image' });
      const y = image.conv2d({ outChannels: 2 * channels, kernelSize: 3, stride: 2, padding: 1, name: 'down' });
      const graph = model({ name: 'down', inputs: { image }, outputs: { y } }).toIR();
      return compileGraph(graph, seededWeights(graph, 1), { batch, target: 'wasm' }).report.layers.map((l) => l.kernel);
    };
    // ResNet-18's 3×3/2 layers: 49 tiles at 14² outputs, 16 at 7² (whole images per chunk at batch 1, four at batch 8).
    expect(kernelsOf(56, 64, 1)).toEqual(['conv2d/winograd-2x2-s2']);
    expect(kernelsOf(28, 128, 1)).toEqual(['conv2d/winograd-2x2-s2']);
    expect(kernelsOf(14, 256, 1)).toEqual(['conv2d/direct']);
    expect(kernelsOf(14, 256, 8)).toEqual(['conv2d/winograd-2x2-s2']);
    // Fewer than 16 input channels (a stem): direct.
    expect(kernelsOf(56, 8, 1)).toEqual(['conv2d/direct']);
  });

  it('takes F(3×3) at 14² where F(2×2)\'s filters would not fit in L2 either, else F(2×2); F(4×4) at 7² and 8² where they would not', () => {
    const kernelOf = (channels: number, size: number) => {
      const image = input([1, channels, size, size], { name: 'image' });
      const y = image.conv2d({ outChannels: channels, kernelSize: 3, padding: 1, name: 'conv' });
      const graph = model({ name: 'same', inputs: { image }, outputs: { y } }).toIR();
      return compileGraph(graph, seededWeights(graph, 1), { batch: 1, target: 'wasm' }).report.layers[0].kernel;
    };
    expect(kernelOf(256, 14)).toBe('conv2d/winograd-3x3');
    expect(kernelOf(128, 14)).toBe('conv2d/winograd-2x2');
    expect(kernelOf(256, 28)).toBe('conv2d/winograd-4x4');
    // One image of 4 F(4×4) tiles: 144 products per channel pair against F(3×3)'s 225 (9 tiles) at 7², 225 at 8².
    expect(kernelOf(512, 7)).toBe('conv2d/winograd-4x4');
    expect(kernelOf(512, 8)).toBe('conv2d/winograd-4x4');
    expect(kernelOf(64, 7)).toBe('conv2d/winograd-2x2');
  });
});

describe('warm()', () => {
  it('calls every kind of kernel with no work: memory is left as it was, byte for byte', async () => {
    // Winograd F(4×4), F(2×2) and F(2×2)/2, direct, 1×1, depthwise, pooling, a residual add and linear.
    const image = input([2, 8, 28, 28], { name: 'image' });
    const a = image.conv2d({ outChannels: 32, kernelSize: 3, padding: 1 }).relu();
    const b = a.conv2d({ outChannels: 32, kernelSize: 3, padding: 1 }).conv2d({ outChannels: 32, kernelSize: 1 });
    const c = add(b.conv2d({ outChannels: 32, kernelSize: 3, padding: 1, groups: 32 }).relu().maxPool2d({ kernelSize: 2 }), b.conv2d({ outChannels: 32, kernelSize: 3, stride: 2, padding: 1 }));
    const d = c.maxPool2d({ kernelSize: 2 }).conv2d({ outChannels: 32, kernelSize: 3, padding: 1 }).relu().adaptiveAvgPool2d(1).flatten().linear({ outFeatures: 10 });
    const graph = model({ name: 'warm', inputs: { image }, outputs: { logits: d } }).toIR();
    const compiled = compileGraph(graph, seededWeights(graph, 3), { batch: 2, target: 'wasm' });
    expect(compiled.report.layers.map((l) => l.kernel)).toEqual(expect.arrayContaining(['conv2d/winograd-4x4', 'conv2d/winograd-2x2', 'conv2d/winograd-2x2-s2']));
    const kernels = (await loadKernels(compiled)) as unknown as WasmKernels;
    const pages = compiled.artifact.memoryBytes / 65536;
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    const { instance } = await WebAssembly.instantiate(decodeByteString(kernels.wasm, 'test'), { env: { memory } });
    const random = mulberry32(5);
    const words = new Uint32Array(memory.buffer);
    for (let i = 0; i < words.length; i++) words[i] = (random() * 2 ** 32) >>> 0;
    const before = words.slice();
    (instance.exports.warm as () => void)();
    expect(Buffer.from(words.buffer).equals(Buffer.from(before.buffer))).toBe(true);
  });

  it('calls a kernel often enough to spend the tiering budget of V8, a small one at most 4,096 times', () => {
    // Liftoff spends about 1.8–4× a body's wasm bytes per call (warm.ts); 1.5× is the floor assumed.
    for (const bytes of [1, 40, 800, 5000, 60000]) expect(warmCalls(bytes) * 1.5 * bytes).toBeGreaterThanOrEqual(Math.min(1_800_000, 4096 * 1.5 * bytes));
    expect(warmCalls(1)).toBe(4096);
    expect(warmCalls(10_000_000)).toBe(6);
  });
});
