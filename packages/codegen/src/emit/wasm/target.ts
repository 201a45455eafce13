/**
 * The WebAssembly SIMD target: one module per network, every size, stride, offset and border baked
 * into its kernels, over one linear memory laid out as
 *
 *   [ values, temporaries and the NCHW staging of inputs and outputs (the memory plan's pool) ]
 *   [ weights as the kernels read them (from `weightsBase`) ]
 *
 * Values are NHWC with channels as vector lanes and stored borders (layout.ts); the caller's inputs
 * and outputs stay NCHW in their staging buffers, converted by the module's first and last kernels.
 * A consumer fills the border it reads before it runs (kernel.ts). `forward()` runs everything.
 */
import { elementCount } from '@stride/dsl';
import { readersOf, weightsOf } from '../../plan/operands.js';
import { alignUp, viewSource } from '../../plan/memory.js';
import type { Program, StepOf, Value } from '../../plan/program.js';
import type { Target, TargetArtifact, TargetPlan } from '../../target.js';
import { byteLiteral, literal, SourceWriter, userText } from '../writer.js';
import { FunctionBuilder, ModuleBuilder } from './encoder.js';
import { winogradFiltersName, winogradFiltersSource, winogradHelperId, winogradHelperScheme, type WasmHelper } from './helpers.js';
import { channelSlice, type NhwcBuffer } from './kernels/buffer.js';
import { fillBorderKernel, nchwToNhwcKernel, nhwcToNchwKernel } from './kernels/layout.js';
import { padBorderKernel } from './kernels/padBorder.js';
import { memory as pool, type WasmKernel } from './kernel.js';
import { placeConcats, placements } from './placement.js';
import { channelSliceViews } from './views.js';
import { bufferAt, layoutBytes, view4, widen, type ValueLayout } from './layout.js';
import { kernels, readsPacked, type KernelContext, type PackedWeight, type WasmKernelKind } from './registry.js';
import { winogradScheme } from '../../plan/winograd.js';
import { warmFunction } from './warm.js';
import { channelsInFloats, fewUnits, inputMs, splits, stepMs, type SplitPolicy, type SplitStep, type ThreadSchedule } from './threads.js';

const align = 16;

/** One run of `prepare`: stored floats [from, from + length) → memory floats from `to`, copied or expanded. */
interface Segment {
  from: number;
  to: number;
  length: number;
  expand: { helper: WasmHelper; args: number[] };
}

/** Each value's storage root (a view reads its source's buffer, a placed concat input is its output's), every root's layout, and each value's buffer (a channel slice of its root's for placed values and slice views). */
interface Layouts {
  root(value: Value): Value;
  layout(value: Value): ValueLayout;
  /** The value's buffer where its root starts at byte `start`: the root's, or a channel slice of it. */
  buffer(value: Value, start: number): NhwcBuffer;
}

function layoutsOf(program: Program, choices: WasmKernel[]): Layouts {
  const viewOf = new Map<number, Value>();
  // Channel slices of another value's buffer: placed concat inputs, and slice and concat views.
  const placed = placements(program, choices);
  program.steps.forEach((step, index) => {
    const choice = choices[index];
    if (choice.view) viewOf.set(step.output.id, viewSource(step, choice));
    if (choice.slice) placed.set(step.output.id, { whole: viewSource(step, choice), first: choice.slice.first });
  });
  const root = (value: Value): Value => {
    const source = viewOf.get(value.id) ?? placed.get(value.id)?.whole;
    return source ? root(source) : value;
  };
  const layouts = new Map<number, ValueLayout>();
  const layoutOf = (value: Value) => {
    const base = root(value);
    let layout = layouts.get(base.id);
    if (!layout) layouts.set(base.id, (layout = { view: view4(base.shape), border: { top: 0, bottom: 0, left: 0, right: 0 } }));
    return layout;
  };
  program.steps.forEach((step, index) => {
    for (const [slot, reach] of Object.entries(choices[index].reach ?? {})) {
      const layout = layoutOf((step.reads as Record<string, Value>)[slot]);
      layout.border = widen(layout.border, reach.border);
    }
  });
  // A network input that only stems walking window rows read is stored packed (kernels/buffer.ts):
  // C floats per pixel, so their k-loops multiply no zero lane.
  const outputs = new Set(program.outputs.map((o) => o.value.id));
  const readersOfValue = readersOf(program.steps);
  for (const { value } of program.inputs) {
    const readers = readersOfValue.get(value.id) ?? [];
    if (readers.length > 0 && !outputs.has(value.id) && root(value) === value && readers.every((index) => readsPacked(program.steps[index], choices[index], value))) layoutOf(value).packed = true;
  }
  const buffer = (value: Value, start: number): NhwcBuffer => {
    const at = placed.get(value.id);
    return at ? channelSlice(buffer(at.whole, start), at.first, view4(value.shape).channels) : bufferAt(start, layoutOf(value));
  };
  return { root, layout: layoutOf, buffer };
}

