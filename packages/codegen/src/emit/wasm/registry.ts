/**
 * The wasm target's explicit registry: for every step kind, how its kernel is chosen (and which
 * border each read needs), how its weights are laid out, and which kernel functions it emits. A
 * mapped type over the step kinds: a new kind does not compile until it is here.
 *
 * `params` builds a kernel's parameters from buffers and addresses; packing calls it with buffers
 * placed at 0 (a packed layout depends on shapes and tiles, never on addresses), emission with the
 * real ones, so both read one description.
 */
import { elementCount } from '@stride/dsl';
import type { Activation as StepActivation, Step, StepKind, StepOf, Value } from '../../plan/program.js';
import { bufferAt, layoutBytes, view4, type View4 } from './layout.js';
import { concatInputs } from '../../plan/operands.js';
import type { FunctionBuilder } from './encoder.js';
import { noBorder, stridesOf, type Border, type NhwcBuffer } from './kernels/buffer.js';
import { cachedFilterBytes, conv2dKernel, conv2dRowsSplit, packBias, packConv2dWeights, type Conv2dParams } from './kernels/conv2d.js';
import { fewUnits } from './threads.js';
import { depthwiseKernel, packDepthwiseWeights, type DepthwiseParams } from './kernels/depthwise.js';
import { adaptiveAvgPool2dKernel } from './kernels/pool2d.js';
import { affineKernel, packAffine } from './kernels/affine.js';
import { convTranspose2dGatherKernel, convTranspose2dKernels, convTranspose2dReach, packConvTranspose2dWeights, type ConvTranspose2dParams } from './kernels/convTranspose2d.js';
import { copyKernel } from './kernels/copy.js';
import { elementwiseKernel } from './kernels/elementwise.js';
import { relayoutKernel } from './kernels/relayout.js';
import { softmaxKernel } from './kernels/softmax.js';
import { meanKernel } from './kernels/mean.js';
import { meanRuns } from '../../plan/mean.js';
import { normalizeRowsKernel, packRowLanes } from './kernels/normalize.js';
import { gatherByteTables, gatherKernel, packGatherTables } from './kernels/gather.js';
import { packResampleTable, resampleKernel, upsampleKernel } from './kernels/upsample.js';
import { integerNearest, upsampleTapsOf } from '../../plan/upsample.js';
import type { Activation } from './kernels/epilogue.js';
import { linearKernel, packLinearWeights, type LinearParams } from './kernels/linear.js';
import { globalAvgPoolKernel, packAvgPool2dCounts, pool2dKernel, pool2dReach, type Pool2dParams } from './kernels/pool2d.js';
import { defaultImagesPerChunk, winogradChunks, winogradGemmBlockLanes, winogradKernels, winogradWeightsLength, winogradReach, winogradScratchBytes, type WinogradParams } from './kernels/winograd.js';
import { memory, type WasmKernel } from './kernel.js';

/** What packing and emission know of a step's surroundings. */
export interface KernelContext {
  /** A unique prefix for the step's function names. */
  name: string;
  /** The buffer a read slot reads (through a view, its source's buffer). */
  read(slot: string): NhwcBuffer;
  output: NhwcBuffer;
  /** Byte address of a weight slot's runtime data, or of a temporary. */
  weight(slot: string): number;
  temporary(slot: string): number;
  /** A weight slot's data (after batch-norm folding), for kernels that pack several slots together. */
  data(slot: string): Float32Array;
}

/** A weight as the kernel reads it: packed at build time, or `expand`ed at load from what ships. */
export interface PackedWeight {
  stored: Float32Array;
  runtimeLength: number;
  /** Winograd filters: the bundle ships PyTorch's 3×3 filters and the module expands them at load; `args`: [the GEMM's block lanes Q]. */
  expand?: { helper: 'winogradFilters'; args: number[] };
}

/** What a kernel choice may ask of the rest of the program. */
export interface ChoiceContext {
  weight(slot: string): Float32Array;
  /** The kinds of the steps reading a value, and whether it is a graph output. */
  readers(value: Value): { kinds: StepKind[]; output: boolean };
}

/**
 * A step's code: the functions its step function calls in order (`calls`), and every function they
 * need (`functions`: the calls and, say, Winograd's stages, which its driver calls).
 */
export interface Emitted {
  calls: FunctionBuilder[];
  functions: FunctionBuilder[];
}

/** One kernel function, or a driver (the first) with the functions it calls. */
const entry = (functions: FunctionBuilder[]): Emitted => ({ calls: functions.slice(0, 1), functions });
/** Functions run one after another. */
const sequence = (functions: FunctionBuilder[]): Emitted => ({ calls: functions, functions });

export interface WasmKernelKind<Kind extends StepKind> {
  choose(step: StepOf<Kind>, context: ChoiceContext): WasmKernel;
  pack?(step: StepOf<Kind>, choice: WasmKernel, slot: string, raw: Float32Array, context: KernelContext): PackedWeight;
  /** Data the kernel reads that the compiler computes from shapes (an average pool's divisors), by slot; shipped with the weights. */
  constants?(step: StepOf<Kind>, choice: WasmKernel, context: KernelContext): Record<string, Float32Array>;
  /**
   * Tables the kernel reads that the compiler computes from shapes alone (upsampling's source taps),
   * by slot: baked into the module as data segments after the weights, so they ship as the exact
   * bytes written here (never rounded to float16 with the weights) and `context.weight(slot)` is
   * their address.
   */
  tables?(step: StepOf<Kind>, choice: WasmKernel, context: KernelContext): Record<string, Uint8Array>;
  emit(step: StepOf<Kind>, choice: WasmKernel, context: KernelContext): Emitted;
}

const unsupported = (kind: string) => (): never => {
  throw new Error(`codegen: the wasm target has no ${kind} kernel yet; build this network with --target js`);
};

