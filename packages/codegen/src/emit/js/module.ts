/**
 * The JavaScript kernels module: a function per distinct fused layer (layers of one shape share it),
 * `forward(a, w, d, u)` calling them in order with each layer's offsets as literals, `prepare(s)`
 * turning the stored weights into the runtime weights once at load, and `scratch()` making an
 * instance's float64 scratch. No imports, no eval, no allocation per run: `a` is the arena, `d` the
 * scratch, `w` and `u` the runtime weights; every size and stride is a literal in the kernels.
 */
import { readsOf } from '../../plan/operands.js';
import type { MemoryPlan } from '../../plan/memory.js';
import type { Program, Step } from '../../plan/program.js';
import { SourceWriter, userText } from '../writer.js';
import { number, usesGelu } from './epilogue.js';
import { helpers, type Helper } from './helpers.js';
import { doubles, type JsKernel } from './kernel.js';
import { kernels, type KernelKind } from './registry.js';
import { parameterOf, parametersUsed } from './slots.js';
import type { PackedWeights } from './weights.js';

/**
 * Runtime weights up to this many elements are kept as a plain array of doubles (8 bytes each)
 * rather than a Float32Array (4): V8 reads plain arrays without the typed-array checks whose cost
 * grows once any ArrayBuffer in the process has been detached (a transfer, a WebAssembly memory
 * growing) — LeNet-5 then runs 134 µs instead of 105. Beyond 4 Mi elements (32 MB) memory wins.
 */
export const plainWeightLimit = 4 * 1024 * 1024;

/** Bytes the runtime weights take once `prepare` has run. */
export function runtimeWeightBytes(packed: PackedWeights): number {
  return packed.runtimeFloats * (packed.runtimeFloats <= plainWeightLimit ? 8 : 4) + packed.runtimeDoubles * 8;
}

export interface ModuleInput {
  program: Program;
  choices: JsKernel[];
  memory: MemoryPlan;
  weights: PackedWeights;
}

const shapeText = (shape: number[]) => `[${shape.join(', ')}]`;

interface Kernel {
  name: string;
  /** `a, w` (and `d, u` for kernels with float64 scratch or weights), then the slots the body uses. */
  parameters: string[];
  body: string;
  signature: string;
  steps: Step[];
}

/** Every parameter's value for one step: arena offsets in floats, scratch in doubles, weights in their array, a table's array by name. */
function parameterValues(input: ModuleInput, index: number, tables: Map<string, string>): Map<string, number | string> {
  const { program, choices, memory, weights } = input;
  const step = program.steps[index];
  const floats = (bytes: number) => bytes / 4;
  const values = new Map<string, number | string>([['$out', floats(memory.values[step.output.id])]]);
  const kind = kernels[step.kind] as KernelKind<typeof step.kind>;
  for (const [slot, table] of Object.entries(kind.tables?.(step as never, choices[index]) ?? {})) values.set(parameterOf(slot), tableName(tables, table));
  for (const [slot, value] of readsOf(step)) {
    // The residual is read at the output's index: its parameter is the distance between the two.
    values.set(parameterOf(slot), floats(memory.values[value.id]) - (slot === 'residual' ? floats(memory.values[step.output.id]) : 0));
  }
  for (const [slot, offset] of Object.entries(weights.offsets[index])) values.set(parameterOf(slot), offset);
  for (const [slot, placed] of Object.entries(memory.temporaries[index])) {
    values.set(parameterOf(slot), placed.offset / (placed.pool === doubles ? 8 : 4));
  }
  return values;
}

/** The module-level array holding a table's values: one per distinct table, `t0`, `t1`, … */
function tableName(tables: Map<string, string>, values: number[]): string {
  const text = `[${values.map(number).join(', ')}]`;
  let name = tables.get(text);
  if (name === undefined) tables.set(text, (name = `t${tables.size}`));
  return name;
}

function emitPrepare(input: ModuleInput, w: SourceWriter, scratchDoubles: number): void {
  const { weights } = input;
  const expanding = weights.segments.filter((s) => s.expand);
  const plain = weights.runtimeFloats <= plainWeightLimit;
  // The doubles (Winograd row filters) likewise: a plain array up to the limit, else the Float64Array
  // itself (ResNet-34's 8.6 M took 1.4 s to copy into a plain array at load).
  const plainDoubles = weights.runtimeDoubles <= plainWeightLimit;
  w.line();
  for (const line of helpers.doubles.split('\n')) w.line(line);
  w.line();
  w.comment(`scratch(): the float64 scratch (${scratchDoubles} doubles), one per network instance.`);
  w.block('export function scratch()', () => w.line(`return doubles(null, ${scratchDoubles});`));
  w.line();
  const kept = `${plain ? (plainDoubles ? 'as plain arrays of doubles' : 'w as a plain array of doubles') : 'w as a Float32Array'}${plainDoubles ? (plain ? '' : ', u as doubles') : ', u as a Float64Array'}`;
  if (expanding.length === 0) {
    w.comment(`prepare(s): the kernels read the stored weights as they are, ${kept}.`);
    w.block('export function prepare(s)', () => w.line(`return { w: ${plain ? 'doubles(s, s.length)' : 's'}, u: [] };`));
    return;
  }
  for (const helper of [...new Set(expanding.map((s) => s.expand!.helper))].sort()) {
    for (const line of helpers[helper].split('\n')) w.line(line);
    w.line();
  }
  const extra = weights.runtimeDoubles > 0 ? ` and ${weights.runtimeDoubles} doubles` : '';
  w.comment(`prepare(s): the ${weights.stored.length} stored floats → the ${weights.runtimeFloats} floats${extra} the kernels read, expanded once at load, ${kept}.`);
  w.block('export function prepare(s)', () => {
    w.line(`const w = new Float32Array(${weights.runtimeFloats}), u = new Float64Array(${weights.runtimeDoubles});`);
    for (const segment of weights.segments) {
      if (segment.expand) w.line(`${segment.expand.helper}(s, ${segment.from}, ${segment.dtype === 'f64' ? 'u' : 'w'}, ${segment.to}, ${segment.expand.args.map(number).join(', ')});`);
      else w.line(`w.set(s.subarray(${segment.from}, ${segment.from + segment.storedLength}), ${segment.to});`);
    }
    w.line(`return { w: ${plain ? 'doubles(w, w.length)' : 'w'}, u: ${plainDoubles ? 'doubles(u, u.length)' : 'u'} };`);
  });
}