/** Options of the wasm target beyond the shared compiler's. */
export interface WasmTargetOptions {
  /** Which steps `create({ threads })` splits across threads (emit/wasm/threads.ts). @default 'measured' */
  split?: SplitPolicy;
}

/** The wasm target with the default options. */
export const wasmTarget: Target<WasmKernel> = wasmTargetWith({});

/** The wasm target with its own options (`compileGraph(…, { target: wasmTargetWith({ split: 'every' }) })`). */
export function wasmTargetWith(options: WasmTargetOptions): Target<WasmKernel> {
  const policy = options.split ?? 'measured';
  return {
    name: 'wasm',

    plan({ program, weightData }): TargetPlan<WasmKernel> {
      const readers = readersOf(program.steps);
      const outputs = new Set(program.outputs.map((o) => o.value.id));
      // Slice views first: a concat does not place a view (placement.ts), it copies it.
      const choices = placeConcats(program, channelSliceViews(program, program.steps.map((step) => (kernels[step.kind] as WasmKernelKind<typeof step.kind>).choose(step as never, {
        weight: (slot) => weightData[(step.weights as Record<string, { id: number }>)[slot].id],
        readers: (value) => ({ kinds: (readers.get(value.id) ?? []).map((index) => program.steps[index].kind), output: outputs.has(value.id) }),
      }))));
      // A Winograd step of one chunk right after the step that writes its input keeps its scratch (V)
      // from that step on: threads running that step's channel blocks transform them into V as they
      // go (emit, `channelsIn`), so V must not share bytes with anything the step before uses.
      if (policy !== 'none') program.steps.forEach((step, index) => {
        const choice = choices[index];
        const input = (step.reads as { input: Value }).input;
        if (choice.conv?.family !== 'winograd' || choice.conv.chunks !== 1 || index === 0 || program.steps[index - 1].output.id !== input.id || elementCount(input.shape) > channelsInFloats) return;
        choices[index] = { ...choice, temporaries: { ...choice.temporaries, scratch: { ...choice.temporaries.scratch, earlier: 1 } } };
      });
      const layouts = layoutsOf(program, choices);
      const buffers = Object.fromEntries([
        ...program.inputs.map((t) => [`input ${t.name}`, { bytes: 4 * elementCount(t.value.shape), pool }]),
        ...program.outputs.map((t) => [`output ${t.name}`, { bytes: 4 * elementCount(t.value.shape), pool }]),
      ]);
      return { kernels: choices, pools: { [pool]: { align } }, valuePool: pool, valueBytes: (value) => layoutBytes(layouts.layout(value)), buffers };
    },

    emit(lowered, plan, memory): TargetArtifact {
      const { program, weightData } = lowered;
      const choices = plan.kernels;
      const layouts = layoutsOf(program, choices);
      const bufferOf = (value: Value): NhwcBuffer => layouts.buffer(value, memory.values[layouts.root(value).id]);
      const sizedOf = (value: Value): NhwcBuffer => layouts.buffer(value, 0);

      // Weights, after the memory plan's pool: those packed at build time first, each where the stored
      // weights put it — the stored floats [0, image) are the memory from `weightsBase` as it is, so a
      // loader reads them straight into place (docs/wasm.md, "Loading") — then those expanded at load.
      const weightsBase = alignUp(memory.pools[pool] ?? 0, align);
      const packed: Array<{ slots: Record<string, number>; slot: string; weight: PackedWeight; expand?: Segment['expand'] }> = [];
      const addresses: Record<string, number>[] = [];
      program.steps.forEach((step, index) => {
        const choice = choices[index];
        const slots: Record<string, number> = {};
        addresses.push(slots);
        if (choice.view) return;
        const kind = kernels[step.kind] as WasmKernelKind<typeof step.kind>;
        const sizing: KernelContext = {
          name: `step${index}`, read: (slot) => sizedOf((step.reads as Record<string, Value>)[slot]), output: sizedOf(step.output),
          weight: () => 0, temporary: () => 0, data: (slot) => weightData[(step.weights as Record<string, { id: number }>)[slot].id],
        };
        const add = (slot: string, weight: PackedWeight) => {
          const expand = weight.expand && { ...weight.expand, args: winogradArgs(step as StepOf<'conv2d'>, (choice.conv as { m: number }).m, weight) };
          packed.push({ slots, slot, weight, ...(expand ? { expand } : {}) });
        };
        for (const [slot, ref] of weightsOf(step)) {
          const raw = weightData[ref.id];
          add(slot, kind.pack ? kind.pack(step as never, choice, slot, raw, sizing) : { stored: raw, runtimeLength: raw.length });
        }
        for (const [slot, data] of Object.entries(kind.constants?.(step as never, choice, sizing) ?? {})) add(slot, { stored: data, runtimeLength: data.length });
      });
      let runtime = weightsBase;
      const imageParts: Array<{ at: number; data: Float32Array }> = [];
      for (const { slots, slot, weight, expand } of packed) {
        if (expand) continue;
        slots[slot] = runtime;
        imageParts.push({ at: (runtime - weightsBase) / 4, data: weight.stored });
        runtime = alignUp(runtime + 4 * weight.runtimeLength, align);
      }
      const imageFloats = (runtime - weightsBase) / 4;
      const segments: Segment[] = [];
      let storedFloats = imageFloats;
      const expandedParts: Float32Array[] = [];
      for (const { slots, slot, weight, expand } of packed) {
        if (!expand) continue;
        slots[slot] = runtime;
        segments.push({ from: storedFloats, to: runtime / 4, length: weight.stored.length, expand });
        expandedParts.push(weight.stored);
        storedFloats += weight.stored.length;
        runtime = alignUp(runtime + 4 * weight.runtimeLength, align);
      }
      // Tables after every weight: data segments the module writes at instantiation, which prepare() never touches.
      const data: { offset: number; bytes: Uint8Array }[] = [];
      program.steps.forEach((step, index) => {
        const choice = choices[index];
        const kind = kernels[step.kind] as WasmKernelKind<typeof step.kind>;
        if (choice.view || !kind.tables) return;
        const sizing: KernelContext = {
          name: `step${index}`, read: (slot) => bufferOf((step.reads as Record<string, Value>)[slot]), output: bufferOf(step.output),
          weight: () => 0, temporary: () => 0, data: (slot) => weightData[(step.weights as Record<string, { id: number }>)[slot].id],
        };
        for (const [slot, bytes] of Object.entries(kind.tables(step as never, choice, sizing))) {
          addresses[index][slot] = runtime;
          data.push({ offset: runtime, bytes });
          runtime = alignUp(runtime + bytes.length, align);
        }
      });
      const memoryBytes = alignUp(runtime, 65536);

      // Kernels, border fills and the edge conversions, then forward() calling them in order.
      const module = new ModuleBuilder({ initial: memoryBytes / 65536, maximum: memoryBytes / 65536 });
      for (const segment of data) module.addData(segment);
      const forward = new FunctionBuilder('forward');
      // What a threaded executor runs instead of forward(): the same exports in the same order, with
      // the split steps' kernels called over parts of their range (emit/wasm/threads.ts).
      const threads: ThreadSchedule = { schedule: [], splits: [], scratchBytes: 0 };
      const run = (fn: FunctionBuilder, exported = true) => {
        module.add(fn, { exported });
        forward.call(fn);
        threads.schedule.push(fn.name);
      };
      // A split in the schedule, in place of the serial call run() put last.
      const addSplit = (entry: SplitStep) => {
        threads.schedule.push(threads.splits.length);
        threads.splits.push(entry);
      };
      program.inputs.forEach((tensor, i) => {
        forward.comment(`input ${userText(tensor.name)}: NCHW staging → NHWC`);
        // The conversion by image rows, which threads share when it is worth a handoff.
        const nhwc = bufferOf(tensor.value);
        const kernel = nchwToNhwcKernel({ name: `input${i}_rows`, nchw: memory.buffers[`input ${tensor.name}`].offset, nhwc });
        const split = splits(kernel, inputMs(nhwc), policy);
        const wrapper = new FunctionBuilder(`input${i}`).callWhole(kernel);
        module.add(kernel, { exported: split });
        run(wrapper);
        if (!split) return;
        threads.schedule.pop();
        addSplit({ kernel: kernel.name, units: kernel.range!.units, rest: [] });
      });
      // Each step is a function of its own — its border fills, then its kernel — exported so a profile
      // (bench/kernels/steps.ts) can time it alone; forward() calls them in order.
      // The split that ran last in the schedule, if the step before is still it (for `channelsIn`).
      let previous: { index: number; split: number; kernel: FunctionBuilder } | undefined;
      program.steps.forEach((step, index) => {
        const choice = choices[index];
        if (choice.view) return;
        const last = previous?.index === index - 1 ? previous : undefined;
        previous = undefined;
        const name = `s${index}_${step.kind}`;
        const wrapper = new FunctionBuilder(`step${index}`);
        wrapper.comment(`${choice.kernel}: ${userText(step.layers.join(' + '))}`);
        for (const [slot, reach] of Object.entries(choice.reach ?? {})) {
          const buffer = bufferOf((step.reads as Record<string, Value>)[slot]);
          if (buffer.border.top + buffer.border.bottom + buffer.border.left + buffer.border.right === 0) continue;
          const fill = 'value' in reach.fill
            ? fillBorderKernel({ name: `${name}_border_${slot}`, buffer, value: reach.fill.value })
            : padBorderKernel({ name: `${name}_border_${slot}`, buffer, mode: reach.fill.mode, depth: reach.border });
          module.add(fill, { exported: false });
          wrapper.call(fill);
        }
        const context: KernelContext = {
          name, read: (slot) => bufferOf((step.reads as Record<string, Value>)[slot]), output: bufferOf(step.output),
          weight: (slot) => addresses[index][slot], temporary: (slot) => memory.temporaries[index][slot].offset,
          data: (slot) => weightData[(step.weights as Record<string, { id: number }>)[slot].id],
        };
        const { calls, functions } = (kernels[step.kind] as WasmKernelKind<typeof step.kind>).emit(step as never, choice, context);
        if (calls.length === 0 && wrapper.callees.length === 0) {
          // Nothing left to run: a concat whose inputs were all written in place by their producers.
          forward.comment(`${choice.kernel}: ${userText(step.layers.join(' + '))} (no code)`);
          return;
        }
        // A kernel of few units may offer another way to share it (FunctionBuilder.threadSplit), and
        // one with more may prefer another (rows) — unless its channel blocks are what the next
        // step's input transform rides on (`channelsIn`).
        const alone = calls.length === 1 ? calls[0] : undefined;
        const carries = alone?.range?.channels !== undefined && choices[index + 1]?.temporaries.scratch?.earlier === 1;
        const few = !(alone?.range && alone.range.units >= fewUnits);
        const shared = alone?.threadSplit && (few || alone.threadSplit.preferred) && !carries ? alone.threadSplit : undefined;
        const candidate = shared ? shared.ranged : alone;
        const split = candidate && splits(candidate, stepMs(step, choice), policy) ? candidate : undefined;
        // A shared split whose input the split just before wrote by channel blocks: that split's
        // threads transform their channels into this step's V as they finish them (`channelsIn`),
        // instead of a prologue step of its own — one handoff less, and the transform reads what its
        // own core just wrote. Its border (zeros, drawn from nothing the step before writes) is filled
        // before that split starts; its V lives from that step on (plan(): `earlier`).
        const fuse = split && shared?.channelsIn && last?.kernel.range?.channels && choice.temporaries.scratch?.earlier === 1
          && Object.values(choice.reach ?? {}).every((reach) => 'value' in reach.fill) ? last : undefined;
        const inChannels = fuse ? shared!.channelsIn : undefined;
        // The functions of a way to share the kernel that is not taken are left out.
        const offered = alone?.threadSplit;
        const taken = split !== undefined && split === shared?.ranged;
        const unused = new Set([...(taken ? [] : [offered?.prologue, offered?.ranged]), ...(inChannels ? [] : [offered?.channelsIn?.fn, offered?.channelsIn?.callee])]);
        for (const fn of functions) {
          if (!unused.has(fn)) module.add(fn, { exported: fn === split || (split !== undefined && fn === shared?.prologue) });
        }
        for (const fn of calls) wrapper.callWhole(fn);
        forward.comment(`${choice.kernel}: ${userText(step.layers.join(' + '))}`);
        run(wrapper);
        if (!split) return;
        // Split: the wrapper's border fills as a function of their own, then the kernel in parts (a
        // shared split: its prologue in parts, then its ranged part in parts).
        threads.schedule.pop();
        const fills = wrapper.callees.filter((callee) => callee !== alone!.name);
        let border: string | undefined;
        if (fills.length) {
          const fn = new FunctionBuilder(`step${index}_border`);
          for (const callee of fills) fn.call(callee);
          module.add(fn);
          border = fn.name;
        }
        if (fuse && inChannels) {
          const before = threads.splits[fuse.split];
          const { bytes, total } = fuse.kernel.range!.channels!;
          const fn = new FunctionBuilder(`${before.kernel}_${name}_in`, { from: 'i32', to: 'i32' });
          fn.range = { units: before.units, unit: fuse.kernel.range!.unit, rest: [] };
          fn.comment(`${before.kernel} over units [from, to), then the input transform of ${name} for the channels they wrote`);
          const [from, to] = fn.params;
          fn.get(from).get(to);
          for (const value of before.rest) fn.i32(value);
          fn.call(fuse.kernel);
          fn.get(from).i32(bytes).op('i32.mul');
          fn.i32(total).get(to).i32(bytes).op('i32.mul').get(to).i32(before.units).op('i32.eq').op('select');
          fn.call(inChannels.fn);
          module.add(fn);
          threads.splits[fuse.split] = { ...before, kernel: fn.name, rest: [] };
          if (border) threads.schedule.splice(threads.schedule.indexOf(fuse.split), 0, border);
          border = undefined;
        } else if (shared?.prologue) {
          addSplit({ ...(border ? { border } : {}), kernel: shared.prologue.name, units: shared.prologue.range!.units, rest: [] });
          border = undefined;
        }
        const scratch = !shared && choice.conv?.family === 'winograd';
        if (scratch) threads.scratchBytes = Math.max(threads.scratchBytes, alignUp(choice.temporaries.scratch.bytes, 64));
        if (split.range?.channels && !scratch) previous = { index, split: threads.splits.length, kernel: split };
        const pieces = split.range!.pieces;
        addSplit({ ...(border ? { border } : {}), kernel: split.name, units: split.range!.units, rest: split.range!.rest ?? [], ...(scratch ? { scratch } : {}), ...(pieces ? { pieces } : {}) });
      });
      program.outputs.forEach((tensor, i) => {
        forward.comment(`output ${userText(tensor.name)}: NHWC → NCHW staging`);
        run(nhwcToNchwKernel({ name: `output${i}`, nchw: memory.buffers[`output ${tensor.name}`].offset, nhwc: bufferOf(tensor.value) }));
      });
      module.add(forward);
      module.add(warmFunction(module.added));
      const bytes = module.encode();
      const text = module.toText();

      // The stored weights: the image (zeros between aligned parts), then what is expanded at load.
      const all = new Float32Array(storedFloats);
      for (const { at, data } of imageParts) all.set(data, at);
      let position = imageFloats;
      for (const data of expandedParts) {
        all.set(data, position);
        position += data.length;
      }
      const source = kernelsModule(program, bytes, { base: weightsBase / 4, image: imageFloats, segments }, memoryBytes);
      const tensor = (t: { name: string; value: Value }, kind: 'input' | 'output') => ({ name: t.name, shape: t.value.shape, offset: memory.buffers[`${kind} ${t.name}`].offset / 4 });
      return {
        target: 'wasm',
        source,
        text,
        storedWeights: all,
        runtimeWeightBytes: runtime - weightsBase,
        memoryBytes,
        inputs: program.inputs.map((t) => tensor(t, 'input')),
        outputs: program.outputs.map((t) => tensor(t, 'output')),
        executor: '@stride/runtime/executor',
        kernelsExports: ['wasm', 'weights', 'expand', 'prepare'],
        entry(weightSource, spec) {
          const entry = new SourceWriter();
          entry.comment(`Stride bundle for model ${userText(program.name)} (wasm target): kernels, executor and weights.`);
          entry.line(`import { createWasmExecutor, createWasmInWorker } from ${literal(this.executor)};`);
          entry.line(`import { wasm, weights, expand, prepare } from 'stride:kernels';`);
          entry.line(`export { StrideError } from ${literal(this.executor)};`);
          entry.line(`export const spec = JSON.parse(${literal(JSON.stringify({ ...spec, memoryBytes, inputs: this.inputs, outputs: this.outputs, threads }))});`);
          const own = 'inline' in weightSource ? `{ base64: ${literal(weightSource.inline)} }` : `new URL('./index.safetensors', import.meta.url)`;
          entry.block('function ownWeights()', () => entry.line(`return ${own};`));
          entry.block('export async function create(options = {})', () => {
            entry.line('return createWasmExecutor(spec, { wasm, weights, expand, prepare }, options.weights ?? ownWeights(), options);');
          });
          entry.comment('The same network with its runs in a worker: run() returns a promise (executor/inWorker.ts).');
          entry.block('export async function createInWorker(options = {})', () => {
            entry.line('return createWasmInWorker(spec, { wasm, weights, expand, prepare }, options.weights ?? ownWeights(), options);');
          });
          return entry.toString();
        },
      };
    },
  };
}

