/**
 * Where a kernel's tensors are: the arena, scratch and weight offsets it reads and writes, passed as
 * its parameters (`$in`, `$out`, `$w`, …) with their values written as literals at each call in
 * `forward`. Kernel bodies bake in every size and stride but no address, so layers of the same shape
 * and fusion share one function: less code to ship and for the JIT to compile on the first run
 * (MobileNetV2: 54 layers, 32 kernels).
 *
 * A parameter is a step's operand slot (program.ts), one of the kernel choice's temporaries, a
 * derived weight, or a constant table, under a short name; its value comes from the memory plan, the
 * weight packing, or (a table) the name of the module-level array that holds it.
 */

/** Slot → parameter name. Concatenation and binary inputs `in0`, `in1`, … become `$in0`, `$in1`, … */
const parameterNames: Record<string, string> = {
  input: '$in', output: '$out', weight: '$w', bias: '$bias', residual: '$res', scale: '$scale', shift: '$shift',
  padded: '$pad', scratch: '$tmp', filters: '$u', rows: '$rows', columns: '$cols', axes: '$axes',
};

/** The parameter order (inputs `$in0`, `$in1`, … come right after `$in`). */
const order = ['$in', '$out', '$w', '$bias', '$res', '$scale', '$shift', '$pad', '$tmp', '$u', '$rows', '$cols', '$axes'];

export function parameterOf(slot: string): string {
  const input = /^in(\d+)$/.exec(slot);
  if (input) return `$in${input[1]}`;
  const name = parameterNames[slot];
  if (!name) throw new Error(`codegen: the JavaScript target has no parameter for slot '${slot}'`);
  return name;
}

/** The parameters a kernel body's code uses (comments aside), in parameter order. */
export function parametersUsed(body: string): string[] {
  const code = body.split('\n').filter((line) => !line.trimStart().startsWith('//')).join('\n');
  return [...new Set(code.match(/\$[a-z]+\d*/g) ?? [])].sort((a, b) => rank(a) - rank(b));
}

function rank(name: string): number {
  const input = /^\$in(\d+)$/.exec(name);
  if (input) return 0.5 + Number(input[1]) / 1e6;
  const index = order.indexOf(name);
  if (index < 0) throw new Error(`codegen: a kernel uses ${name}, which is no parameter`);
  return index;
}
