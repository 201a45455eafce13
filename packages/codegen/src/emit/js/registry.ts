/**
 * The JavaScript target's explicit registry: for every step kind, how its kernel is chosen, how it
 * is emitted, and — where the kernel reads weights in a layout of its own — how they are packed or
 * derived at load. A mapped type over the step kinds: a new kind does not compile until it is here.
 */
import { elementCount } from '@stride/dsl';
import type { StepKind, StepOf } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import { chooseConv2d, emitConv2d, packConv2d } from './conv2d.js';
import { winogradRowsFilters } from './conv2d-winograd-rows.js';
import { chooseConvTranspose2d, emitConvTranspose2d, packConvTranspose2d } from './convTranspose2d.js';
import { emitActivation, emitBatchNorm2d, emitBinary, emitCopy, emitReshape } from './elementwise.js';
import type { Helper } from './helpers.js';
import type { JsKernel } from './kernel.js';
import { emitConcat, emitLogSoftmax, emitSoftmax, emitUpsample, upsampleTables } from './layout.js';
import { emitMean } from './mean.js';
import { integerNearest } from '../../plan/upsample.js';
import { emitLinear, packLinear } from './linear.js';
import { emitAdaptiveAvgPool2d, emitAdaptiveMaxPool2d, emitAvgPool2d, emitMaxPool2d } from './pool.js';
import { emitNormalize } from './normalize.js';

/**
 * How a kernel wants one of its weights: `stored` is what the bundle ships; when the kernel reads a
 * larger layout derived from it, `expand` names the module helper that derives it at load (and
 * `runtimeLength` its size), so bundles never ship what they can compute.
 */
export interface PackedWeight {
  stored: Float32Array;
  runtimeLength: number;
  expand?: { helper: Helper; args: number[] };
}

/** A weight a kernel reads that ships nothing: derived at load from the stored weight in slot `from`. */
export interface DerivedWeight {
  slot: string;
  from: string;
  length: number;
  /** Kept in the float64 runtime weights `u` (transforms whose rounding float32 would amplify). */
  dtype: 'f64';
  expand: { helper: Helper; args: number[] };
}

export interface KernelKind<Kind extends StepKind> {
  /** The kernel variant and what it needs; `weight(slot)` is a weight's data (after folding). */
  choose(step: StepOf<Kind>, weight: (slot: string) => Float32Array): JsKernel;
  emit(step: StepOf<Kind>, choice: JsKernel, writer: SourceWriter): void;
  /** How the kernel lays out the weight in `slot`; absent, every weight is read as stored. */
  pack?(step: StepOf<Kind>, choice: JsKernel, slot: string, raw: Float32Array): PackedWeight;
  /** Weights the kernel derives at load, beyond its slots. */
  derive?(step: StepOf<Kind>, choice: JsKernel): DerivedWeight[];
  /**
   * Constant tables the kernel reads, computed from shapes alone (upsampling's source taps), by slot:
   * written once in the module as arrays of literals and passed like offsets, so no run allocates.
   */
  tables?(step: StepOf<Kind>, choice: JsKernel): Record<string, number[]>;
}

const simple = (kernel: string, extra: Partial<JsKernel> = {}) => (): JsKernel => ({ kernel, temporaries: {}, ...extra });

export const kernels: { [Kind in StepKind]: KernelKind<Kind> } = {
  conv2d: {
    choose: (step, weight) => chooseConv2d(step, weight('weight')),
    emit: emitConv2d,
    pack: packConv2d,
    derive: (step, choice) => (choice.winogradRows ? [winogradRowsFilters(step, choice)] : []),
  },
  convTranspose2d: { choose: (step, weight) => chooseConvTranspose2d(step, weight('weight')), emit: emitConvTranspose2d, pack: packConvTranspose2d },
  linear: {
    choose: simple('linear/blocks-8'),
    emit: (step, _, w) => emitLinear(step, w),
    pack: (step, _, slot, raw) => ({ stored: slot === 'weight' ? packLinear(step, raw) : raw, runtimeLength: raw.length }),
  },
  maxPool2d: { choose: simple('maxPool2d/direct'), emit: (step, _, w) => emitMaxPool2d(step, w) },
  avgPool2d: { choose: simple('avgPool2d/direct'), emit: (step, _, w) => emitAvgPool2d(step, w) },
  adaptiveAvgPool2d: { choose: simple('adaptiveAvgPool2d/bins'), emit: (step, _, w) => emitAdaptiveAvgPool2d(step, w) },
  adaptiveMaxPool2d: { choose: simple('adaptiveMaxPool2d/bins'), emit: (step, _, w) => emitAdaptiveMaxPool2d(step, w) },
  normalize: { choose: (step) => ({ kernel: `normalize/${step.attrs.affine}`, temporaries: {}, inPlace: 'input' }), emit: (step, _, w) => emitNormalize(step, w) },
  batchNorm2d: { choose: simple('batchNorm2d/affine', { inPlace: 'input' }), emit: (step, _, w) => emitBatchNorm2d(step, w) },
  upsample: {
    choose: (step) => ({ kernel: integerNearest(step) ? 'upsample/nearest' : `upsample/${step.attrs.mode}-tables`, temporaries: {} }),
    tables: (step, choice) => (choice.kernel === 'upsample/nearest' ? {} : upsampleTables(step)),
    emit: (step, choice, w) => emitUpsample(step, choice, w),
  },
  softmax: { choose: simple('softmax/stable'), emit: (step, _, w) => emitSoftmax(step, w) },
  concat: { choose: simple('concat/copy'), emit: (step, _, w) => emitConcat(step, w) },
  binary: {
    // In place over the first operand when neither operand is broadcast.
    choose: (step) => {
      const size = elementCount(step.output.shape);
      const elementwise = elementCount(step.reads.in0.shape) === size && elementCount(step.reads.in1.shape) === size;
      return { kernel: `${step.attrs.op}/broadcast`, temporaries: {}, ...(elementwise ? { inPlace: 'in0' } : {}) };
    },
    emit: (step, _, w) => emitBinary(step, w),
  },
  activation: { choose: (step) => ({ kernel: `${step.activation!.op}/map`, temporaries: {}, inPlace: 'input' }), emit: (step, _, w) => emitActivation(step, w) },
  reshape: { choose: simple('reshape/view', { view: true }), emit: emitReshape },
  copy: { choose: simple('copy'), emit: (step, _, w) => emitCopy(step, w) },
  mean: { choose: simple('mean/runs'), emit: (step, _, w) => emitMean(step, w) },
  logSoftmax: { choose: simple('logSoftmax/stable'), emit: (step, _, w) => emitLogSoftmax(step, w) },
};
