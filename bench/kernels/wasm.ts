/**
 * Per-kernel GFLOP/s of the wasm SIMD kernels (packages/codegen/src/emit/wasm/kernels) beside
 * ONNX Runtime Web (1 thread, SIMD, the model from Stride's ONNX exporter) and Stride's current
 * JavaScript kernels (compileGraph), all on the same one-layer network, interleaved round by round
 * in one process; medians. FLOPs are 2 · multiply-adds of the direct convolution, also for
 * Winograd (as issue 14 counts them), and of the scatter for convTranspose2d; the activation-alone
 * cases count elements (Gelem/s). Besides the convolutions: transcendental epilogues (inline or as
 * a pass over the stored tile) on the GEMM, direct 3×3, Winograd and depthwise; convTranspose2d by
 * phases; concat as placement against a convolution plus copies; each activation alone.
 *
 *   node --expose-gc --import tsx bench/kernels/wasm.ts [rounds] [filter]
 *
 * The wasm kernels run with everything baked in (offsets, sizes) on one WebAssembly.Memory; inputs
 * are NHWC with the border each kernel needs. ORT and JS take NCHW and include their own layout
 * handling, as they would in a network. Relaxed SIMD variants need
 * `node --experimental-wasm-relaxed-simd` and are skipped without it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { concat, input, model, type Graph } from '@stride/dsl';
import { compileGraph, exportOnnx } from '@stride/codegen';
import { seededWeights } from '@stride/runtime';
import type { Kernels } from '@stride/runtime/executor';
import { FunctionBuilder, ModuleBuilder } from '../../packages/codegen/src/emit/wasm/encoder.js';
import { bytesOf, channelSlice, placeNhwc, type Border, type NhwcBuffer } from '../../packages/codegen/src/emit/wasm/kernels/buffer.js';
import { conv2dFlops, conv2dKernel, packBias, packConv2dWeights, type Conv2dParams } from '../../packages/codegen/src/emit/wasm/kernels/conv2d.js';
import { depthwiseFlops, depthwiseKernel, packDepthwiseWeights, type DepthwiseParams } from '../../packages/codegen/src/emit/wasm/kernels/depthwise.js';
import { convTranspose2dFlops, convTranspose2dKernels, convTranspose2dReach, packConvTranspose2dWeights, type ConvTranspose2dParams } from '../../packages/codegen/src/emit/wasm/kernels/convTranspose2d.js';
import { copyKernel } from '../../packages/codegen/src/emit/wasm/kernels/copy.js';
import { elementwiseKernel } from '../../packages/codegen/src/emit/wasm/kernels/elementwise.js';
import type { Activation } from '../../packages/codegen/src/emit/wasm/kernels/epilogue.js';
import { defaultImagesPerChunk, packWinogradWeights, winogradDirectFlops, winogradKernels, winogradReach, winogradScratchBytes, type WinogradParams } from '../../packages/codegen/src/emit/wasm/kernels/winograd.js';

const rounds = Number(process.argv[2] ?? 11);
const filter = process.argv[3] ?? '';
const relaxed = WebAssembly.validate(new ModuleBuilder({ initial: 1 }).add(relaxedProbe()).encode());

function relaxedProbe(): FunctionBuilder {
  const f = new FunctionBuilder('probe');
  f.f32x4([1, 1, 1, 1]).f32x4([1, 1, 1, 1]).f32x4([1, 1, 1, 1]).op('f32x4.relaxed_madd').op('drop');
  return f;
}

// ─── The wasm side ───

class Arena {
  readonly memory = new WebAssembly.Memory({ initial: 1 });
  private top = 64;
  alloc(bytes: number): number {
    const at = this.top;
    this.top = Math.ceil((at + bytes) / 64) * 64;
    const pages = Math.ceil(this.top / 65536) - this.memory.buffer.byteLength / 65536;
    if (pages > 0) this.memory.grow(pages);
    return at;
  }
  nhwc(height: number, width: number, channels: number, border: Border = { top: 0, bottom: 0, left: 0, right: 0 }, batch = 1): NhwcBuffer {
    const shape = { batch, height, width, channels };
    return placeNhwc(this.alloc(bytesOf(placeNhwc(0, shape, border))), shape, border);
  }
  put(values: Float32Array): number {
    const at = this.alloc(values.length * 4);
    new Float32Array(this.memory.buffer, at, values.length).set(values);
    return at;
  }
  /** Fills everything allocated so far with values in [-1, 1) (borders too; timing only). */
  randomize(): void {
    const floats = new Float32Array(this.memory.buffer, 0, this.top / 4);
    for (let i = 0; i < floats.length; i++) floats[i] = Math.sin(i) * 0.5;
  }
}

