/**
 * The static memory plan: every value and every temporary gets a byte offset in one of the target's
 * pools, so that storages alive at the same time never overlap. Target-independent: sizes, pools,
 * views and in-place steps come from the target's plan (`target.ts`), lifetimes from the step order.
 *
 * A storage is a value together with the values that share it: views (a `view` step's output is its
 * input's storage), in-place outputs (an element-wise step may write over a read that dies at that
 * very step, unless the read is a `partial` view; aliases chain, bn → bn → relu) and reads stored within a step's output (`within`: a
 * concat's inputs, written by their producers into its output). A storage lives from the step that writes its first
 * value to the last step that reads any of them; graph inputs from before the first step, graph
 * outputs until after the last. A temporary lives during its step only (and its `earlier` steps
 * before). Placement is first fit at the lowest aligned offset free for the whole lifetime, largest
 * storages first.
 */
import type { KernelChoice, TargetPlan } from '../target.js';
import { readsOf } from './operands.js';
import type { Program, Value } from './program.js';

/** A temporary's place: its pool and byte offset. */
export interface Placement {
  pool: string;
  offset: number;
  bytes: number;
}

export interface MemoryPlan {
  /** Bytes of each pool. */
  pools: Record<string, number>;
  /** Byte offset of each value in the value pool, by `Value.id`. */
  values: number[];
  /** Each step's temporaries by slot, by step index. */
  temporaries: Record<string, Placement>[];
  /** The target's whole-run buffers, by name. */
  buffers: Record<string, Placement>;
}

export const alignUp = (bytes: number, align: number) => Math.ceil(bytes / align) * align;

/** The value whose storage a view step's output shares: its `of`, else its `input`. */
export function viewSource(step: Program['steps'][number], choice: KernelChoice): Value {
  const source = choice.of ?? (step.reads as { input?: Value }).input;
  if (!source) throw new Error(`codegen: step ${step.kind} (${step.layers.join(' + ')}) is a view of nothing: it reads no 'input' and names no 'of'`);
  return source;
}

/** Which storage each value belongs to (its root value's id), from the plan's views and in-place steps. */
export function storageRoots(program: Program, plan: TargetPlan<KernelChoice>): { rootOf: (value: Value) => number; first: Map<number, number>; last: Map<number, number> } {
  const alias = new Map<number, number>();
  const rootId = (id: number): number => (alias.has(id) ? rootId(alias.get(id)!) : id);
  const first = new Map<number, number>();
  const last = new Map<number, number>();
  const touch = (id: number, index: number) => {
    const root = rootId(id);
    if (!first.has(root)) first.set(root, index);
    last.set(root, Math.max(last.get(root) ?? index, index));
  };
  const inputRoots = new Set(program.inputs.map((i) => i.value.id));
  for (const input of program.inputs) touch(input.value.id, -1);
  // Last reads first, so in-place decisions know whether a read dies at its step.
  const lastRead = new Map<number, number>();
  const viewOf = new Map<number, number>();
  const partial = new Set<number>();
  program.steps.forEach((step, index) => {
    if (plan.kernels[index].view) viewOf.set(step.output.id, viewSource(step, plan.kernels[index]).id);
    if (plan.kernels[index].partial) partial.add(step.output.id);
  });
  const viewRoot = (id: number): number => (viewOf.has(id) ? viewRoot(viewOf.get(id)!) : id);
  program.steps.forEach((step, index) => {
    for (const [, value] of readsOf(step)) lastRead.set(viewRoot(value.id), index);
  });
  // Reads stored within a later step's output belong to its storage before their producers run.
  program.steps.forEach((step, index) => {
    for (const slot of plan.kernels[index].within ?? []) {
      const read = (step.reads as Record<string, Value | undefined>)[slot];
      if (!read) throw new Error(`codegen: step ${index} (${step.kind}) stores '${slot}' within its output, but it does not read it`);
      alias.set(read.id, step.output.id);
    }
  });
  for (const output of program.outputs) lastRead.set(viewRoot(output.value.id), program.steps.length);

  program.steps.forEach((step, index) => {
    const choice = plan.kernels[index];
    if (choice.view) {
      alias.set(step.output.id, viewSource(step, choice).id);
      touch(step.output.id, index);
      return;
    }
    const slot = choice.inPlace;
    if (slot !== undefined) {
      const read = (step.reads as Record<string, Value | undefined>)[slot];
      if (!read) throw new Error(`codegen: step ${index} (${step.kind}) runs in place over '${slot}', which it does not read`);
      const base = viewRoot(read.id);
      const root = rootId(read.id);
      if (lastRead.get(base) === index && !inputRoots.has(root) && !partial.has(read.id) && plan.valueBytes(step.output) <= plan.valueBytes(read)) {
        alias.set(step.output.id, read.id);
      }
    }
    for (const [, value] of readsOf(step)) touch(value.id, index);
    touch(step.output.id, index);
  });
  for (const output of program.outputs) touch(output.value.id, program.steps.length);
  return { rootOf: (value) => rootId(value.id), first, last };
}