/** A step's activation as the wasm epilogue names it. */
export function wasmActivation(activation: StepActivation | undefined): Activation | undefined {
  if (!activation) return undefined;
  if (activation.op === 'leakyRelu') return { op: 'leakyRelu', slope: activation.slope ?? 0.01 };
  if (activation.op === 'elu') return { op: 'elu', alpha: activation.alpha ?? 1 };
  if (activation.op === 'clamp') return { op: 'clamp', min: activation.min ?? null, max: activation.max ?? null };
  return { op: activation.op };
}

const bias = (step: { weights: object }, context: KernelContext) => ('bias' in step.weights && step.weights.bias ? context.weight('bias') : undefined);
const residual = (step: { reads: object }, context: KernelContext) => ('residual' in step.reads && step.reads.residual ? context.read('residual') : undefined);

/** How far a window of `kernel` taps, `stride` apart, starting `before` outside, reaches past `size` on the far side. */
function overhang(outSize: number, inSize: number, kernel: number, stride: number, dilation: number, before: number): number {
  return Math.max(0, (outSize - 1) * stride - before + (kernel - 1) * dilation + 1 - inSize);
}

/** The input border a sliding window over the padded input reads. */
function windowReach(step: StepOf<'conv2d'>): Border {
  const [, , height, width] = step.reads.input.shape;
  const [, , outHeight, outWidth] = step.output.shape;
  const { kernelSize: [kh, kw], stride: [sh, sw], dilation: [dh, dw], padding } = step.attrs;
  return {
    top: padding.top, left: padding.left,
    bottom: overhang(outHeight, height, kh, sh, dh, padding.top), right: overhang(outWidth, width, kw, sw, dw, padding.left),
  };
}

function conv2dParams(step: StepOf<'conv2d'>, choice: WasmKernel, context: KernelContext): Conv2dParams {
  const { kernelSize, stride, dilation, padding, groups } = step.attrs;
  const direct = choice.conv?.family === 'direct' ? choice.conv : undefined;
  return {
    ...(direct?.tile ? { tile: direct.tile } : {}),
    ...(direct?.order ? { order: direct.order } : {}),
    name: context.name, input: context.read('input'), output: context.output, kernel: kernelSize, stride, dilation,
    padding: { top: padding.top, left: padding.left }, groups, weights: context.weight('weight'), bias: bias(step, context),
    residual: residual(step, context), activation: wasmActivation(step.activation),
    ...(rowTaps(step) ? { taps: 'rows' as const } : {}),
  };
}

/**
 * A few-channel stem reads whole window rows (one k-loop of kw · lanes(C) steps per filter row)
 * rather than one k-loop of C steps per tap; the zero lanes past C cost multiplies. With 3 input
 * channels (a quarter of the lanes wasted) rows measured 13.4 against 14.7 ms (7×7/2 3→64 at 224²);
 * with one (three quarters wasted) 0.47 against 0.081 ms (LeNet-5's conv1 1→6 5×5 at batch 8,
 * bench/kernels/wasm.ts 'lenet:').
 */
export function rowTaps(step: StepOf<'conv2d'>): boolean {
  const { kernelSize, groups, dilation, inChannels } = step.attrs;
  return kernelSize[0] * kernelSize[1] > 1 && groups === 1 && dilation[1] === 1 && inChannels >= 3 && inChannels <= 8;
}

/**
 * Whether a step reads `value` as a stem that walks window rows float by float (direct, `taps:
 * 'rows'`, zero padding), so that the value may be stored packed — C floats per pixel, no padding
 * lane (kernels/buffer.ts) — when every reader does. A 7×7/2 stem on 3 channels then skips the
 * quarter of its multiply-adds that were by zero lanes.
 */
export function readsPacked(step: Step, choice: WasmKernel, value: Value): boolean {
  return step.kind === 'conv2d' && choice.conv?.family === 'direct' && step.reads.input.id === value.id && step.reads.residual?.id !== value.id
    && step.attrs.paddingMode === 'zeros' && rowTaps(step) && step.attrs.inChannels % 4 !== 0;
}

function depthwiseParams(step: StepOf<'conv2d'>, context: KernelContext): DepthwiseParams {
  const { kernelSize, stride, dilation, padding } = step.attrs;
  return {
    name: context.name, input: context.read('input'), output: context.output, kernel: kernelSize, stride, dilation,
    padding: { top: padding.top, left: padding.left }, weights: context.weight('weight'), bias: bias(step, context),
    residual: residual(step, context), activation: wasmActivation(step.activation),
  };
}

function winogradParams(step: StepOf<'conv2d'>, choice: WasmKernel, context: KernelContext): WinogradParams {
  const { padding } = step.attrs;
  return {
    name: context.name, m: (choice.conv as { m: 2 | 3 | 4 }).m, ...winogradShape(step), input: context.read('input'), output: context.output,
    padding: { top: padding.top, left: padding.left }, weights: context.weight('weight'), bias: bias(step, context),
    residual: residual(step, context), activation: wasmActivation(step.activation), scratch: context.temporary('scratch'),
  };
}

/** The taps and stride a Winograd step's params carry (the defaults, 3 and 1, left out). */
function winogradShape(step: StepOf<'conv2d'>): Pick<WinogradParams, 'kernel' | 'stride'> {
  const { kernelSize: [r], stride: [s] } = step.attrs;
  return { ...(r !== 3 ? { kernel: r } : {}), ...(s !== 1 ? { stride: s as 2 } : {}) };
}

