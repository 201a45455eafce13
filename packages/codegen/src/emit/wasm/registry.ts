/**
 * The wasm target's explicit registry: for every step kind, how its kernel is chosen (and which
 * border each read needs), how its weights are laid out, and which kernel functions it emits. A
 * mapped type over the step kinds: a new kind does not compile until it is here.
 *
 * `params` builds a kernel's parameters from buffers and addresses; packing calls it with buffers
 * placed at 0 (a packed layout depends on shapes and tiles, never on addresses), emission with the
 * real ones, so both read one description.
 */
import type { Activation as StepActivation, StepKind, StepOf, Value } from '../../plan/program.js';
import { view4 } from './layout.js';
import type { FunctionBuilder } from './encoder.js';
import { noBorder, type Border, type NhwcBuffer } from './kernels/buffer.js';
import { conv2dKernel, packBias, packConv2dWeights, type Conv2dParams } from './kernels/conv2d.js';
import { depthwiseKernel, packDepthwiseWeights, type DepthwiseParams } from './kernels/depthwise.js';
import { elementwiseKernel } from './kernels/elementwise.js';
import type { Activation } from './kernels/epilogue.js';
import { linearKernel, packLinearWeights, type LinearParams } from './kernels/linear.js';
import { globalAvgPoolKernel, packAvgPool2dCounts, pool2dKernel, pool2dReach, type Pool2dParams } from './kernels/pool2d.js';
import { packWinogradWeights, winogradKernels, winogradReach, winogradScratchBytes, type WinogradParams } from './kernels/winograd.js';
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
}

/** A weight as the kernel reads it: packed at build time, or `expand`ed at load from what ships. */
export interface PackedWeight {
  stored: Float32Array;
  runtimeLength: number;
  /** Winograd filters: the bundle ships PyTorch's 3×3 filters and the module expands them at load. */
  expand?: { helper: 'winogradFilters'; args: number[] };
}

/** What a kernel choice may ask of the rest of the program. */
export interface ChoiceContext {
  weight(slot: string): Float32Array;
  /** The kinds of the steps reading a value, and whether it is a graph output. */
  readers(value: Value): { kinds: StepKind[]; output: boolean };
}

export interface WasmKernelKind<Kind extends StepKind> {
  choose(step: StepOf<Kind>, context: ChoiceContext): WasmKernel;
  pack?(step: StepOf<Kind>, choice: WasmKernel, slot: string, raw: Float32Array, context: KernelContext): PackedWeight;
  /** Data the kernel reads that the compiler computes from shapes (an average pool's divisors), by slot; shipped with the weights. */
  constants?(step: StepOf<Kind>, choice: WasmKernel, context: KernelContext): Record<string, Float32Array>;
  emit(step: StepOf<Kind>, choice: WasmKernel, context: KernelContext): FunctionBuilder[];
}

const unsupported = (kind: string) => (): never => {
  throw new Error(`codegen: the wasm target has no ${kind} kernel yet; build this network with --target js`);
};

