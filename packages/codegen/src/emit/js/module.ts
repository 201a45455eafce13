/**
 * The JavaScript target: packs the weights the way its kernels read them, then writes one ES module
 * with a function per fused layer, `forward(a, w)` calling them in order, and `prepare(s)` turning the
 * stored weights into the runtime weights once at load. No imports, no eval, no allocation per run:
 * `a` is the arena, `w` the runtime weights, every size and offset a literal.
 */
import type { Program, Step, WeightRef, WeightSegment } from '../../plan/program';
import { sanitizeComment, SourceWriter } from '../writer';
import { erfSource } from './epilogue';
import { emitters, expanders, packWeight } from './registry';

function weightRefsOf(step: Step): { ref: WeightRef; main: boolean }[] {
  switch (step.kind) {
    case 'conv2d':
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
  runtimeWeightFloats: number;
  segments: WeightSegment[];
}

/**
 * Lays out every weight the steps read: in the stored array (what ships) and in the runtime array the
 * kernels read, setting each reference's runtime offset. The two differ only where a kernel expands
 * its weight at load.
 */
export function packWeights(steps: Step[], params: Map<string, Float32Array>): PackedWeights {
  const chunks: Float32Array[] = [];
  const refs: WeightRef[] = [];
  const segments: WeightSegment[] = [];
  const placed = new Map<string, number>();
  let stored = 0;
  let runtime = 0;
  for (const step of steps) {
    for (const { ref, main } of weightRefsOf(step)) {
      const key = `${ref.name}#${main ? step.kernel : ''}`;
      if (placed.has(key)) {
        ref.offset = placed.get(key)!;
        continue;
      }
      const raw = params.get(ref.name)!;
      const packed = main ? packWeight(step, raw) : { stored: raw, runtimeLength: raw.length };
      ref.offset = runtime;
      ref.length = packed.runtimeLength;
      placed.set(key, runtime);
      chunks.push(packed.stored);
      refs.push(ref);
      const last = segments.at(-1);
      if (!packed.expand && last && !last.expand) {
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
  return { weights, refs, runtimeWeightFloats: runtime, segments };
}

/**
 * The runtime weights from stored ones, as the emitted `prepare(s)` computes them: for tests and
 * tools that run a program's `forward` without its module's `prepare`.
 */
export function prepareWeights(program: Pick<Program, 'weights' | 'runtimeWeightFloats' | 'weightSegments'>): Float32Array {
  if (program.weightSegments.every((s) => !s.expand)) return program.weights;
  const w = new Float32Array(program.runtimeWeightFloats);
  for (const segment of program.weightSegments) {
    if (segment.expand) expanders[segment.expand.fn](program.weights, segment.from, w, segment.to, ...segment.expand.args);
    else w.set(program.weights.subarray(segment.from, segment.from + segment.storedLength), segment.to);
  }
  return w;
}

function emitPrepare(program: Program, w: SourceWriter): void {
  const expanding = program.weightSegments.filter((s) => s.expand);
  w.line();
  if (expanding.length === 0) {
    w.comment('prepare(s): the kernels read the stored weights as they are.');
    w.block('export function prepare(s)', () => w.line('return s;'));
    return;
  }
  for (const fn of new Set(expanding.map((s) => s.expand!.fn))) {
    for (const line of expanders[fn].toString().split('\n')) w.line(line);
    w.line();
  }
  w.comment(`prepare(s): the ${program.weights.length} stored floats → the ${program.runtimeWeightFloats} the kernels read, expanded once at load.`);
  w.block('export function prepare(s)', () => {
    w.line(`const w = new Float32Array(${program.runtimeWeightFloats});`);
    for (const segment of program.weightSegments) {
      if (segment.expand) w.line(`${segment.expand.fn}(s, ${segment.from}, w, ${segment.to}, ${segment.expand.args.join(', ')});`);
      else w.line(`w.set(s.subarray(${segment.from}, ${segment.from + segment.storedLength}), ${segment.to});`);
    }
    w.line('return w;');
  });
}

const shapeText = (shape: number[]) => `[${shape.join(', ')}]`;

function inputsOf(step: Step) {
  return step.kind === 'concat' || step.kind === 'binary' ? step.inputs : [step.input];
}

/** The module source for a planned program (offsets and weight refs already set). */
export function emitJavaScript(program: Program): string {
  const w = new SourceWriter();
  w.comment(`Generated by Stride for model ${program.name}. Do not edit: rebuild with \`stride build\`.`);
  w.comment(`forward(a, w): a is the arena (${program.arenaFloats} floats), w the runtime weights (${program.runtimeWeightFloats} floats, from prepare).`);
  for (const input of program.inputs) w.comment(`input ${input.name} ${shapeText(input.value.shape)} at a[${input.value.offset}]`);
  for (const output of program.outputs) w.comment(`output ${output.name} ${shapeText(output.value.shape)} at a[${output.value.offset}]`);
  if (program.steps.some((s) => s.kind === 'activation' && s.activation.op === 'gelu' || ('epilogue' in s && s.epilogue.activation?.op === 'gelu') || (s.kind === 'binary' && s.activation?.op === 'gelu'))) {
    w.line();
    for (const line of erfSource.split('\n')) w.line(line);
  }
  program.steps.forEach((step, index) => {
    w.line();
    w.comment(`${step.layers.join(' + ')}: ${step.kernel}, ${inputsOf(step).map((v) => shapeText(v.shape)).join(' & ')} → ${shapeText(step.output.shape)}`);
    w.block(`function step${index}(a, w)`, () => (emitters[step.kind] as (s: Step, writer: SourceWriter) => void)(step, w));
  });
  w.line();
  w.block('export function forward(a, w)', () => {
    program.steps.forEach((step, index) => w.line(`step${index}(a, w); // ${sanitizeComment(step.layers.join(' + '))}`));
  });
  emitPrepare(program, w);
  return w.toString();
}