function instantiate(arena: Arena, functions: FunctionBuilder[], entries: string[] = [functions[0].name]): () => void {
  const module = new ModuleBuilder({ initial: 1 });
  for (const fn of functions) module.add(fn);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(module.encode()), { env: { memory: arena.memory } });
  const calls = entries.map((name) => {
    const call = instance.exports[name] as (from?: number, to?: number) => void;
    const range = functions.find((f) => f.name === name)?.range;
    return range ? () => call(0, range.units) : call;
  });
  return calls.length === 1 ? calls[0] : () => {
    for (const call of calls) call();
  };
}

const random = (length: number, seed: number) => Float32Array.from({ length }, (_, i) => Math.sin(i * 0.37 + seed) * 0.1);
const same = (k: number): Border => ({ top: (k - 1) / 2, bottom: (k - 1) / 2, left: (k - 1) / 2, right: (k - 1) / 2 });

function wasmConv(c: number, o: number, size: number, k: number, stride: number, options: Partial<Conv2dParams> = {}, batch = 1) {
  const arena = new Arena();
  const pad = (k - 1) / 2;
  const out = Math.floor((size + 2 * pad - k) / stride) + 1;
  const p: Conv2dParams = {
    name: 'conv', input: arena.nhwc(size, size, c, same(k), batch), output: arena.nhwc(out, out, o, undefined, batch), kernel: [k, k], stride: [stride, stride],
    dilation: [1, 1], padding: { top: pad, left: pad }, groups: 1, weights: 0, ...options,
  };
  p.weights = arena.put(packConv2dWeights(p, random(o * c * k * k, 1)));
  p.bias = arena.put(packBias(random(o, 2), o));
  arena.randomize();
  return { run: instantiate(arena, [conv2dKernel(p)]), flops: conv2dFlops(p) };
}

/** The registry's rule (emit/wasm/registry.ts directOrder) for a 3×3 stride-1 layer and a 4×8 tile. */
function directOrderOf(c: number, size: number, batch: number): 'pixels' | 'channels' {
  const weightBytes = 4 * c * c * 9;
  if (weightBytes <= 1 << 20) return 'pixels';
  return weightBytes * batch * size * Math.ceil(size / 4) > 4 * batch * c * size * size * Math.ceil(c / 8) ? 'channels' : 'pixels';
}

/** `size`: the input's; the output is as large at stride 1 and half at stride 2 (`options.stride`). */
function wasmWinograd(c: number, o: number, size: number, m: 2 | 3 | 4, rows?: number, options: Partial<WinogradParams> = {}, batch = 1) {
  const arena = new Arena();
  const out = Math.floor((size - 1) / (options.stride ?? 1)) + 1;
  const output = arena.nhwc(out, out, o, undefined, batch);
  const shape = { offset: 0, batch, height: size, width: size, channels: c, border: same(3) };
  const p: WinogradParams = {
    name: 'wino', m, input: arena.nhwc(size, size, c, winogradReach({ m, stride: options.stride, input: shape, output, padding: { top: 1, left: 1 } }), batch), output,
    padding: { top: 1, left: 1 }, weights: 0, scratch: 0, tileRowsPerChunk: rows, ...options,
  };
  p.weights = arena.put(packWinogradWeights(p, random(o * c * 9, 1)));
  p.bias = arena.put(packBias(random(o, 2), o));
  p.scratch = arena.alloc(winogradScratchBytes(p));
  arena.randomize();
  return { run: instantiate(arena, winogradKernels(p)), flops: winogradDirectFlops(p) };
}

function wasmDepthwise(c: number, size: number, stride: number, options: Partial<DepthwiseParams> = {}) {
  const arena = new Arena();
  const out = Math.floor((size + 2 - 3) / stride) + 1;
  const p: DepthwiseParams = {
    name: 'dw', input: arena.nhwc(size, size, c, same(3)), output: arena.nhwc(out, out, c), kernel: [3, 3], stride: [stride, stride],
    dilation: [1, 1], padding: { top: 1, left: 1 }, weights: 0, ...options,
  };
  p.weights = arena.put(packDepthwiseWeights(p, random(c * 9, 1)));
  p.bias = arena.put(packBias(random(c, 2), c));
  arena.randomize();
  return { run: instantiate(arena, [depthwiseKernel(p)]), flops: depthwiseFlops(p) };
}