/** Buffers at address 0 with the step's shapes, for sizing scratch before anything is placed. */
function shapedAtZero(step: StepOf<'conv2d'>, border: Border): { input: NhwcBuffer; output: NhwcBuffer } {
  const [batch, channels, height, width] = step.reads.input.shape;
  const [, outChannels, outHeight, outWidth] = step.output.shape;
  return {
    input: { offset: 0, batch, channels, height, width, border },
    output: { offset: 0, batch, channels: outChannels, height: outHeight, width: outWidth, border: noBorder },
  };
}

/**
 * conv2d: depthwise layers get the depthwise kernel; dense 3×3 layers of stride 1 or 2 get Winograd
 * where enough output tiles share each transformed filter, the rest the register-blocked direct
 * kernel (a GEMM for 1×1). Winograd needs finite weights (its transforms mix every tap).
 *
 * Measured on this target (bench/kernels/wasm.ts, Node 20, one thread; GFLOP/s of the direct
 * convolution's FLOPs, a loaded machine, so the ratios are what carries over):
 *
 *   3×3 128→128 at 28²   direct 4×8 27   F(2×2) 55   F(4×4) 61
 *   3×3/2 128→256 at 28² direct 4×8 25   2×16 24;   7×7/2 stem 3→64: 4×8 rows 23, 2×16 rows 24
 *
 * and with chunks of whole images where an image has few tiles (kernels/winograd.ts, 'batch:' cases):
 *
 *   3×3 256→256 at 14²   batch 1: direct 33   F(2×2) 94   F(4×4) 80;   batch 8: 32, 72, 67
 *   3×3 512→512 at 7²    batch 1: direct 13   F(2×2) 20   F(4×4) 22;   batch 8: 16, 24, 52
 *
 * Winograd's GEMMs read (m + 2)² transformed filter blocks once per chunk of tiles: a chunk of few
 * tiles (7×7 has four of 4×4) reads more bytes than direct convolution's whole work. F(4×4) where a
 * chunk holds 32 of its tiles or more, else F(2×2) where it holds 16.
 *
 * F(3×3) (25 products for 9 outputs: 2.78 per output against F(2×2)'s 4) fits 14² and 13² images
 * with less overhang than F(4×4). Each kernel alone, one image (bench/kernels/wasm.ts 'winograd
 * tile', F(2×2), F(3×3), F(4×4) in ms): 256→256 at 14² 2.24, 1.90, 2.08; 512→512 at 13² 9.02, 7.75,
 * 8.62; 64→64 at 13² 0.151, 0.140, 0.135. But where F(2×2)'s 16 filter blocks fit in L2 it runs in chunks of one tile row,
 * which split between threads better than F(3×3)'s one chunk by channel blocks: with F(3×3)
 * SqueezeNet's 13² layers (64→256, 1 MB) and cifar-vgg's 16² ones took the whole network ×0.99 and
 * ×0.985–0.996 on two threads (×1.03 and ×1.00 on one). So F(3×3) where a chunk holds 24 of its
 * tiles and F(2×2)'s filters would not fit in L2 either: ResNet-18's 14² stage, the whole network
 * ×1.026–1.033 on one thread and ×1.030–1.032 on two.
 *
 * On one image of few tiles the counts of products per input and output channel, tiles × (m + 2)²,
 * decide it where they differ by much: at 7² F(4×4) takes 4 × 36 = 144, F(3×3) 9 × 25 = 225 and
 * F(2×2) 16 × 16 = 256, and despite reading 36 filter blocks (38 MB for 512→512) against 16 it ran
 * ResNet-18's 7² layers faster: 3.26 against 3.56 ms each alone, the whole network ×1.015–1.026 on
 * one thread and ×1.016–1.020 on two (interleaved; 1, 2 and 3 threads bit-identical). At 14² and
 * 13² F(4×4)'s 576 against F(3×3)'s 625 did not pay for its 36 blocks against 25 (above). So F(4×4)
 * where its products are at most 3/4 of F(3×3)'s and the filters are past L2.
 *
 * At stride 2 a filter is 25 blocks (F(2×2)) or 81 (F(4×4)) for its 9 taps. ResNet-18's 3×3/2
 * layers, batch 1 (bench/kernels/steps.ts; direct, F(2×2)/2, F(4×4)/2 in ms, one thread):
 *
 *   64→128 at 28²:  2.39  1.74  1.69     128→256 at 14²: 2.45  1.76  2.49     256→512 at 7²: 2.59  2.83  3.04
 *
 * and at batch 8: 18.9 → 14.8 ms, 20.3 → 14.1, 19.9 → 19.6 with F(2×2)/2. Each kernel alone
 * (bench/kernels/wasm.ts 'stride 2', best loop order for direct): 2.46, 1.91, 1.78 at 28²; 2.52, 1.86,
 * 2.63 at 14²; 2.70, 3.06, 3.40 at 7². F(4×4)/2's one chunk of
 * 28² (49 tiles, 2.65 MB of filters) splits by channel blocks, each thread reading all of V, and
 * took the whole network on two threads ×0.98 of F(2×2)/2's chunks of tile rows. So F(2×2) where a
 * chunk holds 32 of its tiles or more: the whole network ×1.036 on one thread and ×1.028 on two
 * (interleaved, outputs of 1 and 2 threads bit-identical). (A 7×7/2 stem as F(4×4, 7×7/2) through
 * the same GEMMs took 7.7 ms against direct's 4.8: with 3 input channels the GEMMs are all overhead.)
 */
