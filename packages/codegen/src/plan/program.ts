/**
 * The lowered program: the graph after passes and fusion, as a list of kernel steps over one arena.
 * It is target-independent — the JavaScript emitter reads it, and a WebAssembly emitter would too.
 *
 * Invariants (checked by `checkProgram`): every step reads values written by earlier steps or inputs;
 * a value is a span of the arena (`offset`, floats) with a concrete shape; views (flatten/reshape)
 * share their source's span; two values live at the same time never overlap unless one is an in-place
 * alias the step declared.
 */
import type { ActivationOp, OpAttrs } from '@stride/dsl';

/** A tensor in the arena. */
export interface Value {
  id: number;
  shape: number[];
  /** Elements into its pool (the float32 arena, or the float64 scratch); set by the memory plan. */
  offset: number;
  /** Values that are views of another share its storage. */
  storage: number;
  /** Scratch a kernel keeps in double precision, in the float64 scratch `d`. Absent: float32, in the arena `a`. */
  dtype?: 'f64';
}

/**
 * A parameter tensor in the runtime weights: the kernels' float32 `w`, or their float64 `u` for
 * `dtype: 'f64'` (transforms whose rounding float32 would amplify). Offset and length in elements.
 */
export interface WeightRef {
  name: string;
  offset: number;
  length: number;
  dtype?: 'f64';
}

/**
 * How the stored weights (what a bundle ships) become the runtime weights the kernels read: spans
 * copied as they are, and spans a target expands at load (say Winograd-transformed filters, larger
 * than the filters they come from). Offsets and lengths in elements; `to` indexes `w`, or `u` for
 * `dtype: 'f64'`.
 */
export interface WeightSegment {
  from: number;
  to: number;
  storedLength: number;
  runtimeLength: number;
  /** The target's load-time transform and its arguments; absent for a plain copy. */
  expand?: { fn: string; args: number[] };
  dtype?: 'f64';
}

export interface Activation {
  op: ActivationOp;
  /** leakyRelu's slope. */
  slope?: number;
}

/** What a producing kernel does to each value before storing it: bias, residual add, activation. */
export interface Epilogue {
  bias?: WeightRef;
  /** A value of the output's shape added after the bias (the ResNet shortcut). */
  residual?: Value;
  activation?: Activation;
}

interface StepBase {
  /** The IR layer names fused into this step, for comments and the report. */
  layers: string[];
  output: Value;
  /** The kernel variant chosen, for the report (`conv2d/blocked-4x4`, `conv2d/depthwise`, …). */
  kernel: string;
  macs: number;
}

export type Step =
  | (StepBase & { kind: 'conv2d'; input: Value; attrs: OpAttrs['conv2d']; weight: WeightRef; epilogue: Epilogue; padded?: Value; winograd?: WinogradPlan; winogradRows?: WinogradRowsPlan })
  | (StepBase & { kind: 'convTranspose2d'; input: Value; attrs: OpAttrs['convTranspose2d']; weight: WeightRef; epilogue: Epilogue })
  | (StepBase & { kind: 'linear'; input: Value; attrs: OpAttrs['linear']; weight: WeightRef; epilogue: Epilogue })
  | (StepBase & { kind: 'maxPool2d'; input: Value; attrs: OpAttrs['maxPool2d'] })
  | (StepBase & { kind: 'avgPool2d'; input: Value; attrs: OpAttrs['avgPool2d'] })
  | (StepBase & { kind: 'adaptiveAvgPool2d'; input: Value })
  | (StepBase & { kind: 'batchNorm2d'; input: Value; scale: WeightRef; shift: WeightRef })
  | (StepBase & { kind: 'upsample'; input: Value; attrs: OpAttrs['upsample'] })
  | (StepBase & { kind: 'softmax'; input: Value; attrs: OpAttrs['softmax'] })
  | (StepBase & { kind: 'concat'; inputs: Value[]; attrs: OpAttrs['concat'] })
  | (StepBase & { kind: 'binary'; op: 'add' | 'mul'; inputs: [Value, Value]; activation?: Activation })
  | (StepBase & { kind: 'activation'; input: Value; activation: Activation })
  | (StepBase & { kind: 'copy'; input: Value });

/**
 * A 3×3 stride-1 convolution computed as Winograd F(2×2, 3×3): 2×2 output tiles from 4×4 input
 * tiles, 16 multiplies per tile and channel pair instead of 36. Tiles are processed in chunks of
 * `rows` tile rows; `scratch` holds one chunk's transformed input (16 × inChannels × tiles) followed
 * by its products (16 × outChannels × tiles).
 */
export interface WinogradPlan {
  tileRows: number;
  tileCols: number;
  /** Tile rows per chunk (divides tileRows). */
  rows: number;
  scratch: Value;
}

/**
 * conv2d as 1-D Winograd F(m, r) along the width (r = kernel width, stride and dilation 1 along x):
 * each output row is cut into `tiles` tiles of m outputs, each read from n = m + r − 1 input columns,
 * and the sums over input channels and kernel rows happen in the transformed domain — one GEMM per
 * tile position ξ:
 *
 *   M[ξ][k][y][t] = Σ_c Σ_ky U[ξ][k][c][ky] · V[ξ][c][y·sy + ky·dy][t],   U = G g (per kernel row),
 *                                                                       V = Bᵀ d (per input row).
 *
 * Output rows go in chunks of `chunkRows` (reading `chunkInputRows` input rows); `scratch` (float64)
 * holds a chunk's V, then its M. `filters` is U in float64, derived from `weight` at load; `weight`
 * itself stays in `w` for the direct fallback that a chunk whose input holds NaN or ±∞ takes, so they
 * reach exactly the outputs whose window holds them.
 */
export interface WinogradRowsPlan {
  m: number;
  r: number;
  n: number;
  tiles: number;
  chunkRows: number;
  chunkInputRows: number;
  /** Output channels per GEMM block (the last block may be narrower). */
  blockChannels: number;
  scratch: Value;
  filters: WeightRef;
}

export interface Program {
  name: string;
  steps: Step[];
  values: Value[];
  inputs: { name: string; value: Value }[];
  outputs: { name: string; value: Value }[];
  /** Stored weights after folding, in the order the steps read them: what the bundle ships. */
  weights: Float32Array;
  /** The runtime weights' sizes (`w` floats, `u` doubles) and how the stored ones expand into them. */
  runtimeWeightFloats: number;
  runtimeWeightDoubles: number;
  weightSegments: WeightSegment[];
  weightRefs: WeightRef[];
  arenaFloats: number;
  scratchDoubles: number;
}

/** A program before the memory plan and weight packing. */
export type LoweredProgram = Omit<Program, 'weights' | 'weightRefs' | 'arenaFloats' | 'scratchDoubles' | 'runtimeWeightFloats' | 'runtimeWeightDoubles' | 'weightSegments'>;

export const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
