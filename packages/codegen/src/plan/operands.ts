/**
 * A step's operands, walked generically: `StepSlots` (program.ts) lists them once per step kind, so
 * the memory plan, the checker, weight packing and every target's slot table read them from here and
 * never switch over step kinds. A slot a kind does not use is simply absent from its record.
 */
import type { Step, Value, WeightRef } from './program.js';

/** The values a step reads, by slot (`input`, `residual`, `in0`, …), in a stable order. */
export function readsOf(step: Step): [slot: string, value: Value][] {
  return Object.entries(step.reads as Record<string, Value | undefined>).filter((entry): entry is [string, Value] => entry[1] !== undefined);
}

/** The weights a step reads, by slot (`weight`, `bias`, `scale`, `shift`). */
export function weightsOf(step: Step): [slot: string, weight: WeightRef][] {
  return Object.entries(step.weights as Record<string, WeightRef | undefined>).filter((entry): entry is [string, WeightRef] => entry[1] !== undefined);
}

/** The steps that read each value, by value id: a step's index once per slot it reads the value in. */
export function readersOf(steps: readonly Step[]): Map<number, number[]> {
  const readers = new Map<number, number[]>();
  steps.forEach((step, index) => {
    for (const [, value] of readsOf(step)) {
      const list = readers.get(value.id);
      if (list) list.push(index);
      else readers.set(value.id, [index]);
    }
  });
  return readers;
}

/** Concatenation inputs in order: `in0`, `in1`, … */
export function concatInputs(step: Extract<Step, { kind: 'concat' }>): Value[] {
  return Array.from({ length: step.attrs.count }, (_, i) => step.reads[`in${i}`]);
}