function chooseConv2d(step: StepOf<'conv2d'>, weight: Float32Array): WasmKernel {
  const { groups, inChannels, outChannels, kernelSize: [kh, kw], stride: [sh, sw], dilation: [dh, dw], paddingMode, padding } = step.attrs;
  // PyTorch pads reflect / replicate / circular first: the border is filled from the interior.
  const fill = paddingMode === 'zeros' ? { value: 0 } : { mode: paddingMode };
  const [batch, , outHeight, outWidth] = step.output.shape;
  if (groups === inChannels && groups === outChannels) {
    return { kernel: 'conv2d/depthwise', temporaries: {}, conv: { family: 'depthwise' }, reach: { input: { border: windowReach(step), fill } } };
  }
  // The tiles one GEMM runs over: whole images where an image has few (defaultImagesPerChunk), else
  // tile rows of about 32. (A few-tile image whose filters fit in L2 then runs in chunks of one tile
  // row, kernels/conv2d.ts `cachedFilterBytes`; m is chosen by the whole image's tiles all the same.)
  const chunkTiles = (m: number) => {
    const tiles = Math.ceil(outHeight / m) * Math.ceil(outWidth / m);
    const images = defaultImagesPerChunk(batch, tiles);
    return images ? images * tiles : 32;
  };
  // At stride 2 F(2×2) only, where 32 tiles share its 25 filter blocks (see above).
  // F(3×3) only where F(2×2)'s 16 filter blocks would not fit in L2 either (see above).
  // On one image of few tiles, F(4×4) where its products are at most 3/4 of F(3×3)'s (see above).
  const wide = 4 * 16 * inChannels * outChannels > cachedFilterBytes;
  const products = (m: number) => Math.ceil(outHeight / m) * Math.ceil(outWidth / m) * (m + 2) ** 2;
  const m = sh === 2 ? (chunkTiles(2) >= 32 ? 2 : undefined)
    : chunkTiles(4) >= 32 || (wide && 4 * products(4) <= 3 * products(3)) ? 4 : wide && chunkTiles(3) >= 24 ? 3 : chunkTiles(2) >= 16 ? 2 : undefined;
  // Winograd's edge tiles read past the padding (their extra outputs are dropped), so only zeros there.
  if (m && paddingMode === 'zeros' && groups === 1 && kh === 3 && kw === 3 && sh === sw && sh <= 2 && dh === 1 && dw === 1 && inChannels >= 16 && weight.every(Number.isFinite)) {
    const shape = winogradShape(step);
    const shapes = shapedAtZero(step, noBorder);
    const border = winogradReach({ m, ...shape, input: shapes.input, output: shapes.output, padding: { top: padding.top, left: padding.left } });
    const sizing: WinogradParams = { name: 'size', m, ...shape, ...shapedAtZero(step, border), padding: { top: padding.top, left: padding.left }, weights: 0, scratch: 0 };
    return {
      kernel: `conv2d/winograd-${m}x${m}${sh === 2 ? '-s2' : ''}`, conv: { family: 'winograd', m, chunks: winogradChunks(sizing) }, reach: { input: { border, fill } },
      temporaries: { scratch: { bytes: winogradScratchBytes(sizing), pool: memory } },
    };
  }
  // A 4×8 tile (4 pixels × 8 channels, 8 accumulators) everywhere: 2×16 ties it on most layers and
  // falls to half its speed on some (1×1 16→96 at 112²: 16 against 36 GFLOP/s; 960→160 at 7²: 16
  // against 34), and larger tiles spill (6×8, 4×12, 3×16: 23–26 against 40 at 7² 512→512). The
  // few-channel stem reads whole window rows and prefers 2×16 (7×7/2 3→64: 24 against 23) when it
  // has 16 output channels or more.
  // With fewer than 16 output channels a 2×16 tile is one narrow tail block of 2×8: four
  // accumulators for two splats and two weight loads. LeNet-5's conv1 (1→6, 5×5 at 28²) took 1.2–1.7×
  // as long with it as with 4×8 (batch 8, bench/kernels/steps.ts, interleaved runs).
  const stem = kh * kw > 1 && inChannels <= 8 && outChannels >= 16;
  const tile = stem ? { pixels: 2, channels: 16 } : { pixels: 4, channels: 8 };
  return {
    kernel: kh * kw === 1 ? 'conv2d/gemm' : 'conv2d/direct', temporaries: {}, reach: { input: { border: windowReach(step), fill } },
    conv: { family: 'direct', tile, order: directOrder(step, tile) },
  };
}

/** Bytes of weights past which they no longer stay in a core's L2 (1 MB on Zen 4, 1.25–2 MB on recent Intel cores). */
const cachedWeightBytes = 1 << 20;

/**
 * Which loop runs outermost in the direct kernel. Pixels outermost reads every block's weights once
 * per pixel tile; channels outermost reads the input once per channel block. Whichever is smaller
 * stays in cache across the other loop, so while the weights fit in L2 pixels outermost costs
 * nothing (and measured 2–14 % faster on 56² layers); past that the kernel would stream all its
 * weights from memory per tile, as ResNet's last stage does (512→512 at 7²: 9.4 MB of weights × 14
 * tiles). Measured interleaved (bench/kernels/wasm.ts 'order'): channels outermost 2.0× faster for
 * 3×3 512→512 at 7², 1.3× for 3×3/2 128→256 at 28², 2–14 % slower for the layers whose weights fit.
 */
function directOrder(step: StepOf<'conv2d'>, tile: { pixels: number; channels: number }): 'pixels' | 'channels' {
  const { inChannels, outChannels, groups, kernelSize: [kh, kw] } = step.attrs;
  const weightBytes = 4 * outChannels * (inChannels / groups) * kh * kw;
  if (weightBytes <= cachedWeightBytes) return 'pixels';
  const [batch, , height, width] = step.output.shape;
  const pixelTiles = batch * height * Math.ceil(width / tile.pixels);
  const [, , inHeight, inWidth] = step.reads.input.shape;
  const inputBytes = 4 * batch * inChannels * inHeight * inWidth;
  const blocks = Math.ceil(outChannels / tile.channels);
  return weightBytes * pixelTiles > inputBytes * blocks ? 'channels' : 'pixels';
}

