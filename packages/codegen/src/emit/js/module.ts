/**
 * The JavaScript target: packs the weights the way its kernels read them, then writes one ES module
 * with a function per distinct fused layer (layers of one shape share it), `forward(a, w, d, u)`
 * calling them in order with each layer's offsets as literals, `prepare(s)` turning the stored weights
 * into the runtime weights once at load, and `scratch()` making an instance's float64 scratch. No
 * imports, no eval, no allocation per run: `a` is the arena, `d` the scratch, `w` and `u` the runtime
 * weights; every size and stride is a literal in the kernels.
 */
import type { Program, Step, WeightRef, WeightSegment } from '../../plan/program.js';
import { sanitizeComment, SourceWriter } from '../writer.js';
import { erfSource, number } from './epilogue.js';
import { derivedExpansion, emitters, expanders, packWeight, usesDoubles } from './registry.js';
import { slotsUsed, slotValues } from './slots.js';

/** The weights a step reads: stored ones (shipped), and ones derived from a stored one at load. */
function weightRefsOf(step: Step): { ref: WeightRef; main: boolean; derivedFrom?: WeightRef }[] {
  switch (step.kind) {
    case 'conv2d':
      return [
        { ref: step.weight, main: true },
        ...(step.epilogue.bias ? [{ ref: step.epilogue.bias, main: false }] : []),
        ...(step.winogradRows ? [{ ref: step.winogradRows.filters, main: false, derivedFrom: step.weight }] : []),
      ];
    case 'convTranspose2d':
    case 'linear':
      return [{ ref: step.weight, main: true }, ...(step.epilogue.bias ? [{ ref: step.epilogue.bias, main: false }] : [])];
    case 'batchNorm2d':
      return [{ ref: step.scale, main: false }, { ref: step.shift, main: false }];
    default:
      return [];
  }
}

export interface PackedWeights {
  /** What the bundle ships. */
  weights: Float32Array;
  refs: WeightRef[];
  /** Sizes of the runtime weights: `w` (float32) and `u` (float64). */
  runtimeWeightFloats: number;
  runtimeWeightDoubles: number;
  segments: WeightSegment[];
}

/**
 * Lays out every weight the steps read: in the stored array (what ships) and in the runtime arrays
 * the kernels read (`w`, and `u` for float64), setting each reference's runtime offset. Stored and
 * runtime layouts differ only where a kernel expands a weight at load.
 */
export function packWeights(steps: Step[], params: Map<string, Float32Array>): PackedWeights {
  const chunks: Float32Array[] = [];
  const refs: WeightRef[] = [];
  const segments: WeightSegment[] = [];
  const placed = new Map<string, number>();
  /** Where each placed stored tensor starts in the stored array, by placement key. */
  const storedAt = new Map<string, number>();
  let stored = 0;
  let runtime = 0;
  let runtime64 = 0;
  for (const step of steps) {
    for (const { ref, main, derivedFrom } of weightRefsOf(step)) {
      const key = `${ref.name}#${main ? step.kernel : ''}`;
      if (placed.has(key)) {
        ref.offset = placed.get(key)!;
        continue;
      }
      if (derivedFrom) {
        // Expanded at load from a tensor already in the stored array; ships nothing of its own.
        const expand = derivedExpansion(step);
        const f64 = ref.dtype === 'f64';
        ref.offset = f64 ? runtime64 : runtime;
        placed.set(key, ref.offset);
        refs.push(ref);
        segments.push({ from: storedAt.get(`${derivedFrom.name}#${step.kernel}`)!, to: ref.offset, storedLength: derivedFrom.length, runtimeLength: ref.length, expand, ...(f64 ? { dtype: 'f64' as const } : {}) });
        if (f64) runtime64 += ref.length;
        else runtime += ref.length;
        continue;
      }
      const raw = params.get(ref.name)!;
      const packed = main ? packWeight(step, raw) : { stored: raw, runtimeLength: raw.length };
      ref.offset = runtime;
      ref.length = packed.runtimeLength;
      placed.set(key, runtime);
      storedAt.set(key, stored);
      chunks.push(packed.stored);
      refs.push(ref);
      const last = segments.at(-1);
      if (!packed.expand && last && !last.expand && last.from + last.storedLength === stored && last.to + last.runtimeLength === runtime) {
        last.storedLength += packed.stored.length;
        last.runtimeLength += packed.stored.length;
      } else {
        segments.push({ from: stored, to: runtime, storedLength: packed.stored.length, runtimeLength: packed.runtimeLength, ...(packed.expand ? { expand: packed.expand } : {}) });
      }
      stored += packed.stored.length;
      runtime += packed.runtimeLength;
    }
  }
  const weights = new Float32Array(stored);
  let position = 0;
  for (const chunk of chunks) {
    weights.set(chunk, position);
    position += chunk.length;
  }
  return { weights, refs, runtimeWeightFloats: runtime, runtimeWeightDoubles: runtime64, segments };
}

