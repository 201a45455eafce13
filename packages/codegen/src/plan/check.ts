/**
 * `checkProgram`: the invariants `program.ts` promises, verified on a planned program before any
 * target emits code, so a pass, a target plan or the memory plan that breaks one fails here, naming
 * the step, instead of as wrong numbers later. It recomputes lifetimes itself rather than trusting
 * the memory plan's bookkeeping:
 * - order: every read is a graph input or an earlier step's output, every value is written once,
 *   every graph output is written;
 * - placement: every value and temporary lies inside its pool, at an aligned offset;
 * - no overlap: two storages alive at the same step never share a byte, except a view and its
 *   source (one storage), an in-place step's output over the read it names, which dies there, and
 *   the reads a step stores within its output (`within`; the target keeps them apart inside it).
 */
import type { KernelChoice, TargetPlan } from '../target.js';
import { viewSource, type MemoryPlan } from './memory.js';
import { readsOf } from './operands.js';
import type { Program, Step, Value } from './program.js';

const describe = (step: Step, index: number) => `step ${index} (${step.kind} ${step.layers.join(' + ')})`;

export function checkProgram(program: Program, plan: TargetPlan<KernelChoice>, memory: MemoryPlan): void {
  const fail = (message: string): never => {
    throw new Error(`codegen: invalid program ${JSON.stringify(program.name)}: ${message}`);
  };
  if (plan.kernels.length !== program.steps.length) fail(`the target planned ${plan.kernels.length} kernels for ${program.steps.length} steps`);

  // Order: when each value is written (-1 for inputs) and last needed.
  const written = new Map<number, number>();
  const lastUse = new Map<number, number>();
  for (const input of program.inputs) written.set(input.value.id, -1);
  program.steps.forEach((step, index) => {
    for (const [slot, value] of readsOf(step)) {
      if (!written.has(value.id)) fail(`${describe(step, index)} reads value ${value.id} (${slot}) before any step writes it`);
      lastUse.set(value.id, index);
    }
    if (written.has(step.output.id)) fail(`${describe(step, index)} writes value ${step.output.id}, already written by ${written.get(step.output.id) === -1 ? 'the caller (an input)' : `step ${written.get(step.output.id)}`}`);
    written.set(step.output.id, index);
  });
  for (const output of program.outputs) {
    if (!written.has(output.value.id)) fail(`output '${output.name}' (value ${output.value.id}) is never written`);
    lastUse.set(output.value.id, program.steps.length);
  }

  // Placement.
  const poolOf = (pool: string) => {
    if (!(pool in memory.pools)) fail(`pool '${pool}' was not planned`);
    return { size: memory.pools[pool], align: plan.pools[pool].align };
  };
  interface Span { label: string; pool: string; start: number; end: number; from: number; to: number; group: number }
  const spans: Span[] = [];
  const within = (label: string, pool: string, start: number, bytes: number) => {
    const { size, align } = poolOf(pool);
    if (start % align !== 0) fail(`${label} at byte ${start} is not aligned to ${align}`);
    if (start < 0 || start + bytes > size) fail(`${label} [${start}, ${start + bytes}) lies outside the ${size}-byte pool '${pool}'`);
  };

  // A view shares its source's storage; an in-place output may share its dying read's. Both are one
  // group for the overlap check, which then requires the group's members not to be live apart.
  const group = new Map<number, number>();
  const groupOf = (id: number): number => (group.has(id) ? groupOf(group.get(id)!) : id);
  program.steps.forEach((step, index) => {
    const choice = plan.kernels[index];
    if (choice.view) {
      const source = viewSource(step, choice);
      if (memory.values[step.output.id] !== memory.values[source.id]) fail(`${describe(step, index)} is a view, but its output is not placed on value ${source.id}`);
      group.set(step.output.id, source.id);
    } else if (choice.inPlace !== undefined && memory.values[step.output.id] === memory.values[(step.reads as Record<string, Value>)[choice.inPlace]?.id]) {
      const read = (step.reads as Record<string, Value>)[choice.inPlace];
      if (lastUse.get(read.id)! > index) fail(`${describe(step, index)} writes in place over value ${read.id}, which is read again at step ${lastUse.get(read.id)}`);
      group.set(step.output.id, read.id);
    }
    for (const slot of choice.within ?? []) {
      const read = (step.reads as Record<string, Value | undefined>)[slot];
      if (!read) fail(`${describe(step, index)} stores '${slot}' within its output, but it does not read it`);
      if (memory.values[read!.id] !== memory.values[step.output.id]) fail(`${describe(step, index)} stores '${slot}' (value ${read!.id}) within its output, but it is not placed there`);
      group.set(read!.id, step.output.id);
    }
  });
  const live = new Map<number, { from: number; to: number }>();
  for (const value of program.values) {
    if (!written.has(value.id)) continue;
    const id = groupOf(value.id);
    const range = live.get(id) ?? { from: written.get(value.id)!, to: written.get(value.id)! };
    range.from = Math.min(range.from, written.get(value.id)!);
    range.to = Math.max(range.to, lastUse.get(value.id) ?? written.get(value.id)!);
    live.set(id, range);
  }
  for (const value of program.values) {
    if (!written.has(value.id)) continue;
    const bytes = plan.valueBytes(value);
    const start = memory.values[value.id];
    within(`value ${value.id} ${JSON.stringify(value.shape)}`, plan.valuePool, start, bytes);
    const range = live.get(groupOf(value.id))!;
    spans.push({ label: `value ${value.id} ${JSON.stringify(value.shape)}`, pool: plan.valuePool, start, end: start + bytes, from: range.from, to: range.to, group: groupOf(value.id) });
  }
  program.steps.forEach((step, index) => {
    for (const [slot, temporary] of Object.entries(plan.kernels[index].temporaries)) {
      const placed = memory.temporaries[index]?.[slot];
      if (!placed) fail(`${describe(step, index)}: temporary '${slot}' was not placed`);
      if (placed!.bytes < temporary.bytes || placed!.pool !== temporary.pool) fail(`${describe(step, index)}: temporary '${slot}' was placed with ${placed!.bytes} bytes in '${placed!.pool}', it needs ${temporary.bytes} in '${temporary.pool}'`);
      within(`${describe(step, index)} temporary '${slot}'`, placed!.pool, placed!.offset, temporary.bytes);
      spans.push({ label: `${describe(step, index)} temporary '${slot}'`, pool: placed!.pool, start: placed!.offset, end: placed!.offset + temporary.bytes, from: index - (temporary.earlier ?? 0), to: index, group: -1 - spans.length });
    }
  });

  for (const [name, buffer] of Object.entries(plan.buffers ?? {})) {
    const placed = memory.buffers[name];
    if (!placed) fail(`the target's buffer '${name}' was not placed`);
    within(`buffer '${name}'`, buffer.pool, placed!.offset, buffer.bytes);
    spans.push({ label: `buffer '${name}'`, pool: buffer.pool, start: placed!.offset, end: placed!.offset + buffer.bytes, from: -1, to: program.steps.length, group: -1 - spans.length });
  }

  // No overlap: sweep each pool's spans by start; compare only with spans still open.
  const byPool = new Map<string, Span[]>();
  for (const span of spans) if (span.end > span.start) byPool.set(span.pool, [...(byPool.get(span.pool) ?? []), span]);
  for (const members of byPool.values()) {
    members.sort((a, b) => a.start - b.start);
    const open: Span[] = [];
    for (const span of members) {
      for (let i = open.length - 1; i >= 0; i--) if (open[i].end <= span.start) open.splice(i, 1);
      for (const other of open) {
        if (other.group === span.group) continue;
        if (other.from <= span.to && span.from <= other.to) {
          fail(`${other.label} and ${span.label} overlap in pool bytes [${Math.max(other.start, span.start)}, ${Math.min(other.end, span.end)}) while both are live (steps ${Math.max(other.from, span.from)}–${Math.min(other.to, span.to)})`);
        }
      }
      open.push(span);
    }
  }
}