function wasmConvTranspose(c: number, o: number, size: number, k: number, stride: number, padding: number, outputPadding: number, options: Partial<ConvTranspose2dParams> = {}) {
  const arena = new Arena();
  const out = (size - 1) * stride - 2 * padding + k + outputPadding;
  const output = arena.nhwc(out, out, o);
  const shape = { offset: 0, batch: 1, height: size, width: size, channels: c, border: { top: 0, bottom: 0, left: 0, right: 0 } };
  const common = { output, kernel: [k, k] as [number, number], stride: [stride, stride] as [number, number], padding: [padding, padding] as [number, number], dilation: [1, 1] as [number, number], groups: 1 };
  const input = arena.nhwc(size, size, c, convTranspose2dReach({ ...common, input: shape }));
  const p: ConvTranspose2dParams = { name: 'up', input, weights: 0, ...common, ...options };
  p.weights = arena.put(packConvTranspose2dWeights(p, random(c * o * k * k, 1)));
  p.bias = arena.put(packBias(random(o, 2), o));
  arena.randomize();
  return { run: instantiate(arena, convTranspose2dKernels(p)), flops: convTranspose2dFlops(p) };
}

/**
 * concat([conv1×1(x), x]) at size², C channels each: 'placement' keeps x in the upper channel slice
 * of the concat buffer (its producer wrote it there) and the convolution reads it there and writes
 * the lower slice; 'copy' convolves into a buffer of its own and copies both halves into the concat.
 */
function wasmConcat(c: number, size: number, how: 'placement' | 'copy') {
  const arena = new Arena();
  const joined = arena.nhwc(size, size, 2 * c);
  const conv = (input: NhwcBuffer, output: NhwcBuffer) => {
    const p: Conv2dParams = { name: 'conv', input, output, kernel: [1, 1], stride: [1, 1], dilation: [1, 1], padding: { top: 0, left: 0 }, groups: 1, weights: 0 };
    p.weights = arena.put(packConv2dWeights(p, random(c * c, 1)));
    p.bias = arena.put(packBias(random(c, 2), c));
    return p;
  };
  if (how === 'placement') {
    const p = conv(channelSlice(joined, c, c), channelSlice(joined, 0, c));
    arena.randomize();
    return { run: instantiate(arena, [conv2dKernel(p)]), flops: conv2dFlops(p) };
  }
  const x = arena.nhwc(size, size, c);
  const y = arena.nhwc(size, size, c);
  const p = conv(x, y);
  arena.randomize();
  const functions = [conv2dKernel(p), copyKernel({ name: 'copy_y', source: y, destination: joined }), copyKernel({ name: 'copy_x', source: x, destination: joined, at: { channel: c } })];
  return { run: instantiate(arena, functions, functions.map((f) => f.name)), flops: conv2dFlops(p) };
}

/**
 * An activation alone over an image, into another buffer ("FLOPs" are elements here). Not in place:
 * applied again and again, gelu and silu halve small values each time, and after a hundred runs the
 * buffer would be denormals, which x86 computes with microcode, a few times slower.
 */
function wasmActivation(c: number, size: number, activation: Activation) {
  const arena = new Arena();
  const input = arena.nhwc(size, size, c);
  const output = arena.nhwc(size, size, c);
  arena.randomize();
  return { run: instantiate(arena, [elementwiseKernel({ name: 'act', op: 'add', a: input, output, activation })]), flops: c * size * size };
}

function convTransposeLayer(c: number, o: number, size: number, k: number, stride: number, padding: number, outputPadding: number): Graph {
  const x = input([1, c, size, size], { name: 'x' }) as never as { convTranspose2d(options: object): never };
  const y = x.convTranspose2d({ outChannels: o, kernelSize: k, stride, padding, outputPadding, name: 'up' });
  return model({ name: 'layer', inputs: { x: x as never }, outputs: { y } }).toIR();
}

function concatLayer(c: number, size: number): Graph {
  const x = input([1, c, size, size], { name: 'x' }) as never as { conv2d(options: object): never };
  const y = concat([x.conv2d({ outChannels: c, kernelSize: 1, name: 'conv' }), x] as never);
  return model({ name: 'layer', inputs: { x: x as never }, outputs: { y } }).toIR();
}

function activationLayer(c: number, size: number, op: string): Graph {
  const x = input([1, c, size, size], { name: 'x' }) as never as Record<string, () => never>;
  return model({ name: 'layer', inputs: { x: x as never }, outputs: { y: x[op]() } }).toIR();
}

// ─── The peers: ONNX Runtime Web and Stride's JavaScript kernels, on the same layer ───

