/**
 * Checking the inputs of a run — shared by the reference interpreter and the bundle executor, so both
 * refuse bad inputs with the same sentences. Small, and importing only the IR's edit distance: it ships in every bundle.
 */
import { editDistance } from '@stride/dsl';
import { StrideError } from './errors.js';

/** A graph input as the checks need it: a name and a shape whose strings are sizes bound at run time. */
export interface InputSpec {
  name: string;
  shape: readonly (number | string)[];
}

const shapeText = (shape: readonly (number | string)[]) => `[${shape.map((d) => (typeof d === 'string' ? `'${d}'` : String(d))).join(', ')}]`;

/** What came, as the end of a sentence: `undefined`, `the string 'x'`, `a Float64Array of 4 values`. */
function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return `the string ${quote(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `the ${typeof value} ${String(value)}`;
  if (typeof value === 'function' || typeof value === 'symbol') return `a ${typeof value}`;
  if (Array.isArray(value)) return `a plain Array of ${value.length} values`;
  if (ArrayBuffer.isView(value)) return `a ${Object.prototype.toString.call(value).slice(8, -1)} of ${(value as unknown as ArrayLike<number>).length} values`;
  return `an object (${Object.prototype.toString.call(value).slice(8, -1)})`;
}

/** A string as JavaScript would write it in single quotes. */
const quote = (text: string) => `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;

function isDetached(array: Float32Array): boolean {
  const buffer = array.buffer as ArrayBuffer & { detached?: boolean };
  return buffer.detached === true || (buffer.byteLength === 0 && array.byteLength === 0 && array.length === 0);
}

/**
 * Checks `inputs` against the specs and returns the sizes bound to symbolic dims (`'batch'` → 2).
 * Throws `StrideError` ('input') naming the input, the expected shape and length, and what came.
 */
export function checkInputs(specs: readonly InputSpec[], inputs: unknown): Map<string, number> {
  const names = specs.map((s) => `'${s.name}'`).join(', ');
  if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs) || ArrayBuffer.isView(inputs)) {
    throw new StrideError('input', `inputs: expected an object of Float32Arrays keyed by input name (${names}), got ${describe(inputs)}`);
  }
  const record = inputs as Record<string, unknown>;
  const bindings = new Map<string, number>();
  for (const spec of specs) {
    const known = spec.shape.reduce<number>((acc, d) => (typeof d === 'number' ? acc * d : acc), 1);
    const symbols = spec.shape.filter((d): d is string => typeof d === 'string');
    const expected = symbols.length === 0 ? `${known} values` : `a multiple of ${known} values`;
    if (!Object.prototype.hasOwnProperty.call(record, spec.name)) {
      const given = Object.keys(record);
      const near = given.length <= 64 ? given.find((k) => k.length < 256 && editDistance(k, spec.name) <= Math.max(1, Math.floor(spec.name.length / 3))) : undefined;
      throw new StrideError('input', `missing input '${spec.name}' (Float32Array, shape ${shapeText(spec.shape)}, ${expected})` +
        (near ? `; got '${near}' — did you mean '${spec.name}'?` : `; got ${given.length ? given.map((k) => `'${k}'`).join(', ') : 'no inputs'}`));
    }
    const value = record[spec.name];
    if (!(value instanceof Float32Array)) {
      throw new StrideError('input', `input '${spec.name}' must be a Float32Array of shape ${shapeText(spec.shape)} (${expected}); got ${describe(value)}`);
    }
    if (isDetached(value) && known > 0) {
      throw new StrideError('input', `input '${spec.name}' is a Float32Array whose buffer is detached (transferred or resized away); expected shape ${shapeText(spec.shape)}`);
    }
    if (symbols.length === 0) {
      if (value.length !== known) {
        throw new StrideError('input', `input '${spec.name}' has ${value.length} values; expected ${known} for shape ${shapeText(spec.shape)}`);
      }
      continue;
    }
    if (symbols.length > 1 && symbols.some((s) => !bindings.has(s))) {
      const unbound = symbols.filter((s) => !bindings.has(s));
      if (unbound.length > 1) throw new StrideError('input', `input '${spec.name}': cannot infer more than one symbolic dimension (${unbound.join(', ')}) from its length`);
    }
    let fixed = known;
    let unbound: string | undefined;
    for (const s of symbols) {
      if (bindings.has(s)) fixed *= bindings.get(s)!;
      else unbound = s;
    }
    if (unbound === undefined) {
      if (value.length !== fixed) throw new StrideError('input', `input '${spec.name}' has ${value.length} values; expected ${fixed} for shape ${shapeText(spec.shape)} with ${symbols.map((s) => `${s} = ${bindings.get(s)}`).join(', ')}`);
      continue;
    }
    if (fixed === 0 || value.length % fixed !== 0 || value.length === 0) {
      throw new StrideError('input', `input '${spec.name}' has ${value.length} values, not a positive multiple of ${fixed} as shape ${shapeText(spec.shape)} needs`);
    }
    bindings.set(unbound, value.length / fixed);
  }
  const extra = Object.keys(record).filter((k) => !specs.some((s) => s.name === k));
  if (extra.length > 0) {
    throw new StrideError('input', `unexpected input${extra.length > 1 ? 's' : ''} ${extra.map((k) => `'${k}'`).join(', ')}; the model's inputs are ${names}`);
  }
  return bindings;
}
