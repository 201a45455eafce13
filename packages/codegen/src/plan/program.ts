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
  /** Floats into the arena; set by the memory plan. */
  offset: number;
  /** Values that are views of another share its storage. */
  storage: number;
}

/** A parameter tensor in the packed weights array. */
export interface WeightRef {
  name: string;
  offset: number;
  length: number;
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
  | (StepBase & { kind: 'conv2d'; input: Value; attrs: OpAttrs['conv2d']; weight: WeightRef; epilogue: Epilogue; padded?: Value })
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

export interface Program {
  name: string;
  steps: Step[];
  values: Value[];
  inputs: { name: string; value: Value }[];
  outputs: { name: string; value: Value }[];
  /** Packed weights after folding, in the order the steps read them. */
  weights: Float32Array;
  weightRefs: WeightRef[];
  arenaFloats: number;
}

export const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