interface Storage {
  key: string;
  pool: string;
  bytes: number;
  from: number;
  to: number;
}

export function planMemory(program: Program, plan: TargetPlan<KernelChoice>): MemoryPlan {
  const { rootOf, first, last } = storageRoots(program, plan);
  const storages = new Map<string, Storage>();
  for (const value of program.values) {
    const root = rootOf(value);
    if (!first.has(root)) continue; // never read or written (a dropped branch): no storage
    const key = `v${root}`;
    const storage = storages.get(key) ?? { key, pool: plan.valuePool, bytes: 0, from: first.get(root)!, to: last.get(root)! };
    storage.bytes = Math.max(storage.bytes, plan.valueBytes(value));
    storages.set(key, storage);
  }
  program.steps.forEach((_, index) => {
    for (const [slot, temporary] of Object.entries(plan.kernels[index].temporaries)) {
      storages.set(`t${index}:${slot}`, { key: `t${index}:${slot}`, pool: temporary.pool, bytes: temporary.bytes, from: index - (temporary.earlier ?? 0), to: index });
    }
  });

  for (const [name, buffer] of Object.entries(plan.buffers ?? {})) {
    storages.set(`b:${name}`, { key: `b:${name}`, pool: buffer.pool, bytes: buffer.bytes, from: -1, to: program.steps.length });
  }

  const offsets = new Map<string, number>();
  const pools: Record<string, number> = {};
  for (const [pool, { align }] of Object.entries(plan.pools)) {
    const placed: { start: number; end: number; from: number; to: number }[] = [];
    let size = 0;
    const members = [...storages.values()].filter((s) => s.pool === pool).sort((a, b) => b.bytes - a.bytes || (a.key < b.key ? -1 : 1));
    for (const storage of members) {
      const length = alignUp(storage.bytes, align);
      const conflicts = placed.filter((p) => p.from <= storage.to && storage.from <= p.to).sort((a, b) => a.start - b.start);
      let offset = 0;
      for (const p of conflicts) {
        if (offset + length <= p.start) break;
        offset = Math.max(offset, p.end);
      }
      placed.push({ start: offset, end: offset + length, from: storage.from, to: storage.to });
      offsets.set(storage.key, offset);
      size = Math.max(size, offset + length);
    }
    pools[pool] = size;
  }
  for (const storage of storages.values()) {
    if (!(storage.pool in plan.pools)) throw new Error(`codegen: a storage asks for pool '${storage.pool}', which the target does not declare`);
  }
  return {
    pools,
    values: program.values.map((value) => offsets.get(`v${rootOf(value)}`) ?? 0),
    temporaries: program.steps.map((_, index) => Object.fromEntries(Object.entries(plan.kernels[index].temporaries).map(([slot, temporary]) => [
      slot, { pool: temporary.pool, offset: offsets.get(`t${index}:${slot}`)!, bytes: temporary.bytes },
    ]))),
    buffers: Object.fromEntries(Object.entries(plan.buffers ?? {}).map(([name, buffer]) => [name, { pool: buffer.pool, offset: offsets.get(`b:${name}`)!, bytes: buffer.bytes }])),
  };
}