function linearParams(step: StepOf<'linear'>, choice: WasmKernel, context: KernelContext): LinearParams {
  const common = { name: context.name, weights: context.weight('weight'), bias: bias(step, context), activation: wasmActivation(step.activation) };
  if (choice.kernel === 'linear/gemm') return { ...common, input: context.read('input'), output: context.output };
  const rows = elementCount(step.reads.input.shape) / step.attrs.inFeatures;
  return {
    ...common,
    input: bufferAt(context.temporary('rows'), { view: { batch: rows, channels: step.attrs.inFeatures, height: 1, width: 1 }, border: noBorder }),
    output: bufferAt(context.temporary('products'), { view: { batch: rows, channels: step.attrs.outFeatures, height: 1, width: 1 }, border: noBorder }),
  };
}

function poolParams(step: StepOf<'maxPool2d'> | StepOf<'avgPool2d'>, context: KernelContext): Pool2dParams {
  const { kernelSize, stride, padding } = step.attrs;
  return {
    name: context.name, kind: step.kind === 'maxPool2d' ? 'max' : 'avg', input: context.read('input'), output: context.output,
    kernel: kernelSize, stride, ...(step.kind === 'maxPool2d' ? { dilation: step.attrs.dilation } : {}), padding: { top: padding[0], left: padding[1] },
    ...(step.kind === 'avgPool2d' ? { counts: context.weight('counts') } : {}),
  };
}

function choosePool(step: StepOf<'maxPool2d'> | StepOf<'avgPool2d'>): WasmKernel {
  const [batch, channels, height, width] = step.reads.input.shape;
  const [, , outHeight, outWidth] = step.output.shape;
  const { kernelSize, stride, padding } = step.attrs;
  const dilation = step.kind === 'maxPool2d' ? step.attrs.dilation : [1, 1] as [number, number];
  const border = pool2dReach({
    input: { offset: 0, batch, channels, height, width, border: noBorder }, output: { offset: 0, batch, channels, height: outHeight, width: outWidth, border: noBorder },
    kernel: kernelSize, stride, dilation, padding: { top: padding[0], left: padding[1] },
  });
  return { kernel: `${step.kind}/window`, temporaries: {}, reach: { input: { border, fill: { value: step.kind === 'maxPool2d' ? -Infinity : 0 } } } };
}

const none = (kernel: string): (() => WasmKernel) => () => ({ kernel, temporaries: {} });

