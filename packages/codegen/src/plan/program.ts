/**
 * The lowered program: the graph after passes and fusion, as a list of steps over values. It is what
 * every target reads, and it holds no target's choices — no kernel variants, layouts, byte offsets or
 * weight packing. A target plans those (`target.ts`), the shared memory plan places them (`memory.ts`).
 *
 * Invariants, checked by `checkProgram` (`check.ts`):
 * - steps are in execution order: every value a step reads is a graph input or the output of an
 *   earlier step, and every value is written by exactly one step (inputs by the caller);
 * - a value has a concrete shape (symbolic dimensions were bound to the build's batch);
 * - a step's operands are its `reads`, its `output` and its `weights`, keyed by slot: the table
 *   `StepSlots` is the one place they are listed, and code that needs "every value a step reads"
 *   walks `reads` (see `operands.ts`) instead of switching over step kinds.
 */
import type { ActivationOp, OpAttrs } from '@stride/dsl';

/** A tensor the program computes, an input or a graph output. Where it lives is the memory plan's. */
export interface Value {
  id: number;
  shape: number[];
}

/** A parameter tensor a step reads, by index into the program's `weights`. */
export interface WeightRef {
  id: number;
  /** The state_dict name it came from (or `<layer>.scale` / `.shift` for batch norm), for comments. */
  name: string;
  shape: number[];
}

export interface Activation {
  op: ActivationOp;
  /** leakyRelu's slope. */
  slope?: number;
  /** elu's alpha. */
  alpha?: number;
  /** clamp's bounds; null where it has none. */
  min?: number | null;
  max?: number | null;
}

/**
 * Every step kind with its operands by slot and its attributes. A step that produces a value may
 * carry fused work in its epilogue: a `bias` weight, a `residual` read (added after the bias, the
 * ResNet shortcut) and an `activation` (applied last).
 */
export interface StepSlots {
  conv2d: { reads: { input: Value; residual?: Value }; weights: { weight: WeightRef; bias?: WeightRef }; attrs: OpAttrs['conv2d'] };
  convTranspose2d: { reads: { input: Value; residual?: Value }; weights: { weight: WeightRef; bias?: WeightRef }; attrs: OpAttrs['convTranspose2d'] };
  linear: { reads: { input: Value; residual?: Value }; weights: { weight: WeightRef; bias?: WeightRef }; attrs: OpAttrs['linear'] };
  maxPool2d: { reads: { input: Value }; weights: NoWeights; attrs: OpAttrs['maxPool2d'] };
  avgPool2d: { reads: { input: Value }; weights: NoWeights; attrs: OpAttrs['avgPool2d'] };
  adaptiveAvgPool2d: { reads: { input: Value }; weights: NoWeights; attrs: OpAttrs['adaptiveAvgPool2d'] };
  adaptiveMaxPool2d: { reads: { input: Value }; weights: NoWeights; attrs: OpAttrs['adaptiveMaxPool2d'] };
  /**
   * groupNorm, instanceNorm2d and layerNorm: in row-major order, `rows` blocks of `length` consecutive
   * elements, each normalized by its own mean and variance; then `affine`: none, per channel of the
   * NCHW input (groupNorm, instanceNorm2d: weight and bias [C]) or element by element within a block
   * (layerNorm: weight and bias of the normalized shape).
   */
  normalize: { reads: { input: Value }; weights: { weight?: WeightRef; bias?: WeightRef }; attrs: { rows: number; length: number; eps: number; affine: 'none' | 'channel' | 'element' } };
  /** A batch norm that could not be folded into a producer: a per-channel affine map. */
  batchNorm2d: { reads: { input: Value }; weights: { scale: WeightRef; shift: WeightRef }; attrs: NoAttrs };
  upsample: { reads: { input: Value }; weights: NoWeights; attrs: OpAttrs['upsample'] };
  softmax: { reads: { input: Value }; weights: NoWeights; attrs: OpAttrs['softmax'] };
  /** Inputs in order as `in0`, `in1`, …; the count is `attrs.count`. */
  concat: { reads: Record<`in${number}`, Value>; weights: NoWeights; attrs: OpAttrs['concat'] & { count: number } };
  /** `add`, `mul`, `sub` or `div` with NumPy broadcasting (`in0` ∘ `in1`, in that order). */
  binary: { reads: { in0: Value; in1: Value }; weights: NoWeights; attrs: { op: BinaryOp } };
  activation: { reads: { input: Value }; weights: NoWeights; attrs: NoAttrs };
  /** flatten and reshape: the same elements in the same (row-major) order under a new shape. */
  reshape: { reads: { input: Value }; weights: NoWeights; attrs: NoAttrs };
  /** A graph output that must own its storage (an input, or one value under two output names). */
  copy: { reads: { input: Value }; weights: NoWeights; attrs: NoAttrs };
  /** The average over the axes `dims` of the input (the output in the same order, reduced axes dropped or 1). */
  mean: { reads: { input: Value }; weights: NoWeights; attrs: OpAttrs['mean'] };
  /** x − max − log Σ e^(x − max) along `dim`. */
  logSoftmax: { reads: { input: Value }; weights: NoWeights; attrs: OpAttrs['logSoftmax'] };
}

/** The element-wise binary ops, one `binary` step kind. */
export type BinaryOp = 'add' | 'mul' | 'sub' | 'div';

type NoWeights = Record<string, never>;
type NoAttrs = Record<string, never>;

export type StepKind = keyof StepSlots;

export interface StepOf<Kind extends StepKind> {
  kind: Kind;
  /** The IR layers computed by this step (fused ones included), as `layerLabel` writes them. */
  layers: string[];
  reads: StepSlots[Kind]['reads'];
  output: Value;
  weights: StepSlots[Kind]['weights'];
  attrs: StepSlots[Kind]['attrs'];
  /** Applied to every value before it is stored: fused into a producer, or the step's whole work. */
  activation?: Activation;
  /** Multiply-accumulates, for the report and the benchmarks' GFLOP/s. */
  macs: number;
}

/** Any step: a union discriminated by `kind`. */
export type Step = { [Kind in StepKind]: StepOf<Kind> }[StepKind];

export interface Program {
  name: string;
  steps: Step[];
  values: Value[];
  inputs: { name: string; value: Value }[];
  outputs: { name: string; value: Value }[];
  /** Every weight the steps read, indexed by `WeightRef.id`. */
  weights: WeightRef[];
}

/** A program and its weights' data (after batch-norm folding), by `WeightRef.id`. */
export interface LoweredProgram {
  program: Program;
  weightData: Float32Array[];
}
