/**
 * `checkProgram` refuses programs that break what program.ts promises — a step reading a value before
 * any step writes it, a value written twice, two live values sharing bytes, a value outside its pool
 * or off its alignment — and accepts every program the compiler plans (every test build runs it).
 */
import { describe, expect, it } from 'vitest';
import { add, elementCount, input, model } from '@stride/dsl';
import { seededWeights } from '@stride/runtime';
import { checkProgram, compileGraph, type CompiledProgram, type TargetPlan } from '../src/index.js';

const x = input([1, 4, 8, 8], { name: 'x' });
const a = x.conv2d({ outChannels: 4, kernelSize: 3, padding: 1, name: 'a' }).relu();
const b = a.conv2d({ outChannels: 4, kernelSize: 3, padding: 1, name: 'b' });
const y = add(b, x).relu().flatten().linear({ outFeatures: 3, name: 'fc' });
const graph = model({ name: 'checked', inputs: { x }, outputs: { y } }).toIR();

/** A compiled program's parts for `checkProgram`, deep-copied so each test may break its own. */
function parts() {
  const compiled: CompiledProgram = compileGraph(graph, seededWeights(graph, 1), { target: 'js' });
  const program = structuredClone(compiled.program);
  const memory = structuredClone(compiled.memory);
  const plan: TargetPlan = { kernels: structuredClone(compiled.kernels), pools: { arena: { align: 16 }, doubles: { align: 16 } }, valuePool: 'arena', valueBytes: (v) => 4 * elementCount(v.shape) };
  return { program, memory, plan };
}

describe('checkProgram', () => {
  it('accepts the program the compiler planned', () => {
    const { program, plan, memory } = parts();
    expect(() => checkProgram(program, plan, memory)).not.toThrow();
  });

  it('refuses a step that reads a value before any step writes it', () => {
    const { program, plan, memory } = parts();
    const [first, second] = program.steps;
    program.steps[0] = second;
    program.steps[1] = first;
    [plan.kernels[0], plan.kernels[1]] = [plan.kernels[1], plan.kernels[0]];
    expect(() => checkProgram(program, plan, memory)).toThrow(/step 0 \(conv2d b \+ add\[\w+\] \+ relu\[\d+\]\) reads value \d+ \(input\) before any step writes it/);
  });

  it('refuses a value written by two steps', () => {
    const { program, plan, memory } = parts();
    program.steps[1] = { ...program.steps[1], output: program.steps[0].output } as typeof program.steps[1];
    expect(() => checkProgram(program, plan, memory)).toThrow(/writes value \d+, already written by step 0/);
  });

  it('refuses two live values that share bytes', () => {
    const { program, plan, memory } = parts();
    // conv a's output is live while conv b reads it and writes its own: put b's output (and the
    // flatten that views it) on it.
    const aOut = program.steps[0].output.id;
    for (const view of [program.steps[1].output.id, program.steps[2].output.id]) memory.values[view] = memory.values[aOut];
    expect(() => checkProgram(program, plan, memory)).toThrow(/value \d+ \[1,4,8,8\] and value \d+ \[1,4,8,8\] overlap in pool bytes \[\d+, \d+\) while both are live \(steps 1–1\)/);
  });

  it('refuses a temporary placed over a value its step reads', () => {
    const { program, plan, memory } = parts();
    memory.temporaries[0].padded.offset = memory.values[program.inputs[0].value.id];
    expect(() => checkProgram(program, plan, memory)).toThrow(/temporary 'padded'.* overlap|overlap.*temporary 'padded'/);
  });

  it('refuses a value outside its pool or off its alignment', () => {
    const outside = parts();
    outside.memory.values[outside.program.outputs[0].value.id] = outside.memory.pools.arena;
    expect(() => checkProgram(outside.program, outside.plan, outside.memory)).toThrow(/lies outside the \d+-byte pool 'arena'/);
    const unaligned = parts();
    unaligned.memory.values[unaligned.program.outputs[0].value.id] += 4;
    expect(() => checkProgram(unaligned.program, unaligned.plan, unaligned.memory)).toThrow(/is not aligned to 16/);
  });
});