export const kernels: { [Kind in StepKind]: WasmKernelKind<Kind> } = {
  conv2d: {
    choose: (step, context) => chooseConv2d(step, context.weight('weight')),
    pack(step, choice, slot, raw, context) {
      const channels = step.output.shape[1];
      if (slot === 'bias') return { stored: packBias(raw, channels), runtimeLength: packBias(raw, channels).length };
      if (choice.conv!.family === 'depthwise') return packed(packDepthwiseWeights(depthwiseParams(step, context), raw));
      if (choice.conv!.family === 'winograd') {
        const params = winogradParams(step, choice, context);
        // The expansion writes the GEMM's packed order: blocks of Q output lanes (target.ts adds O, C and the helper).
        return { stored: raw, runtimeLength: winogradWeightsLength(params), expand: { helper: 'winogradFilters', args: [winogradGemmBlockLanes(params)] } };
      }
      return packed(packConv2dWeights(conv2dParams(step, choice, context), raw));
    },
    emit(step, choice, context) {
      if (choice.conv!.family === 'depthwise') return entry([depthwiseKernel(depthwiseParams(step, context))]);
      if (choice.conv!.family === 'winograd') return entry(winogradKernels(winogradParams(step, choice, context)));
      const params = conv2dParams(step, choice, context);
      const kernel = conv2dKernel(params);
      // Few channel blocks (a stem), or filters that fit in L2: threads share it by output rows instead.
      const rows = conv2dRowsSplit(params, fewUnits);
      if (!rows) return entry([kernel]);
      kernel.threadSplit = { ranged: rows, preferred: true };
      return { calls: [kernel], functions: [kernel, rows] };
    },
  },
  linear: {
    // On [N, F] (or a flatten it reads through) the features are lanes. On a tensor of rank 3 or more
    // PyTorch's linear acts on the last dimension, which the 4-D view holds along W or H: the rows are
    // rewritten as [rows, F] into a temporary, multiplied, and rewritten back.
    choose: (step): WasmKernel => {
      const shape = step.reads.input.shape;
      if (shape.length <= 2) return { kernel: 'linear/gemm', temporaries: {} };
      const rows = elementCount(shape) / step.attrs.inFeatures;
      return {
        kernel: 'linear/gemm-rows', temporaries: {
          rows: { bytes: layoutBytes({ view: { batch: rows, channels: step.attrs.inFeatures, height: 1, width: 1 }, border: noBorder }), pool: memory },
          products: { bytes: layoutBytes({ view: { batch: rows, channels: step.attrs.outFeatures, height: 1, width: 1 }, border: noBorder }), pool: memory },
        },
      };
    },
    pack: (step, choice, slot, raw, context) => (slot === 'bias' ? packed(packBias(raw, step.attrs.outFeatures)) : packed(packLinearWeights(linearParams(step, choice, context), raw))),
    emit(step, choice, context) {
      if (choice.kernel === 'linear/gemm') return entry([linearKernel(linearParams(step, choice, context))]);
      const p = linearParams(step, choice, context);
      return sequence([
        relayoutKernel({ name: `${context.name}_rows`, source: context.read('input'), destination: p.input }),
        linearKernel(p),
        relayoutKernel({ name: `${context.name}_back`, source: p.output, destination: context.output }),
      ]);
    },
  },
  maxPool2d: { choose: choosePool, emit: (step, _choice, context) => entry([pool2dKernel(poolParams(step, context))]) },
  avgPool2d: {
    choose: choosePool,
    constants: (step, _choice, context) => ({ counts: packAvgPool2dCounts(poolParams(step, context), step.attrs.countIncludePad) }),
    emit: (step, _choice, context) => entry([pool2dKernel(poolParams(step, context))]),
  },
  adaptiveAvgPool2d: {
    choose: (step) => {
      const [outHeight, outWidth] = step.attrs.outputSize;
      return { kernel: outHeight === 1 && outWidth === 1 ? 'adaptiveAvgPool2d/global' : 'adaptiveAvgPool2d/bins', temporaries: {} };
    },
    emit: (step, _choice, context) => {
      const p = { name: context.name, input: context.read('input'), output: context.output };
      return entry([step.attrs.outputSize[0] === 1 && step.attrs.outputSize[1] === 1 ? globalAvgPoolKernel(p) : adaptiveAvgPool2dKernel(p)]);
    },
  },
  adaptiveMaxPool2d: {
    choose: none('adaptiveMaxPool2d/bins'),
    emit: (_step, _choice, context) => entry([adaptiveAvgPool2dKernel({ name: context.name, kind: 'max', input: context.read('input'), output: context.output })]),
  },
  normalize: {
    // The blocks rewritten as the pixels of a [rows, length, 1, 1] temporary, normalized there (and
    // layerNorm's weight and bias applied, as lanes), rewritten back; groupNorm's and instanceNorm2d's
    // per-channel weight and bias then run as the affine kernel on the output, in place.
    choose: (step) => ({
      kernel: `normalize/${step.attrs.affine}`,
      temporaries: { rows: { bytes: layoutBytes({ view: normalizeRowsView(step), border: noBorder }), pool: memory } },
    }),
    pack(step, _choice, slot, raw, context) {
      if (step.attrs.affine === 'element') return packed(packRowLanes(raw));
      // per channel: weight and bias as the affine kernel's [scales][shifts], at the 'weight' slot
      return slot === 'weight' ? packed(packAffine(context.data('weight'), context.data('bias'), step.output.shape[1])) : packed(new Float32Array(0));
    },
    emit(step, _choice, context) {
      const rows = bufferAt(context.temporary('rows'), { view: normalizeRowsView(step), border: noBorder });
      const { affine, eps } = step.attrs;
      const functions = [
        relayoutKernel({ name: `${context.name}_rows`, source: context.read('input'), destination: rows }),
        normalizeRowsKernel({ name: context.name, rows, eps, ...(affine === 'element' ? { elementwise: { weight: context.weight('weight'), bias: context.weight('bias') } } : {}) }),
        relayoutKernel({ name: `${context.name}_back`, source: rows, destination: context.output }),
      ];
      if (affine === 'channel') functions.push(affineKernel({ name: `${context.name}_affine`, input: context.output, output: context.output, params: context.weight('weight') }));
      return sequence(functions);
    },
  },
  batchNorm2d: {
    // Its scale and shift are packed together as the affine kernel reads them, at the 'scale' slot.
    choose: none('batchNorm2d/affine'),
    pack: (step, _choice, slot, _raw, context) => (slot === 'scale' ? packed(packAffine(context.data('scale'), context.data('shift'), step.output.shape[1])) : packed(new Float32Array(0))),
    emit: (step, _choice, context) => entry([affineKernel({ name: context.name, input: context.read('input'), output: context.output, params: context.weight('scale'), activation: wasmActivation(step.activation) })]),
  },
  upsample: {
    // Nearest by integer factors copies each input vector into its block; anything else reads tables.
    choose: (step) => {
      if (integerNearest(step)) return none('upsample/nearest')();
      return none(`upsample/${step.attrs.mode}-tables`)();
    },
    tables: (step, choice, context): Record<string, Uint8Array> => {
      if (choice.kernel === 'upsample/nearest') return {};
      const { rows, columns } = upsampleTapsOf(step);
      const strides = stridesOf(context.read('input'));
      return { rows: packResampleTable(rows, strides.row), columns: packResampleTable(columns, strides.pixel) };
    },
    emit: (step, choice, context) => {
      if (choice.kernel === 'upsample/nearest') {
        return entry([upsampleKernel({ name: context.name, input: context.read('input'), output: context.output, scale: integerNearest(step)! })]);
      }
      return entry([resampleKernel({
        name: context.name, mode: step.attrs.mode, input: context.read('input'), output: context.output, rows: context.weight('rows'), columns: context.weight('columns'),
      })]);
    },
  },
  softmax: {
    choose: (step) => (axisOf(step.reads.input.shape, step.attrs.dim), none('softmax/stable')()),
    emit: (step, _choice, context) => entry([softmaxKernel({ name: context.name, input: context.read('input'), output: context.output, axis: axisOf(step.reads.input.shape, step.attrs.dim) })]),
  },
  concat: {
    // Each input copied into its place in the output (along N, C, H or W of the 4-D view) — except
    // those the target placed (placement.ts, `within`): their producers wrote them there already.
    choose: (step) => (axisOf(step.output.shape, step.attrs.dim), none('concat/copy')()),
    emit(step, choice, context) {
      const axis = axisOf(step.output.shape, step.attrs.dim);
      const field = (['batch', 'channel', 'y', 'x'] as const)[axis];
      const placed = new Set(choice.within ?? []);
      let at = 0;
      const copies: FunctionBuilder[] = [];
      concatInputs(step).forEach((input, i) => {
        if (!placed.has(`in${i}`)) copies.push(copyKernel({ name: `${context.name}_in${i}`, source: context.read(`in${i}`), destination: context.output, at: { [field]: at } }));
        at += view4(input.shape)[(['batch', 'channels', 'height', 'width'] as const)[axis]];
      });
      return sequence(copies);
    },
  },
  convTranspose2d: {
    choose: (step, context) => {
      if (!context.weight('weight').every(Number.isFinite)) return { kernel: 'convTranspose2d/gather', temporaries: {} };
      return { kernel: 'convTranspose2d/phases', temporaries: {}, reach: { input: { border: convTranspose2dReach(convTransposeParams(step, undefined, shapedAtZeroT(step))), fill: { value: 0 } } } };
    },
    pack(step, choice, slot, raw, context) {
      if (slot === 'bias') return packed(packBias(raw, step.output.shape[1]));
      if (choice.kernel === 'convTranspose2d/gather') return packed(raw);
      return packed(packConvTranspose2dWeights(convTransposeParams(step, context), raw));
    },
    emit(step, choice, context) {
      const p = convTransposeParams(step, context);
      if (choice.kernel === 'convTranspose2d/gather') return entry([convTranspose2dGatherKernel(p)]);
      return entry(convTranspose2dKernels(p));
    },
  },
  binary: {
    // NumPy broadcasting: an operand of lower rank is aligned to the output's trailing dimensions.
    // Its own 4-D view may place them elsewhere ([F] is [1, F, 1, 1]; against [A, B, F] it must be
    // [1, 1, F, 1]): such an operand is first rewritten in the output's view into a temporary.
    choose: (step) => {
      const temporaries: WasmKernel['temporaries'] = {};
      for (const slot of ['in0', 'in1'] as const) {
        const realigned = realign(step.reads[slot].shape, step.output.shape.length);
        if (realigned) temporaries[`aligned_${slot}`] = { bytes: layoutBytes({ view: realigned, border: noBorder }), pool: memory };
      }
      return { kernel: `${step.attrs.op}/broadcast`, temporaries };
    },
    emit(step, choice, context) {
      const functions: FunctionBuilder[] = [];
      const operand = (slot: 'in0' | 'in1') => {
        const realigned = realign(step.reads[slot].shape, step.output.shape.length);
        if (!realigned) return context.read(slot);
        const destination = bufferAt(context.temporary(`aligned_${slot}`), { view: realigned, border: noBorder });
        functions.push(relayoutKernel({ name: `${context.name}_align_${slot}`, source: context.read(slot), destination }));
        return destination;
      };
      const a = operand('in0');
      const b = operand('in1');
      functions.push(elementwiseKernel({ name: context.name, op: step.attrs.op, a, b, output: context.output, activation: wasmActivation(step.activation) }));
      return sequence(functions);
    },
  },
  activation: {
    choose: (step) => (wasmActivation(step.activation), { kernel: `${step.activation!.op}/map`, temporaries: {} }),
    emit: (step, _choice, context) => entry([elementwiseKernel({ name: context.name, op: 'add', a: context.read('input'), output: context.output, activation: wasmActivation(step.activation) })]),
  },
  reshape: {
    // A view when the bytes already read as the new shape wants: the same 4-D view ([N, C, 1, 1] →
    // [N, C] after a global pool), or a flatten whose readers are linear layers and graph outputs —
    // a linear layer reads the image it flattens (its weight [O, C·H·W] is a conv over the whole
    // image), and an output is converted to NCHW order, which is the flattened order.
    choose: (step, context) => {
      const { kinds } = context.readers(step.output);
      const same = JSON.stringify(view4(step.reads.input.shape)) === JSON.stringify(view4(step.output.shape));
      if (same || kinds.every((kind) => kind === 'linear')) return { kernel: 'reshape/view', temporaries: {}, view: true };
      return { kernel: 'reshape/relayout', temporaries: {} };
    },
    emit: (_step, choice, context) => sequence(choice.view ? [] : [relayoutKernel({ name: context.name, source: context.read('input'), destination: context.output })]),
  },
  gather: {
    // The plan's tables re-expressed as byte offsets in the input's buffer, baked in as a data segment.
    choose: none('gather/tables'),
    tables: (step, _choice, context) => ({ axes: packGatherTables(gatherByteTables(step.attrs.axes, step.reads.input.shape, context.read('input'))) }),
    emit: (step, _choice, context) => entry([gatherKernel({
      name: context.name, input: context.read('input'), output: context.output, fill: step.attrs.fill,
      tables: gatherByteTables(step.attrs.axes, step.reads.input.shape, context.read('input')), address: context.weight('axes'),
    })]),
  },
  copy: {
    choose: none('copy'),
    emit: (_step, _choice, context) => entry([copyKernel({ name: context.name, source: context.read('input'), destination: context.output })]),
  },
  mean: {
    // In the input's own view where its axes allow (see meanPlan), else after rewriting it; the result
    // rewritten into the output's view when that differs ([N, C, H, W] over C gives [N, H, W], viewed [N, H, W, 1]).
    choose: (step) => {
      const plan = meanPlan(step);
      const temporaries: WasmKernel['temporaries'] = {};
      if (plan.relayoutInput) temporaries.runs = { bytes: layoutBytes({ view: plan.view, border: noBorder }), pool: memory };
      if (plan.relayoutOutput) temporaries.result = { bytes: layoutBytes({ view: plan.result, border: noBorder }), pool: memory };
      return { kernel: 'mean/runs', temporaries };
    },
    emit(step, _choice, context) {
      const plan = meanPlan(step);
      const functions: FunctionBuilder[] = [];
      let input = context.read('input');
      if (plan.relayoutInput) {
        const runs = bufferAt(context.temporary('runs'), { view: plan.view, border: noBorder });
        functions.push(relayoutKernel({ name: `${context.name}_runs`, source: input, destination: runs }));
        input = runs;
      }
      const output = plan.relayoutOutput ? bufferAt(context.temporary('result'), { view: plan.result, border: noBorder }) : context.output;
      functions.push(meanKernel({ name: context.name, input, output, reduced: plan.reduced }));
      if (plan.relayoutOutput) functions.push(relayoutKernel({ name: `${context.name}_back`, source: output, destination: context.output }));
      return sequence(functions);
    },
  },
  logSoftmax: {
    choose: (step) => (axisOf(step.reads.input.shape, step.attrs.dim), none('logSoftmax/stable')()),
    emit: (step, _choice, context) => entry([softmaxKernel({ name: context.name, input: context.read('input'), output: context.output, axis: axisOf(step.reads.input.shape, step.attrs.dim), log: true })]),
  },
};