function layer(c: number, o: number, size: number, k: number, stride: number, groups = 1, activation?: 'silu' | 'sigmoid' | 'gelu', batch = 1): Graph {
  const x = input([batch, c, size, size], { name: 'x' }) as never as { conv2d(options: object): Record<string, () => never> };
  const conv = x.conv2d({ outChannels: o, kernelSize: k, stride, padding: (k - 1) / 2, groups, name: 'conv' });
  const y = activation ? conv[activation]() : (conv as never);
  return model({ name: 'layer', inputs: { x: x as never }, outputs: { y } }).toIR();
}

type OrtWeb = typeof import('onnxruntime-web');
let ortModule: OrtWeb | undefined;
async function ort(graph: Graph): Promise<{ run: () => Promise<void>; close: () => Promise<void> }> {
  if (!ortModule) {
    const require = createRequire(import.meta.url);
    ortModule = (await import('onnxruntime-web')) as OrtWeb;
    ortModule.env.wasm.numThreads = 1;
    ortModule.env.wasm.simd = true;
    ortModule.env.wasm.wasmPaths = pathToFileURL(`${dirname(require.resolve('onnxruntime-web'))}/`).href;
  }
  const o = ortModule;
  const session = await o.InferenceSession.create(exportOnnx(graph, seededWeights(graph, 1)), { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
  const shape = graph.nodes[0].shape as number[];
  const data = new Float32Array(shape.reduce((a, b) => a * b, 1)).map((_, i) => Math.sin(i));
  const feeds = { [session.inputNames[0]]: new o.Tensor('float32', data, shape) };
  return {
    run: async () => {
      await session.run(feeds);
    },
    close: () => session.release(),
  };
}

const folder = join(import.meta.dirname, '..', 'node_modules', '.kernels');
async function js(graph: Graph, name: string): Promise<() => void> {
  const program = compileGraph(graph, seededWeights(graph, 1), { target: 'js' });
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `wasm-peer-${name}.mjs`);
  writeFileSync(file, program.source);
  const { forward, prepare, scratch } = (await import(pathToFileURL(file).href)) as Kernels;
  const { w, u } = prepare(program.weights);
  const arena = new Float32Array(program.memory.pools.arena / 4);
  const d = scratch();
  const image = Float32Array.from({ length: program.inputs[0].shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i));
  return () => {
    arena.set(image, program.inputs[0].offset);
    forward(arena, w, d, u);
  };
}

// ─── Cases ───

interface Variant {
  label: string;
  run: () => void | Promise<void>;
  /** Calls per timing sample. */
  inner: number;
}

interface Case {
  name: string;
  /** What the rate counts: floating-point operations (default) or elements. */
  unit?: 'GFLOP/s' | 'Gelem/s';
  target?: number;
  /** Builds the variants when the case runs, so only one case's memory and sessions are alive. */
  make: () => Promise<{ flops: number; variants: Variant[]; close: () => Promise<void> }>;
}

function build(): Case[] {
  const cases: Case[] = [];
  const add = (name: string, target: number | undefined, wasm: () => Array<[string, { run: () => void; flops: number }]>, graph: Graph, inner: number, unit?: Case['unit']) => {
    if (!name.includes(filter)) return;
    cases.push({
      name, target, unit, make: async () => {
        const kernels = wasm();
        const variants: Variant[] = kernels.map(([label, k]) => ({ label, run: k.run, inner }));
        const peer = await ort(graph);
        variants.push({ label: 'ORT Web', run: peer.run, inner: Math.max(1, inner >> 1) });
        variants.push({ label: 'Stride JS', run: await js(graph, name.replace(/[^a-z0-9]+/gi, '-')), inner: 1 });
        return { flops: kernels[0][1].flops, variants, close: peer.close };
      },
    });
  };
  add('1×1 conv 64→256 at 56²', 47, () => [
    ['wasm 2×16', wasmConv(64, 256, 56, 1, 1)],
    ['wasm 4×8', wasmConv(64, 256, 56, 1, 1, { tile: { pixels: 4, channels: 8 } })],
    ...(relaxed ? [['wasm 2×16 relaxed', wasmConv(64, 256, 56, 1, 1, { relaxed: true })] as [string, ReturnType<typeof wasmConv>]] : []),
  ], layer(64, 256, 56, 1, 1), 10);
  add('3×3 conv 64→64 at 56²', 48, () => [
    ['wasm direct 4×8', wasmConv(64, 64, 56, 3, 1)],
    ['wasm direct 2×16', wasmConv(64, 64, 56, 3, 1, { tile: { pixels: 2, channels: 16 } })],
    ['wasm direct 4×8 rows', wasmConv(64, 64, 56, 3, 1, { taps: 'rows' })],
    ['wasm Winograd F(2×2)', wasmWinograd(64, 64, 56, 2)],
    ['wasm Winograd F(4×4)', wasmWinograd(64, 64, 56, 4)],
    ['wasm Winograd F(4×4) 1 row', wasmWinograd(64, 64, 56, 4, 1)],
    ['wasm Winograd F(4×4) 4 rows', wasmWinograd(64, 64, 56, 4, 4)],
    ...(relaxed ? [['wasm direct 4×8 relaxed', wasmConv(64, 64, 56, 3, 1, { relaxed: true })] as [string, ReturnType<typeof wasmConv>]] : []),
  ], layer(64, 64, 56, 3, 1), 5);
  // The cost of a transcendental epilogue: on each accumulator ('inline') or a pass over the stored tile.
  add('1×1 conv 64→256 at 56² + silu', undefined, () => [
    ['wasm 2×16, silu pass', wasmConv(64, 256, 56, 1, 1, { activation: { op: 'silu' }, epilogue: 'pass' })],
    ['wasm 2×16, silu inline', wasmConv(64, 256, 56, 1, 1, { activation: { op: 'silu' }, epilogue: 'inline' })],
    ['wasm 2×16, sigmoid pass', wasmConv(64, 256, 56, 1, 1, { activation: { op: 'sigmoid' }, epilogue: 'pass' })],
    ['wasm 2×16, gelu pass', wasmConv(64, 256, 56, 1, 1, { activation: { op: 'gelu' }, epilogue: 'pass' })],
    ['wasm 2×16, relu', wasmConv(64, 256, 56, 1, 1, { activation: { op: 'relu' } })],
    ['wasm 2×16, no activation', wasmConv(64, 256, 56, 1, 1)],
  ], layer(64, 256, 56, 1, 1, 1, 'silu'), 10);
  add('3×3 conv 64→64 at 56² + silu', undefined, () => [
    ['wasm direct 4×8, silu pass', wasmConv(64, 64, 56, 3, 1, { activation: { op: 'silu' }, epilogue: 'pass' })],
    ['wasm direct 4×8, silu inline', wasmConv(64, 64, 56, 3, 1, { activation: { op: 'silu' }, epilogue: 'inline' })],
    ['wasm direct 4×8, no activation', wasmConv(64, 64, 56, 3, 1)],
    ['wasm F(4×4), silu pass', wasmWinograd(64, 64, 56, 4, undefined, { activation: { op: 'silu' }, epilogue: 'pass' })],
    ['wasm F(4×4), silu inline', wasmWinograd(64, 64, 56, 4, undefined, { activation: { op: 'silu' }, epilogue: 'inline' })],
    ['wasm F(4×4), no activation', wasmWinograd(64, 64, 56, 4)],
  ], layer(64, 64, 56, 3, 1, 1, 'silu'), 5);
  // convTranspose2d by phases: a U-Net's 2×2 stride-2 upsampling (four 1×1 GEMMs) and a decoder's
  // 3×3 stride 2 with output padding (phases of 4, 2, 2 and 1 taps). FLOPs: 2 · the scatter's MACs.
  add('convTranspose2d 2×2/2 64→64, 28² → 56²', undefined, () => [['wasm phases', wasmConvTranspose(64, 64, 28, 2, 2, 0, 0)]], convTransposeLayer(64, 64, 28, 2, 2, 0, 0), 10);
  add('convTranspose2d 3×3/2 64→64, 28² → 56²', undefined, () => [['wasm phases', wasmConvTranspose(64, 64, 28, 3, 2, 1, 1)]], convTransposeLayer(64, 64, 28, 3, 2, 1, 1), 10);
  // concat([conv1×1(x), x]): the convolution writing its slice of the concat vs convolving and copying.
  add('concat([1×1 conv 64→64 (x), x]) at 56²', undefined, () => [
    ['wasm placement', wasmConcat(64, 56, 'placement')],
    ['wasm conv + 2 copies', wasmConcat(64, 56, 'copy')],
  ], concatLayer(64, 56), 10);
  // Activations alone: elements per second (every kernel's epilogue pays this per output).
  for (const op of ['sigmoid', 'silu', 'tanh', 'gelu', 'relu'] as const) {
    add(`${op} over 256 ch at 56²`, undefined, () => [[`wasm ${op}`, wasmActivation(256, 56, { op })]], activationLayer(256, 56, op), 20, 'Gelem/s');
  }
  add('3×3 conv 128→128 at 28²', undefined, () => [
    ['wasm direct 4×8', wasmConv(128, 128, 28, 3, 1)],
    ['wasm Winograd F(4×4)', wasmWinograd(128, 128, 28, 4)],
  ], layer(128, 128, 28, 3, 1), 5);
  // Loop order where the weights outgrow L2 (ResNet's later stages): pixels outermost streams every
  // block's weights once per pixel tile; channels outermost keeps one block's weights in cache.
  for (const [c, o, size, k, stride] of [[128, 128, 28, 3, 1], [64, 128, 56, 3, 2], [128, 256, 28, 3, 2], [256, 256, 14, 3, 1], [256, 512, 14, 3, 2], [512, 512, 7, 3, 1], [256, 512, 14, 1, 2]] as const) {
    add(`order: ${k}×${k}${stride > 1 ? `/${stride}` : ''} conv ${c}→${o} at ${size}²`, undefined, () => [
      ['wasm direct 4×8, pixels outer', wasmConv(c, o, size, k, stride, { tile: { pixels: 4, channels: 8 }, order: 'pixels' })],
      ['wasm direct 4×8, channels outer', wasmConv(c, o, size, k, stride, { tile: { pixels: 4, channels: 8 }, order: 'channels' })],
    ], layer(c, o, size, k, stride), 3);
  }
  // The direct kernel's tile at ResNet-18's 7² and 14² layers, against 4×4 (which won Winograd's
  // GEMMs over one image of 4 tiles in 'gemm tile'; kernels/winograd.ts `defaultGemmTile`).
  for (const [c, o, size, k, stride] of [[256, 512, 14, 3, 2], [256, 512, 14, 1, 2], [128, 256, 28, 1, 2], [512, 512, 7, 3, 1]] as const) {
    add(`direct tile: ${k}×${k}${stride > 1 ? `/${stride}` : ''} conv ${c}→${o} at ${size}²`, undefined, () => [
      ['wasm 4×8, channels outer', wasmConv(c, o, size, k, stride, { tile: { pixels: 4, channels: 8 }, order: 'channels' })],
      ['wasm 2×16, channels outer', wasmConv(c, o, size, k, stride, { tile: { pixels: 2, channels: 16 }, order: 'channels' })],
      ['wasm 4×4, channels outer', wasmConv(c, o, size, k, stride, { tile: { pixels: 4, channels: 4 }, order: 'channels' })],
      ['wasm 4×4, pixels outer', wasmConv(c, o, size, k, stride, { tile: { pixels: 4, channels: 4 }, order: 'pixels' })],
    ], layer(c, o, size, k, stride), 3);
  }
  // Winograd where an image has few tiles (ResNet's 7² and 14² stages): chunks of whole images, one
  // GEMM over all their tiles, and the GEMM's loop order, against the direct kernel; batch 1 and 8.
  for (const [c, size, batch] of [[512, 7, 1], [512, 7, 8], [256, 14, 1], [256, 14, 8]] as const) {
    const direct = directOrderOf(c, size, batch);
    const images = (m: number) => Math.max(1, defaultImagesPerChunk(batch, Math.ceil(size / m) ** 2));
    add(`batch: 3×3 conv ${c}→${c} at ${size}², batch ${batch}`, undefined, () => [
      [`wasm direct 4×8, ${direct} outer`, wasmConv(c, c, size, 3, 1, { tile: { pixels: 4, channels: 8 }, order: direct }, batch)],
      ['wasm F(2×2) tile rows', wasmWinograd(c, c, size, 2, undefined, { imagesPerChunk: 0 }, batch)],
      [`wasm F(2×2) ${images(2)} image(s), pixels outer`, wasmWinograd(c, c, size, 2, undefined, { imagesPerChunk: images(2), gemmOrder: 'pixels' }, batch)],
      [`wasm F(2×2) ${images(2)} image(s), channels outer`, wasmWinograd(c, c, size, 2, undefined, { imagesPerChunk: images(2), gemmOrder: 'channels' }, batch)],
      ...(batch > 1 ? [['wasm F(2×2) 1 image, channels outer', wasmWinograd(c, c, size, 2, undefined, { imagesPerChunk: 1, gemmOrder: 'channels' }, batch)],
        [`wasm F(2×2) ${batch} images, channels outer`, wasmWinograd(c, c, size, 2, undefined, { imagesPerChunk: batch, gemmOrder: 'channels' }, batch)]] as Array<[string, ReturnType<typeof wasmConv>]> : []),
      [`wasm F(4×4) ${images(4)} image(s), channels outer`, wasmWinograd(c, c, size, 4, undefined, { imagesPerChunk: images(4), gemmOrder: 'channels' }, batch)],
    ], layer(c, c, size, 3, 1, 1, undefined, batch), 2);
  }
  // The GEMM tile of one-image Winograd layers (ResNet-18's 14² and 7² stages at batch 1): its
  // stage-2 GEMMs run over 49, 16 or 4 tiles, a few pixel tiles per filter block.
  for (const [c, size, m] of [[512, 7, 2], [256, 14, 2], [128, 28, 4], [64, 56, 4], [256, 14, 3], [512, 7, 4], [512, 8, 4], [256, 7, 4], [128, 8, 4]] as const) {
    add(`gemm tile: F(${m}×${m}) ${c}→${c} at ${size}²`, undefined, () => [
      ['wasm 4×8', wasmWinograd(c, c, size, m, undefined, { imagesPerChunk: 1, gemmTile: { pixels: 4, channels: 8 } })],
      ['wasm 2×16', wasmWinograd(c, c, size, m, undefined, { imagesPerChunk: 1, gemmTile: { pixels: 2, channels: 16 } })],
      ['wasm 3×8', wasmWinograd(c, c, size, m, undefined, { imagesPerChunk: 1, gemmTile: { pixels: 3, channels: 8 } })],
      ['wasm 4×4', wasmWinograd(c, c, size, m, undefined, { imagesPerChunk: 1, gemmTile: { pixels: 4, channels: 4 } })],
      ['wasm 8×4', wasmWinograd(c, c, size, m, undefined, { imagesPerChunk: 1, gemmTile: { pixels: 8, channels: 4 } })],
      ['wasm 1×16', wasmWinograd(c, c, size, m, undefined, { imagesPerChunk: 1, gemmTile: { pixels: 1, channels: 16 } })],
    ], layer(c, c, size, 3, 1), 3);
  }
  // The GEMM tile of stride-2 Winograd (ResNet-18's 3×3/2 layers at 28² and 14² outputs).
  for (const [c, o, size] of [[64, 128, 56], [128, 256, 28]] as const) {
    add(`stride 2 tile: F(2×2)/2 ${c}→${o} at ${size}²`, undefined, () => [
      ['wasm 2×16', wasmWinograd(c, o, size, 2, undefined, { stride: 2, gemmTile: { pixels: 2, channels: 16 } })],
      ['wasm 4×8', wasmWinograd(c, o, size, 2, undefined, { stride: 2, gemmTile: { pixels: 4, channels: 8 } })],
      ['wasm 4×4', wasmWinograd(c, o, size, 2, undefined, { stride: 2, gemmTile: { pixels: 4, channels: 4 } })],
    ], layer(c, o, size, 3, 2), 3);
  }
  // Winograd at stride 2 (ResNet-18's 3×3/2 layers; emit/wasm/registry.ts chooses F(2×2)/2 where a
  // chunk holds 32 tiles) against the direct kernel in both loop orders.
  for (const [c, o, size] of [[64, 128, 56], [128, 256, 28], [256, 512, 14]] as const) {
    add(`stride 2: 3×3/2 conv ${c}→${o} at ${size}²`, undefined, () => [
      ['wasm direct 4×8, pixels outer', wasmConv(c, o, size, 3, 2, { tile: { pixels: 4, channels: 8 }, order: 'pixels' })],
      ['wasm direct 4×8, channels outer', wasmConv(c, o, size, 3, 2, { tile: { pixels: 4, channels: 8 }, order: 'channels' })],
      ['wasm F(2×2)/2', wasmWinograd(c, o, size, 2, undefined, { stride: 2 })],
      ['wasm F(4×4)/2', wasmWinograd(c, o, size, 4, undefined, { stride: 2 })],
    ], layer(c, o, size, 3, 2), 3);
  }
  // The Winograd tile between F(2×2) and F(4×4) where an image has few tiles (emit/wasm/registry.ts
  // takes F(3×3) at ResNet-18's 14² stage): the registry's chunking for each.
  for (const [c, size] of [[256, 14], [512, 13], [64, 13], [512, 7], [128, 27]] as const) {
    add(`winograd tile: 3×3 conv ${c}→${c} at ${size}²`, undefined, () => [
      ['wasm F(2×2)', wasmWinograd(c, c, size, 2)],
      ['wasm F(3×3)', wasmWinograd(c, c, size, 3)],
      ['wasm F(4×4)', wasmWinograd(c, c, size, 4)],
    ], layer(c, c, size, 3, 1), 3);
  }
  // LeNet-5's conv1 (1→6, 5×5): one input channel, so each tap's k-loop has one step.
  add('lenet: 5×5 conv 1→6 at 32², batch 8', undefined, () => [
    ['wasm direct 4×8 taps', wasmConv(1, 6, 32, 5, 1, { tile: { pixels: 4, channels: 8 } }, 8)],
    ['wasm direct 4×8 rows', wasmConv(1, 6, 32, 5, 1, { tile: { pixels: 4, channels: 8 }, taps: 'rows' }, 8)],
    ['wasm direct 8×8 rows', wasmConv(1, 6, 32, 5, 1, { tile: { pixels: 8, channels: 8 }, taps: 'rows' }, 8)],
    ['wasm direct 6×8 rows', wasmConv(1, 6, 32, 5, 1, { tile: { pixels: 6, channels: 8 }, taps: 'rows' }, 8)],
    ['wasm direct 6×8 taps', wasmConv(1, 6, 32, 5, 1, { tile: { pixels: 6, channels: 8 } }, 8)],
  ], layer(1, 6, 32, 5, 1, 1, undefined, 8), 20);
  add('7×7/2 conv 3→64 at 224²', undefined, () => [
    ['wasm direct 4×8', wasmConv(3, 64, 224, 7, 2)],
    ['wasm direct 4×8 rows', wasmConv(3, 64, 224, 7, 2, { taps: 'rows' })],
  ], layer(3, 64, 224, 7, 2), 3);
  add('depthwise 3×3 144 ch at 56², stride 1', 30, () => [
    ['wasm 4 px', wasmDepthwise(144, 56, 1)],
    ['wasm 2 px', wasmDepthwise(144, 56, 1, { pixels: 2 })],
    ['wasm 4 px, pixels inner', wasmDepthwise(144, 56, 1, { order: 'pixels' })],
  ], layer(144, 144, 56, 3, 1, 144), 20);
  add('depthwise 3×3 144 ch at 56², stride 1 + silu', undefined, () => [
    ['wasm 4 px, silu pass', wasmDepthwise(144, 56, 1, { activation: { op: 'silu' }, epilogue: 'pass' })],
    ['wasm 4 px, silu inline', wasmDepthwise(144, 56, 1, { activation: { op: 'silu' }, epilogue: 'inline' })],
    ['wasm 4 px, no activation', wasmDepthwise(144, 56, 1)],
  ], layer(144, 144, 56, 3, 1, 144, 'silu'), 20);
  add('depthwise 3×3 144 ch at 56², stride 2', 22, () => [
    ['wasm 2 px', wasmDepthwise(144, 56, 2)],
    ['wasm 4 px', wasmDepthwise(144, 56, 2, { pixels: 4 })],
  ], layer(144, 144, 56, 3, 2, 144), 40);
  return cases;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const cases = build();
const gc = (globalThis as { gc?: () => void }).gc;
console.log(`relaxed SIMD ${relaxed ? 'available' : 'not available (run node with --experimental-wasm-relaxed-simd)'}; ${rounds} interleaved rounds`);
for (const c of cases) {
  const { flops, variants, close } = await c.make();
  const times = variants.map(() => [] as number[]);
  // Warm-up: past Liftoff into TurboFan (tier-up is per function, after enough calls).
  for (const v of variants) for (let i = 0; i < 30; i++) await v.run();
  for (let round = 0; round < rounds; round++) {
    for (const [index, v] of variants.entries()) {
      // The peers allocate per run (ORT copies its output out, the JS executor's scratch); collect
      // before each sample so no engine pays for another's garbage (run node with --expose-gc).
      gc?.();
      const start = performance.now();
      for (let i = 0; i < v.inner; i++) await v.run();
      times[index].push((performance.now() - start) / v.inner);
    }
  }
  const unit = c.unit ?? 'GFLOP/s';
  console.log(`\n${c.name}: ${(flops / 1e6).toFixed(unit === 'GFLOP/s' ? 0 : 2)} ${unit === 'GFLOP/s' ? 'MFLOP' : 'M elements'}${c.target ? `, issue 14's target ${c.target} GFLOP/s` : ''}`);
  const ortMs = median(times[variants.findIndex((v) => v.label === 'ORT Web')]);
  variants.forEach((v, index) => {
    const ms = median(times[index]);
    console.log(`  ${v.label.padEnd(30)} ${ms.toFixed(3).padStart(8)} ms ${(flops / ms / 1e6).toFixed(unit === 'GFLOP/s' ? 1 : 2).padStart(7)} ${unit}   ×${(ortMs / ms).toFixed(2)} ORT Web`);
  });
  await close();
}