/** A step's activation as the wasm epilogue names it. */
export function wasmActivation(activation: StepActivation | undefined): Activation | undefined {
  if (!activation) return undefined;
  switch (activation.op) {
    case 'relu': case 'relu6': case 'hardsigmoid': case 'hardswish': return { op: activation.op };
    case 'leakyRelu': return { op: 'leakyRelu', slope: activation.slope ?? 0.01 };
    default: return unsupported(`${activation.op} activation`)();
  }
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
  const tile = choice.conv?.family === 'direct' ? choice.conv.tile : undefined;
  return {
    ...(tile ? { tile } : {}),
    name: context.name, input: context.read('input'), output: context.output, kernel: kernelSize, stride, dilation,
    padding: { top: padding.top, left: padding.left }, groups, weights: context.weight('weight'), bias: bias(step, context),
    residual: residual(step, context), activation: wasmActivation(step.activation),
    ...(kernelSize[0] * kernelSize[1] > 1 && groups === 1 && dilation[1] === 1 && step.attrs.inChannels <= 8 ? { taps: 'rows' as const } : {}),
  };
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
    name: context.name, m: (choice.conv as { m: 2 | 4 }).m, input: context.read('input'), output: context.output,
    padding: { top: padding.top, left: padding.left }, weights: context.weight('weight'), bias: bias(step, context),
    residual: residual(step, context), activation: wasmActivation(step.activation), scratch: context.temporary('scratch'),
  };
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
 * conv2d: depthwise layers get the depthwise kernel; dense 3×3 stride-1 layers get Winograd where
 * enough output tiles share each transformed filter, the rest the register-blocked direct kernel
 * (a GEMM for 1×1). Winograd needs finite weights (its transforms mix every tap).
 *
 * Measured on this target (bench/kernels/wasm.ts, Node 20, one thread; GFLOP/s of the direct
 * convolution's FLOPs, a loaded machine, so the ratios are what carries over):
 *
 *   3×3 128→128 at 28²   direct 4×8 27   F(2×2) 55   F(4×4) 61      → F(4×4) from 36 tiles of 4×4
 *   3×3 256→256 at 14²   direct 4×8 27   F(2×2) 44   F(4×4) 20      → F(2×2) from 36 tiles of 2×2
 *   3×3 512→512 at 7²    direct 4×8 20   F(2×2) 10   F(4×4) 4.3     → direct
 *   3×3/2 128→256 at 28² direct 4×8 27   2×16 35;   7×7/2 stem 3→64: 4×8 rows 23, 2×16 rows 24
 *
 * Winograd's GEMMs read (m + 2)² transformed filter blocks once per chunk of tiles: with few tiles
 * (7×7 has four of 4×4) that is more bytes than direct convolution's whole work, hence the counts.
 */
function chooseConv2d(step: StepOf<'conv2d'>, weight: Float32Array): WasmKernel {
  const { groups, inChannels, outChannels, kernelSize: [kh, kw], stride: [sh, sw], dilation: [dh, dw], paddingMode, padding } = step.attrs;
  if (paddingMode !== 'zeros') return unsupported(`${paddingMode} padding`)();
  const fill = { value: 0 };
  const [, , outHeight, outWidth] = step.output.shape;
  if (groups === inChannels && groups === outChannels) {
    return { kernel: 'conv2d/depthwise', temporaries: {}, conv: { family: 'depthwise' }, reach: { input: { border: windowReach(step), fill } } };
  }
  const tilesOf = (m: number) => Math.ceil(outHeight / m) * Math.ceil(outWidth / m);
  const m = tilesOf(4) >= 36 ? 4 : tilesOf(2) >= 36 ? 2 : undefined;
  if (m && groups === 1 && kh === 3 && kw === 3 && sh === 1 && sw === 1 && dh === 1 && dw === 1 && inChannels >= 16 && step.output.shape[0] === 1 && weight.every(Number.isFinite)) {
    const shapes = shapedAtZero(step, noBorder);
    const border = winogradReach({ m, input: shapes.input, output: shapes.output, padding: { top: padding.top, left: padding.left } });
    const sizing: WinogradParams = { name: 'size', m, ...shapedAtZero(step, border), padding: { top: padding.top, left: padding.left }, weights: 0, scratch: 0 };
    return {
      kernel: `conv2d/winograd-${m}x${m}`, conv: { family: 'winograd', m }, reach: { input: { border, fill } },
      temporaries: { scratch: { bytes: winogradScratchBytes(sizing), pool: memory } },
    };
  }
  // Strided layers and the few-channel stem read fewer inputs per weight: a wider channel block pays.
  const wide = kh * kw > 1 && (sh > 1 || sw > 1 || inChannels <= 8);
  return {
    kernel: kh * kw === 1 ? 'conv2d/gemm' : 'conv2d/direct', temporaries: {}, reach: { input: { border: windowReach(step), fill } },
    conv: { family: 'direct', ...(wide ? { tile: { pixels: 2, channels: 16 } } : {}) },
  };
}

function linearParams(step: StepOf<'linear'>, context: KernelContext): LinearParams {
  return { name: context.name, input: context.read('input'), output: context.output, weights: context.weight('weight'), bias: bias(step, context), activation: wasmActivation(step.activation) };
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
        const length = packWinogradWeights(winogradParams(step, choice, context), raw).length;
        return { stored: raw, runtimeLength: length, expand: { helper: 'winogradFilters', args: [] } };
      }
      return packed(packConv2dWeights(conv2dParams(step, choice, context), raw));
    },
    emit(step, choice, context) {
      if (choice.conv!.family === 'depthwise') return [depthwiseKernel(depthwiseParams(step, context))];
      if (choice.conv!.family === 'winograd') return winogradKernels(winogradParams(step, choice, context));
      return [conv2dKernel(conv2dParams(step, choice, context))];
    },
  },
  linear: {
    choose: none('linear/gemm'),
    pack: (step, _choice, slot, raw, context) => (slot === 'bias' ? packed(packBias(raw, step.attrs.outFeatures)) : packed(packLinearWeights(linearParams(step, context), raw))),
    emit: (step, _choice, context) => [linearKernel(linearParams(step, context))],
  },
  maxPool2d: { choose: choosePool, emit: (step, _choice, context) => [pool2dKernel(poolParams(step, context))] },
  avgPool2d: {
    choose: choosePool,
    constants: (step, _choice, context) => ({ counts: packAvgPool2dCounts(poolParams(step, context), step.attrs.countIncludePad) }),
    emit: (step, _choice, context) => [pool2dKernel(poolParams(step, context))],
  },
  adaptiveAvgPool2d: {
    choose: (step) => {
      const [outHeight, outWidth] = step.attrs.outputSize;
      if (outHeight !== 1 || outWidth !== 1) return unsupported(`adaptiveAvgPool2d to ${outHeight}×${outWidth}`)();
      return { kernel: 'adaptiveAvgPool2d/global', temporaries: {} };
    },
    emit: (_step, _choice, context) => [globalAvgPoolKernel({ name: context.name, input: context.read('input'), output: context.output })],
  },
  batchNorm2d: { choose: unsupported('standalone batchNorm2d'), emit: unsupported('standalone batchNorm2d') },
  upsample: { choose: unsupported('upsample'), emit: unsupported('upsample') },
  softmax: { choose: unsupported('softmax'), emit: unsupported('softmax') },
  concat: { choose: unsupported('concat'), emit: unsupported('concat') },
  convTranspose2d: { choose: unsupported('convTranspose2d'), emit: unsupported('convTranspose2d') },
  binary: {
    choose: (step) => {
      const out = step.output.shape.join();
      const [a, b] = [step.reads.in0.shape, step.reads.in1.shape];
      const perChannel = (s: number[]) => s.length === 4 && s[2] === 1 && s[3] === 1 && s[0] === step.output.shape[0] && s[1] === step.output.shape[1];
      if (a.join() === out && (b.join() === out || perChannel(b))) return { kernel: `${step.attrs.op}/${b.join() === out ? 'same' : 'per-channel'}`, temporaries: {} };
      return unsupported(`${step.attrs.op} broadcasting [${a.join(', ')}] with [${b.join(', ')}]`)();
    },
    emit: (step, _choice, context) => [elementwiseKernel({ name: context.name, op: step.attrs.op, a: context.read('in0'), b: context.read('in1'), output: context.output, activation: wasmActivation(step.activation) })],
  },
  activation: {
    choose: (step) => (wasmActivation(step.activation), { kernel: `${step.activation!.op}/map`, temporaries: {} }),
    emit: (step, _choice, context) => [elementwiseKernel({ name: context.name, op: 'add', a: context.read('input'), output: context.output, activation: wasmActivation(step.activation) })],
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
      return unsupported(`reshape from [${step.reads.input.shape.join(', ')}] to [${step.output.shape.join(', ')}] read by ${kinds.join(', ')}`)();
    },
    emit: () => [],
  },
  copy: { choose: unsupported('copy'), emit: unsupported('copy') },
};

function packed(data: Float32Array): PackedWeight {
  return { stored: data, runtimeLength: data.length };
}