/**
 * How a mean reads its input: in the input's own 4-D view when every view axis is all reduced or all
 * kept (any rank ≤ 4), else in the view of its runs (`meanRuns`, right-aligned), into which the input is
 * first rewritten; the kernel writes the reading view with reduced axes 1, rewritten into the output
 * when the output's own view differs.
 */
function meanPlan(step: StepOf<'mean'>): { view: View4; relayoutInput: boolean; reduced: Record<'batch' | 'channels' | 'height' | 'width', boolean>; result: View4; relayoutOutput: boolean } {
  const shape = step.reads.input.shape;
  const axes = ['batch', 'channels', 'height', 'width'] as const;
  let view: View4;
  let reduced: Record<(typeof axes)[number], boolean>;
  let relayoutInput = false;
  if (shape.length <= 4) {
    view = view4(shape);
    const mapping = [[1], [0, 1], [0, 1, 2], [0, 1, 2, 3]][shape.length - 1];
    reduced = { batch: false, channels: false, height: false, width: false };
    for (const dim of step.attrs.dims) reduced[axes[mapping[dim]]] = true;
  } else {
    const runs = meanRuns(step);
    if (runs.length > 4) {
      throw new Error(`codegen: the wasm target's mean reads at most four alternating runs of kept and reduced dimensions; dims [${step.attrs.dims.join(', ')}] of [${shape.join(', ')}] make ${runs.length} (build with --target js)`);
    }
    const padded = [...Array(4 - runs.length).fill({ size: 1, reduced: false }), ...runs] as { size: number; reduced: boolean }[];
    view = { batch: padded[0].size, channels: padded[1].size, height: padded[2].size, width: padded[3].size };
    reduced = { batch: padded[0].reduced, channels: padded[1].reduced, height: padded[2].reduced, width: padded[3].reduced };
    relayoutInput = true;
  }
  const result = { batch: reduced.batch ? 1 : view.batch, channels: reduced.channels ? 1 : view.channels, height: reduced.height ? 1 : view.height, width: reduced.width ? 1 : view.width };
  return { view, relayoutInput, reduced, result, relayoutOutput: JSON.stringify(result) !== JSON.stringify(view4(step.output.shape)) };
}