/**
 * Runtime weights up to this many elements are kept as a plain array of doubles (8 bytes each)
 * rather than a Float32Array (4): V8 reads plain arrays without the typed-array checks whose cost
 * grows once any ArrayBuffer in the process has been detached (a transfer, a WebAssembly memory
 * growing) — LeNet-5 then runs 134 µs instead of 105. Beyond 4 Mi elements (32 MB) memory wins.
 */
export const plainWeightLimit = 4 * 1024 * 1024;

/**
 * A packed array of doubles from the first `length` values of `source` (zeros when null). Emitted
 * into every module by its source text, so it stays self-contained. Starting from [0.5] and popping
 * makes the array hold doubles from the start: no elements-kind change when kernels store into it.
 */
export function doubles(source: ArrayLike<number> | null, length: number): number[] {
  const out = [0.5];
  out.pop();
  for (let i = 0; i < length; i++) out.push(source === null ? 0 : source[i]);
  return out;
}

function emitPrepare(program: Program, w: SourceWriter): void {
  const expanding = program.weightSegments.filter((s) => s.expand);
  const plain = program.runtimeWeightFloats <= plainWeightLimit;
  w.line();
  for (const line of doubles.toString().split('\n')) w.line(line);
  w.line();
  w.comment(`scratch(): the float64 scratch (${program.scratchDoubles} doubles), one per network instance.`);
  w.block('export function scratch()', () => w.line(`return doubles(null, ${program.scratchDoubles});`));
  w.line();
  const kept = plain ? 'as plain arrays of doubles' : 'w as a Float32Array, u as doubles';
  if (expanding.length === 0) {
    w.comment(`prepare(s): the kernels read the stored weights as they are, ${kept}.`);
    w.block('export function prepare(s)', () => w.line(`return { w: ${plain ? 'doubles(s, s.length)' : 's'}, u: [] };`));
    return;
  }
  for (const fn of new Set(expanding.map((s) => s.expand!.fn))) {
    for (const line of expanders[fn].toString().split('\n')) w.line(line);
    w.line();
  }
  const extra = program.runtimeWeightDoubles > 0 ? ` and ${program.runtimeWeightDoubles} doubles` : '';
  w.comment(`prepare(s): the ${program.weights.length} stored floats → the ${program.runtimeWeightFloats} floats${extra} the kernels read, expanded once at load, ${kept}.`);
  w.block('export function prepare(s)', () => {
    w.line(`const w = new Float32Array(${program.runtimeWeightFloats}), u = new Float64Array(${program.runtimeWeightDoubles});`);
    for (const segment of program.weightSegments) {
      if (segment.expand) w.line(`${segment.expand.fn}(s, ${segment.from}, ${segment.dtype === 'f64' ? 'u' : 'w'}, ${segment.to}, ${segment.expand.args.map(number).join(', ')});`);
      else w.line(`w.set(s.subarray(${segment.from}, ${segment.from + segment.storedLength}), ${segment.to});`);
    }
    w.line(`return { w: ${plain ? 'doubles(w, w.length)' : 'w'}, u: doubles(u, u.length) };`);
  });
}