/** The Winograd expansion's arguments: O, C, which helper (`winogradHelperId`) and the GEMM's output block Q. */
function winogradArgs(step: StepOf<'conv2d'>, m: number, weight: PackedWeight): number[] {
  const { outChannels, inChannels, kernelSize, stride } = step.attrs;
  const scheme = winogradScheme(m, kernelSize[0], stride[0] as 1 | 2);
  const { n } = scheme;
  const [gemmBlock] = weight.expand!.args;
  if (weight.runtimeLength !== n * n * Math.ceil(outChannels / 4) * 4 * inChannels) {
    throw new Error(`codegen: Winograd F(${m}×${m}) filters of ${outChannels}×${inChannels} expand to ${weight.runtimeLength} floats; the load-time expansion writes ${n * n * Math.ceil(outChannels / 4) * 4 * inChannels}`);
  }
  return [outChannels, inChannels, winogradHelperId(scheme), gemmBlock];
}

/** Where the stored weights go: floats [0, image) to memory floats from `base` as they are, then the expansions. */
interface WeightLayout {
  base: number;
  image: number;
  segments: Segment[];
}

/**
 * The kernels module: the WebAssembly binary; `weights`, the stored weights' layout (the image a
 * loader copies straight into memory, then one entry per expansion: its stored floats `[from,
 * from + length)`, where it goes and the helper's arguments); `expand(s, m, entry)`, one expansion
 * from its stored floats `s`; and `prepare(s, m)`, all of it from stored weights already in memory.
 */