/**
 * The module source for a planned program. Steps whose kernel bodies come out identical — same op,
 * shapes and fusions, whatever their offsets — share one function; `forward` calls each with its
 * offsets as literals. Views (reshape) run no code and get no call.
 */
export function emitModule(input: ModuleInput): string {
  const { program, choices, memory } = input;
  const kernelsByBody = new Map<string, Kernel>();
  const tables = new Map<string, string>();
  const calls: string[] = [];
  program.steps.forEach((step, index) => {
    const choice = choices[index];
    if (choice.view) return;
    const body = new SourceWriter();
    (kernels[step.kind] as KernelKind<typeof step.kind>).emit(step as never, choice, body);
    const text = body.toString();
    // Kernels with float64 scratch (and the float64 weights derived for them) also take `d` and `u`.
    const float64 = Object.values(choice.temporaries).some((t) => t.pool === doubles);
    const parameters = [...(float64 ? ['a', 'w', 'd', 'u'] : ['a', 'w']), ...parametersUsed(text)];
    const signature = `${choice.kernel}, ${readsOf(step).filter(([slot]) => slot !== 'residual').map(([, v]) => shapeText(v.shape)).join(' & ')} → ${shapeText(step.output.shape)}`;
    const key = `${parameters.join()}\n${text}`;
    let kernel = kernelsByBody.get(key);
    if (!kernel) {
      kernel = { name: `k${kernelsByBody.size}`, parameters, body: text, signature, steps: [] };
      kernelsByBody.set(key, kernel);
    }
    kernel.steps.push(step);
    const values = parameterValues(input, index, tables);
    const args = parameters.map((p) => {
      if (!p.startsWith('$')) return p;
      if (!values.has(p)) throw new Error(`codegen: ${choice.kernel} uses ${p}, which step ${index} (${step.layers.join(' + ')}) does not provide`);
      return String(values.get(p));
    });
    calls.push(`${kernel.name}(${args.join(', ')}); // ${userText(step.layers.join(' + '))}`);
  });

  const arenaFloats = (memory.pools.arena ?? 0) / 4;
  const scratchDoubles = (memory.pools.doubles ?? 0) / 8;
  const w = new SourceWriter();
  w.comment(`Generated by Stride for model ${userText(program.name)}. Do not edit: rebuild with 'stride build'.`);
  w.comment(`forward(a, w, d, u): a is the arena (${arenaFloats} floats), d the float64 scratch (${scratchDoubles} doubles, from scratch()), w and u the runtime weights (${input.weights.runtimeFloats} floats, ${input.weights.runtimeDoubles} doubles, from prepare()).`);
  w.comment('Kernels take the offsets of their tensors ($in, $out, $w, …) as parameters; every size and stride is in their code.');
  for (const tensor of program.inputs) w.comment(`input ${userText(tensor.name)} ${shapeText(tensor.value.shape)} at a[${memory.values[tensor.value.id] / 4}]`);
  for (const tensor of program.outputs) w.comment(`output ${userText(tensor.name)} ${shapeText(tensor.value.shape)} at a[${memory.values[tensor.value.id] / 4}]`);
  const used = new Set<Helper>();
  if (usesGelu(program.steps)) used.add('erf');
  for (const helper of used) {
    w.line();
    for (const line of helpers[helper].split('\n')) w.line(line);
  }
  if (tables.size > 0) {
    w.line();
    w.comment('Constant tables the kernels read (upsampling\'s source taps, a gather\'s source offsets per dimension), computed by the compiler.');
    for (const [text, name] of tables) w.line(`const ${name} = ${text};`);
  }
  for (const kernel of kernelsByBody.values()) {
    w.line();
    const layers = kernel.steps.map((s) => s.layers.join(' + '));
    w.comment(`${kernel.signature}: ${userText(kernel.steps.length === 1 ? layers[0] : `${kernel.steps.length} layers (${layers.join(', ')})`)}`);
    w.block(`function ${kernel.name}(${kernel.parameters.join(', ')})`, () => {
      for (const line of kernel.body.replace(/\n$/, '').split('\n')) w.line(line);
    });
  }
  w.line();
  w.block('export function forward(a, w, d, u)', () => {
    for (const call of calls) w.line(call);
  });
  emitPrepare(input, w, scratchDoubles);
  return w.toString();
}