const shapeText = (shape: number[]) => `[${shape.join(', ')}]`;

function inputsOf(step: Step) {
  return step.kind === 'concat' || step.kind === 'binary' ? step.inputs : [step.input];
}

interface Kernel {
  name: string;
  /** `a, w` (and `d, u` for kernels with float64 scratch or weights), then the slots the body uses. */
  parameters: string[];
  body: string;
  signature: string;
  steps: Step[];
}

/**
 * The module source for a planned program (offsets and weight refs already set). Steps whose kernel
 * bodies come out identical — same op, shapes and fusions, whatever their offsets — share one
 * function; `forward` calls each with its offsets as literals.
 */
export function emitJavaScript(program: Program): string {
  const kernels = new Map<string, Kernel>();
  const calls = program.steps.map((step) => {
    const body = new SourceWriter();
    (emitters[step.kind] as (s: Step, writer: SourceWriter) => void)(step, body);
    const text = body.toString();
    const parameters = [...(usesDoubles(step) ? ['a', 'w', 'd', 'u'] : ['a', 'w']), ...slotsUsed(text)];
    const signature = `${step.kernel}, ${inputsOf(step).map((v) => shapeText(v.shape)).join(' & ')} → ${shapeText(step.output.shape)}`;
    const key = `${parameters.join()}\n${text}`;
    let kernel = kernels.get(key);
    if (!kernel) {
      kernel = { name: `k${kernels.size}`, parameters, body: text, signature, steps: [] };
      kernels.set(key, kernel);
    }
    kernel.steps.push(step);
    const values = slotValues(step);
    const args = parameters.map((p) => (p.startsWith('$') ? String(values.get(p)) : p));
    return `${kernel.name}(${args.join(', ')}); // ${sanitizeComment(step.layers.join(' + '))}`;
  });

  const w = new SourceWriter();
  w.comment(`Generated by Stride for model ${program.name}. Do not edit: rebuild with \`stride build\`.`);
  w.comment(`forward(a, w, d, u): a is the arena (${program.arenaFloats} floats), d the float64 scratch (${program.scratchDoubles}, from scratch()), w and u the runtime weights (${program.runtimeWeightFloats} floats, ${program.runtimeWeightDoubles} doubles, from prepare).`);
  w.comment('Kernels take the offsets of their tensors ($in, $out, $w, …) as parameters; every size and stride is in their code.');
  for (const input of program.inputs) w.comment(`input ${input.name} ${shapeText(input.value.shape)} at a[${input.value.offset}]`);
  for (const output of program.outputs) w.comment(`output ${output.name} ${shapeText(output.value.shape)} at a[${output.value.offset}]`);
  if (program.steps.some((s) => s.kind === 'activation' && s.activation.op === 'gelu' || ('epilogue' in s && s.epilogue.activation?.op === 'gelu') || (s.kind === 'binary' && s.activation?.op === 'gelu'))) {
    w.line();
    for (const line of erfSource.split('\n')) w.line(line);
  }
  for (const kernel of kernels.values()) {
    w.line();
    const layers = kernel.steps.map((s) => s.layers.join(' + '));
    w.comment(`${kernel.signature}: ${kernel.steps.length === 1 ? layers[0] : `${kernel.steps.length} layers (${layers.join(', ')})`}`);
    w.block(`function ${kernel.name}(${kernel.parameters.join(', ')})`, () => {
      for (const line of kernel.body.replace(/\n$/, '').split('\n')) w.line(line);
    });
  }
  w.line();
  w.block('export function forward(a, w, d, u)', () => {
    for (const call of calls) w.line(call);
  });
  emitPrepare(program, w);
  return w.toString();
}