function kernelsModule(program: Program, bytes: Uint8Array, layout: WeightLayout, memoryBytes: number): string {
  const w = new SourceWriter();
  w.comment(`Generated by Stride for model ${userText(program.name)}, wasm target. Do not edit: rebuild with 'stride build'.`);
  w.comment(`Linear memory: ${memoryBytes} bytes; values, temporaries and NCHW staging below byte ${4 * layout.base}, weights from there.`);
  w.comment(`The module (${bytes.length} bytes) as the compiler wrote it is index.wat in a --readable build.`);
  w.comment('One character per byte (\\xNN where not printable), read back by the runtime\'s decodeByteString.');
  w.line(`export const wasm = ${byteLiteral(bytes)};`);
  w.line();
  w.comment(`Stored floats [0, ${layout.image}) are memory floats from ${layout.base} as they are; each expansion: [from, length, to, ...arguments].`);
  const entries = layout.segments.map((segment) => `[${[segment.from, segment.length, segment.to, ...segment.expand!.args].join(', ')}]`);
  w.line(`export const weights = { base: ${layout.base}, image: ${layout.image}, expand: [${entries.join(', ')}] };`);
  const tiles = [...new Set(layout.segments.map((segment) => segment.expand.args[2]))].sort((a, b) => a - b);
  for (const id of tiles) {
    w.line();
    for (const line of winogradFiltersSource(winogradHelperScheme(id)).split('\n')) w.line(line);
  }
  w.line();
  w.comment('expand(s, m, e): expansion e of `weights.expand` from its stored floats s (from index 0) into memory m (floats).');
  w.block('export function expand(s, m, e)', () => {
    for (const id of tiles) w.line(`if (e[5] === ${id}) return ${winogradFiltersName(winogradHelperScheme(id))}(s, 0, m, e[2], e[3], e[4], e[6]);`);
  });
  w.line();
  w.comment('prepare(s, m): all the stored weights s → memory m (floats), as the kernels read them.');
  w.block('export function prepare(s, m)', () => {
    w.line('m.set(s.subarray(0, weights.image), weights.base);');
    w.line('for (const e of weights.expand) expand(s.subarray(e[0], e[0] + e[1]), m, e);');
  });
  return w.toString();
}
