/** The JavaScript target's explicit registry: one emitter per step kind, one weight packer where layout differs. */
import type { Step } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import { emitConv2d, packConv2d } from './conv2d.js';
import { winogradFilters } from './conv2d-winograd.js';
import { winogradRowFilters, winogradRowsExpansion } from './conv2d-winograd-rows.js';
import { emitConvTranspose2d } from './convTranspose2d.js';
import { emitActivation, emitBatchNorm2d, emitBinary, emitCopy } from './elementwise.js';
import { emitConcat, emitSoftmax, emitUpsample } from './layout.js';
import { emitLinear, packLinear } from './linear.js';
import { emitAdaptiveAvgPool2d, emitAvgPool2d, emitMaxPool2d } from './pool.js';

type Emitters = { [Kind in Step['kind']]: (step: Extract<Step, { kind: Kind }>, writer: SourceWriter) => void };

export const emitters: Emitters = {
  conv2d: emitConv2d,
  convTranspose2d: emitConvTranspose2d,
  linear: emitLinear,
  maxPool2d: emitMaxPool2d,
  avgPool2d: emitAvgPool2d,
  adaptiveAvgPool2d: emitAdaptiveAvgPool2d,
  batchNorm2d: emitBatchNorm2d,
  upsample: emitUpsample,
  softmax: emitSoftmax,
  concat: emitConcat,
  binary: emitBinary,
  activation: emitActivation,
  copy: emitCopy,
};

/**
 * How the JS kernels want a step's main weight: `stored` is what the bundle ships; when the kernels
 * read a larger derived layout, `expand` names the module function that derives it at load (and
 * `runtimeLength` its size), so bundles never ship what they can compute.
 */
export interface PackedWeight {
  stored: Float32Array;
  runtimeLength: number;
  expand?: { fn: string; args: number[] };
}

export function packWeight(step: Step, raw: Float32Array): PackedWeight {
  if (step.kind === 'conv2d') return packConv2d(step, raw);
  if (step.kind === 'linear') return { stored: packLinear(step, raw), runtimeLength: raw.length };
  return { stored: raw, runtimeLength: raw.length };
}

/**
 * How a weight derived at load (not shipped) comes from the stored tensor it derives from: the
 * expander and its arguments. Today only Winograd-rows filters are derived this way.
 */
export function derivedExpansion(step: Step): { fn: string; args: number[] } {
  if (step.kind === 'conv2d' && step.winogradRows) return winogradRowsExpansion(step);
  throw new Error(`codegen: step ${step.kernel} derives no weights`);
}

/** Whether a step's kernel reads the float64 scratch `d` and weights `u`. */
export function usesDoubles(step: Step): boolean {
  return step.kind === 'conv2d' && step.winogradRows !== undefined;
}

/** The load-time transforms a module may call by name, each a self-contained function emitted by its source. */
export const expanders: Record<string, (...args: never[]) => void> = { winogradFilters, winogradRowFilters };
