/**
 * Where a kernel's tensors are: the arena, scratch and weight offsets it reads and writes, passed as
 * its parameters (`$in`, `$out`, `$w`, …) with their values written as literals at each call in
 * `forward`. Kernel bodies bake in every size and stride but no address, so layers of the same shape
 * and fusion share one function: less code to ship and for the JIT to compile on the first run
 * (MobileNetV2: 54 layers, 32 kernels).
 */
import type { Step } from '../../plan/program.js';

/** The slots in the order they are parameters (concatenation inputs `$in0`, `$in1`, … come after `$in`). */
export const slotNames = ['$in', '$out', '$w', '$bias', '$res', '$scale', '$shift', '$pad', '$tmp', '$u'] as const;

/** Inputs of concat and of binary ops: `$in0`, `$in1`, … */
export const inputSlot = (index: number) => `$in${index}`;

/** The value of every slot a step may use. `$res` is the residual's offset relative to the output's. */
export function slotValues(step: Step): Map<string, number> {
  const slots = new Map<string, number>([['$out', step.output.offset]]);
  if (step.kind === 'concat' || step.kind === 'binary') step.inputs.forEach((value, i) => slots.set(inputSlot(i), value.offset));
  else slots.set('$in', step.input.offset);
  if (step.kind === 'conv2d' || step.kind === 'convTranspose2d' || step.kind === 'linear') {
    slots.set('$w', step.weight.offset);
    if (step.epilogue.bias) slots.set('$bias', step.epilogue.bias.offset);
    if (step.epilogue.residual) slots.set('$res', step.epilogue.residual.offset - step.output.offset);
  }
  if (step.kind === 'conv2d') {
    if (step.padded) slots.set('$pad', step.padded.offset);
    const scratch = step.winograd?.scratch ?? step.winogradRows?.scratch;
    if (scratch) slots.set('$tmp', scratch.offset);
    if (step.winogradRows) slots.set('$u', step.winogradRows.filters.offset);
  }
  if (step.kind === 'batchNorm2d') {
    slots.set('$scale', step.scale.offset);
    slots.set('$shift', step.shift.offset);
  }
  return slots;
}

/** The slots a kernel body's code uses (comments aside), in parameter order. */
export function slotsUsed(body: string): string[] {
  const code = body.split('\n').filter((line) => !line.trimStart().startsWith('//')).join('\n');
  return [...new Set(code.match(/\$[a-z]+\d*/g) ?? [])].sort((a, b) => rank(a) - rank(b));
}

function rank(name: string): number {
  const input = /^\$in(\d+)$/.exec(name);
  if (input) return 0.5 + Number(input[1]) / 1e6;
  const index = slotNames.indexOf(name as (typeof slotNames)[number]);
  if (index < 0) throw new Error(`codegen: a kernel uses ${name}, which is no slot`);
  return index;
}
