/**
 * Weight packing for the JavaScript target: every weight a step reads laid out twice — in the stored
 * array (what the bundle ships) and in the runtime arrays the kernels read (`w`, float32 values, and
 * `u`, doubles) — plus the segments saying how the module's `prepare` turns one into the other:
 * copied as they are, or expanded by a helper (Winograd filters, larger than what they come from).
 */
import { weightsOf } from '../../plan/operands.js';
import type { LoweredProgram } from '../../plan/program.js';
import type { Helper } from './helpers.js';
import type { JsKernel } from './kernel.js';
import { kernels, type KernelKind, type PackedWeight } from './registry.js';

/** One run of `prepare`: stored floats [from, from + storedLength) → runtime [to, to + runtimeLength) of `w` or `u`. */
export interface WeightSegment {
  from: number;
  to: number;
  storedLength: number;
  runtimeLength: number;
  expand?: { helper: Helper; args: number[] };
  dtype?: 'f64';
}

export interface PackedWeights {
  /** What the bundle ships. */
  stored: Float32Array;
  /** Sizes of the runtime weights: `w` (float32 values) and `u` (doubles). */
  runtimeFloats: number;
  runtimeDoubles: number;
  segments: WeightSegment[];
  /** Each step's weights by slot: the offset in `w`, or in `u` for derived float64 weights. */
  offsets: Record<string, number>[];
}

export function packWeights(lowered: LoweredProgram, choices: JsKernel[]): PackedWeights {
  const { program, weightData } = lowered;
  const chunks: Float32Array[] = [];
  const segments: WeightSegment[] = [];
  /** A weight packed the same way for two steps is stored once: key → stored and runtime offsets. */
  const placed = new Map<string, { stored: number; runtime: number }>();
  let stored = 0;
  let runtime = 0;
  let runtime64 = 0;
  const offsets = program.steps.map((step, index) => {
    const choice = choices[index];
    const kind = kernels[step.kind] as KernelKind<typeof step.kind>;
    const slots: Record<string, number> = {};
    for (const [slot, ref] of weightsOf(step)) {
      const raw = weightData[ref.id];
      const packed: PackedWeight = kind.pack?.(step as never, choice, slot, raw) ?? { stored: raw, runtimeLength: raw.length };
      const key = `${ref.id}:${packed.expand ? JSON.stringify(packed.expand) : packed.stored === raw ? 'raw' : choice.kernel}`;
      const known = placed.get(key);
      if (known) {
        slots[slot] = known.runtime;
        continue;
      }
      placed.set(key, { stored, runtime });
      slots[slot] = runtime;
      chunks.push(packed.stored);
      const last = segments.at(-1);
      if (!packed.expand && last && !last.expand && !last.dtype && last.from + last.storedLength === stored && last.to + last.runtimeLength === runtime) {
        last.storedLength += packed.stored.length;
        last.runtimeLength += packed.stored.length;
      } else {
        segments.push({ from: stored, to: runtime, storedLength: packed.stored.length, runtimeLength: packed.runtimeLength, ...(packed.expand ? { expand: packed.expand } : {}) });
      }
      stored += packed.stored.length;
      runtime += packed.runtimeLength;
    }
    for (const derived of kind.derive?.(step as never, choice) ?? []) {
      const source = (step.weights as Record<string, { id: number }>)[derived.from];
      const origin = [...placed.entries()].find(([key]) => key.startsWith(`${source.id}:`))![1];
      slots[derived.slot] = runtime64;
      segments.push({ from: origin.stored, to: runtime64, storedLength: source ? weightData[source.id].length : 0, runtimeLength: derived.length, expand: derived.expand, dtype: 'f64' });
      runtime64 += derived.length;
    }
    return slots;
  });
  const all = new Float32Array(stored);
  let position = 0;
  for (const chunk of chunks) {
    all.set(chunk, position);
    position += chunk.length;
  }
  return { stored: all, runtimeFloats: runtime, runtimeDoubles: runtime64, segments, offsets };
}