/** The view in which each block of a normalize step is one pixel's lanes. */
function normalizeRowsView(step: StepOf<'normalize'>): View4 {
  return { batch: step.attrs.rows, channels: step.attrs.length, height: 1, width: 1 };
}

/** Which axis of the 4-D view (0 N, 1 C, 2 H, 3 W) dimension `dim` of a tensor of this shape is. */
function axisOf(shape: readonly number[], dim: number): 0 | 1 | 2 | 3 {
  const rank = shape.length;
  if (rank <= 4) return ([[1], [0, 1], [0, 1, 2], [0, 1, 2, 3]][rank - 1] ?? [0])[dim] as 0 | 1 | 2 | 3;
  // Rank > 4 folds the leading dimensions into N: an axis among them is one only if the others are 1.
  if (dim >= rank - 3) return (dim - (rank - 4)) as 1 | 2 | 3;
  if (shape.slice(0, rank - 3).every((d, i) => i === dim || d === 1)) return 0;
  throw new Error(`codegen: the wasm target cannot run along dimension ${dim} of a rank-${rank} tensor [${shape.join(', ')}] whose leading dimensions fold together`);
}

/**
 * The 4-D view NumPy broadcasting gives an operand of this shape against an output of `rank`, when
 * it differs from the operand's own view (undefined when they agree).
 */
function realign(shape: readonly number[], rank: number): View4 | undefined {
  if (shape.length >= rank) return undefined;
  const aligned = view4([...Array(rank - shape.length).fill(1), ...shape]);
  const own = view4(shape);
  return aligned.batch === own.batch && aligned.channels === own.channels && aligned.height === own.height && aligned.width === own.width ? undefined : aligned;
}

function convTransposeParams(step: StepOf<'convTranspose2d'>, context?: KernelContext, shapes?: { input: NhwcBuffer; output: NhwcBuffer }): ConvTranspose2dParams {
  const { kernelSize, stride, padding, dilation, groups } = step.attrs;
  return {
    name: context?.name ?? 'size', input: context?.read('input') ?? shapes!.input, output: context?.output ?? shapes!.output,
    kernel: kernelSize, stride, padding, dilation, groups, weights: context?.weight('weight') ?? 0,
    bias: context ? bias(step, context) : undefined, residual: context ? residual(step, context) : undefined, activation: wasmActivation(step.activation),
  };
}

function shapedAtZeroT(step: StepOf<'convTranspose2d'>): { input: NhwcBuffer; output: NhwcBuffer } {
  const [batch, channels, height, width] = step.reads.input.shape;
  const [, outChannels, outHeight, outWidth] = step.output.shape;
  return {
    input: { offset: 0, batch, channels, height, width, border: noBorder },
    output: { offset: 0, batch, channels: outChannels, height: outHeight, width: outWidth, border: noBorder },
  };
}

function packed(data: Float32Array): PackedWeight {
  return { stored: data, runtimeLength: data.length };
}
