/**
 * Which steps run on several threads, decided at build time from shapes, and the schedule a
 * threaded executor follows (`create({ threads })`, packages/runtime/src/executor/threads.ts).
 *
 * A step is split when its kernel is one ranged function (`FunctionBuilder.range`: output-channel
 * blocks for GEMM and direct convolution, chunks of tile rows for Winograd, rows for depthwise and
 * pooling) and the split pays for its handoff. Every unit of a range is computed the same way
 * whatever the partition, and each unit by exactly one thread, so a threaded run gives the bytes of
 * a single-threaded one.
 *
 * Measured on a 2-core machine, wasm SIMD kernels over one shared memory, a worker woken by a
 * spinning handoff (0.2–0.5 µs a layer): two threads ran GEMM and direct layers of 6 MFLOP (about
 * 0.14 ms) or more 1.8–2.0× faster, 1×1 at 7×7 included; depthwise layers alone 0.7–1.45× (they
 * stream memory, and two cores share its bandwidth). In whole networks, though, splitting smaller
 * layers and depthwise ones too gained (`splitThresholdMs`): a layer kept on one thread is time the
 * other core idles. The threshold is a time, estimated from each family's single-thread speed, so a
 * Winograd layer (2–3× the direct speed per direct FLOP) needs more FLOPs to be worth splitting.
 */
import type { Step } from '../../plan/program.js';
import type { FunctionBuilder } from './encoder.js';
import type { WasmKernel } from './kernel.js';
import type { NhwcBuffer } from './kernels/buffer.js';
import { rgbLayout } from './kernels/layout.js';

/**
 * 'measured': split what the measurements say pays (the default); 'every': every ranged kernel with
 * two units or more, whatever its size (tests use it, so that small networks exercise every split);
 * 'none': no step (the module still runs on threads, serially).
 */
export type SplitPolicy = 'measured' | 'every' | 'none';

/**
 * A step's single-thread time worth splitting, in ms: 20 µs, forty times the spinning handoff's
 * cost. The per-layer measurements (below) suggested 0.14 ms and no depthwise layers, but
 * whole networks with the pieces handoff (runtime executor/threads.ts) measured better splitting
 * everything down to here, depthwise included (interleaved 1 vs 2 threads, quiet moments of the
 * shared VM): MobileNetV2 ×1.26–1.32 → ×1.39–1.46, cifar-vgg ×1.40 → ×1.58, ResNet-18 and
 * SqueezeNet unchanged (×1.78, ×1.28–1.36).
 */
export const splitThresholdMs = 0.02;

/**
 * A ranged kernel with fewer units than this is shared by the split it offers instead
 * (`FunctionBuilder.threadSplit`), where it offers one: the runtime cuts a split into up to 4 pieces
 * per thread, and 8 units let two threads balance a late start (a stem's 4 channel blocks split 2
 * and 2, or 3 and 1 when the worker joins late).
 */
export const fewUnits = 8;

/**
 * The largest input, in floats, whose Winograd input transform the step before's threads do as they
 * finish their channel blocks (target.ts, `channelsIn`) instead of a split of its own by tile rows.
 * Measured interleaved, 2 threads: cifar-vgg (8–32 K floats) 8–10 % faster, ResNet-18's 7² and 14²
 * layers (25 K, 50 K) unchanged, its 28² layers (100 K) 1–3 % slower in five runs of five.
 */
export const channelsInFloats = 64 * 1024;

/** Single-thread speed per family in GFLOP/s of direct-convolution FLOPs (docs/wasm.md, loaded-machine medians). */
const speed: Record<string, number> = {
  'conv2d/gemm': 43, 'conv2d/direct': 43, 'linear/gemm': 30, 'conv2d/winograd-2x2': 60, 'conv2d/winograd-4x4': 100, 'conv2d/depthwise': 15,
  // ResNet-18's 3×3/2 layers at 28² (F(4×4)) and 14² (F(2×2)), bench/kernels/steps.ts.
  'conv2d/winograd-2x2-s2': 65, 'conv2d/winograd-4x4-s2': 65,
  // F(3×3) at 14² and 13² (bench/kernels/wasm.ts 'winograd tile').
  'conv2d/winograd-3x3': 100,
};

/**
 * Whether to split a ranged kernel whose single-thread time is estimated at `ms` (`stepMs`,
 * `inputMs`; undefined for kernels never measured split).
 */
export function splits(kernel: FunctionBuilder, ms: number | undefined, policy: SplitPolicy): boolean {
  if (policy === 'none' || !kernel.range || kernel.range.units < 2) return false;
  if (policy === 'every') return true;
  return ms !== undefined && ms >= splitThresholdMs;
}

/** A step's estimated single-thread time in ms, from its kernel family's speed. */
export function stepMs(step: Step, choice: WasmKernel): number | undefined {
  if (step.kind === 'maxPool2d' || step.kind === 'avgPool2d') {
    // Window reads, not FLOPs: ~2.4 G per second (SqueezeNet's first max pool, 1.7 M in 0.71 ms).
    const [kh, kw] = step.attrs.kernelSize;
    return (step.output.shape.reduce((a, b) => a * b, 1) * kh * kw) / 2.4e6;
  }
  const rate = speed[choice.kernel];
  return rate === undefined ? undefined : (2 * step.macs) / (rate * 1e6);
}

/**
 * A network input's NCHW → NHWC conversion time in ms (`kernels/layout.ts`, ranged by image rows):
 * an RGB image four pixels at a time at about 2.5 G floats per second (224², 150 K floats, in 59 µs),
 * other inputs by scalar copies at about 0.4 G (the same image took 0.32–0.37 ms so).
 */
export function inputMs(nhwc: NhwcBuffer): number {
  const elements = nhwc.batch * nhwc.channels * nhwc.height * nhwc.width;
  return elements / (rgbLayout(nhwc) ? 2.5e6 : 0.4e6);
}

/** A split step as the executor runs it: its border fills on one thread, then its kernel's range in parts. */
export interface SplitStep {
  /** Export filling the borders the kernel reads (run before any thread starts), if any. */
  border?: string;
  /** The ranged kernel's export: called `(from, to, ...rest)`. */
  kernel: string;
  units: number;
  rest: number[];
  /** `rest[0]` is a scratch address each thread needs its own of (Winograd's): threads past the first use theirs. */
  scratch?: boolean;
  /** Pieces per thread (`WorkRange.pieces`); absent: the runtime's default. */
  pieces?: number;
}

/**
 * What `create({ threads })` runs instead of `forward()`: the exports `forward()` calls, in order,
 * each either a name (run on the calling thread) or the index of a split step in `splits`.
 */
export interface ThreadSchedule {
  schedule: Array<string | number>;
  splits: SplitStep[];
  /** Bytes of scratch each thread past the first needs beyond the module's memory (the largest split Winograd scratch). */
  scratchBytes: number;
}
