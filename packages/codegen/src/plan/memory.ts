/**
 * The static memory plan: one arena, every value placed at a float offset so that values alive at
 * the same time never overlap. Lifetimes come from the step order; placement is first-fit at the
 * lowest offset free for the value's whole lifetime, largest values first. Element-wise steps may write
 * in place over an input that dies at that step. Views share their source's span.
 *
 * Two pools are planned the same way: the float32 arena (one ArrayBuffer) for every tensor, and the
 * float64 scratch for kernels that keep double precision (Winograd-rows transforms). Offsets are in
 * elements of their pool.
 */
import { sizeOf, type LoweredProgram, type Step, type Value } from './program.js';

function readsOf(step: Step): Value[] {
  switch (step.kind) {
    case 'concat': return step.inputs;
    case 'binary': return step.inputs;
    case 'conv2d': return [step.input, ...(step.epilogue.residual ? [step.epilogue.residual] : [])];
    case 'linear':
    case 'convTranspose2d': return [step.input, ...(step.epilogue.residual ? [step.epilogue.residual] : [])];
    default: return [step.input];
  }
}

/** Steps whose output may reuse a dying input's span: purely element-wise, same size. */
function inPlaceCandidate(step: Step): Value | undefined {
  if (step.kind === 'activation' || step.kind === 'batchNorm2d') return step.input;
  if (step.kind === 'binary' && sizeOf(step.inputs[0].shape) === sizeOf(step.output.shape) && sizeOf(step.inputs[1].shape) === sizeOf(step.output.shape)) return step.inputs[0];
  return undefined;
}

export interface MemoryPlan {
  /** Size of the float32 arena, in floats. */
  arenaFloats: number;
  /** Size of the float64 scratch, in doubles. */
  scratchDoubles: number;
}

export function planMemory(program: LoweredProgram): MemoryPlan {
  const storageSize = new Map<number, number>();
  const doubles = new Set<number>();
  for (const value of program.values) {
    storageSize.set(value.storage, Math.max(storageSize.get(value.storage) ?? 0, sizeOf(value.shape)));
    if (value.dtype === 'f64') doubles.add(value.storage);
  }
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const touch = (storage: number, index: number) => {
    if (!first.has(storage)) first.set(storage, index);
    last.set(storage, Math.max(last.get(storage) ?? index, index));
  };
  for (const input of program.inputs) touch(input.value.storage, -1);
  program.steps.forEach((step, index) => {
    for (const value of readsOf(step)) touch(value.storage, index);
    touch(step.output.storage, index);
    if (step.kind === 'conv2d' && step.padded) touch(step.padded.storage, index);
    if (step.kind === 'conv2d' && step.winograd) touch(step.winograd.scratch.storage, index);
    if (step.kind === 'conv2d' && step.winogradRows) touch(step.winogradRows.scratch.storage, index);
  });
  for (const output of program.outputs) touch(output.value.storage, program.steps.length);

  // In place: the output takes the input's storage when the input dies at this very step. Aliases
  // chain (bn → bn → relu), so lifetimes are kept on the chain's root storage.
  const alias = new Map<number, number>();
  const root = (storage: number): number => (alias.has(storage) ? root(alias.get(storage)!) : storage);
  const inputStorages = new Set(program.inputs.map((i) => i.value.storage));
  program.steps.forEach((step, index) => {
    const input = inPlaceCandidate(step);
    if (!input) return;
    const base = root(input.storage);
    if (last.get(base) !== index || base === root(step.output.storage)) return;
    if (inputStorages.has(base)) return; // never overwrite the caller's input slot
    alias.set(step.output.storage, base);
    last.set(base, Math.max(last.get(base)!, last.get(step.output.storage)!));
  });

  const offsets = new Map<number, number>();
  const place = (pool: number[]): number => {
    const placed: { start: number; end: number; from: number; to: number }[] = [];
    let size = 0;
    for (const storage of pool.sort((a, b) => storageSize.get(b)! - storageSize.get(a)! || a - b)) {
      const length = storageSize.get(storage)!;
      const from = first.get(storage)!;
      const to = last.get(storage)!;
      const conflicts = placed.filter((p) => p.from <= to && from <= p.to).sort((a, b) => a.start - b.start);
      let offset = 0;
      for (const p of conflicts) {
        if (offset + length <= p.start) break;
        offset = Math.max(offset, p.end);
      }
      placed.push({ start: offset, end: offset + length, from, to });
      offsets.set(storage, offset);
      size = Math.max(size, offset + length);
    }
    return size;
  };
  const live = [...storageSize.keys()].filter((s) => root(s) === s && first.has(s));
  const arenaFloats = place(live.filter((s) => !doubles.has(s)));
  const scratchDoubles = place(live.filter((s) => doubles.has(s)));
  for (const value of program.values) value.offset = offsets.get(root(value.storage)) ?? 0;
  return { arenaFloats, scratchDoubles };
}
