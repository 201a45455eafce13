/**
 * The constant evaluator: ONNX ops on constants (and `Shape` of a value whose shape is known), run at
 * import time so the shape subgraphs exporters write (`Shape`, `Gather`, `Unsqueeze`, `Concat`, `Div`,
 * `Cast`, `ConstantOfShape`, `Range`, `Reshape`…) become constants. Opsets 11–17: attributes that
 * became inputs (Unsqueeze/Squeeze axes in 13, Slice in 10) are read from either place.
 */
import type { Dim } from '@stride/dsl';
import type { Attributes } from './attributes.js';
import { count, readTensor, type Constant } from './constant.js';

/** An operand: a constant, or a computed value of which only the shape is known here. */
export type Operand = { constant: Constant } | { shape: Dim[] } | undefined;

type Folder = (attrs: Attributes, inputs: Operand[]) => Constant | string;

const constantOf = (operand: Operand): Constant | undefined => (operand && 'constant' in operand ? operand.constant : undefined);
const ints = (c: Constant | undefined): number[] => (c ? Array.from(c.data) : []);
const int = (data: number[], dims = [data.length]): Constant => ({ dims, kind: 'int', data });
const strides = (dims: readonly number[]): number[] => {
  const out = new Array<number>(dims.length).fill(1);
  for (let i = dims.length - 2; i >= 0; i--) out[i] = out[i + 1] * dims[i + 1];
  return out;
};
const axis = (a: number, rank: number): number => (a < 0 ? a + rank : a);

function elementwise(op: (a: number, b: number) => number, integer = false): Folder {
  return (_attrs, inputs) => {
    const [a, b] = inputs.map(constantOf) as [Constant, Constant];
    const rank = Math.max(a.dims.length, b.dims.length);
    const pad = (d: number[]) => [...new Array<number>(rank - d.length).fill(1), ...d];
    const da = pad(a.dims);
    const db = pad(b.dims);
    const dims = da.map((x, i) => Math.max(x, db[i]));
    const sa = strides(da);
    const sb = strides(db);
    const so = strides(dims);
    const n = count(dims);
    const kind = a.kind === 'float' || b.kind === 'float' ? 'float' : 'int';
    const out = kind === 'float' ? new Float32Array(n) : new Array<number>(n);
    for (let k = 0; k < n; k++) {
      let ia = 0;
      let ib = 0;
      for (let d = 0; d < rank; d++) {
        const i = Math.floor(k / so[d]) % dims[d];
        if (da[d] !== 1) ia += i * sa[d];
        if (db[d] !== 1) ib += i * sb[d];
      }
      const value = op(a.data[ia], b.data[ib]);
      out[k] = kind === 'int' && integer ? Math.trunc(value) : value;
    }
    return { dims, kind, data: out };
  };
}

/** Gathers along `axis`: the general case, for shape vectors and small constants. */
const gather: Folder = (attrs, inputs) => {
  const [data, indices] = inputs.map(constantOf) as [Constant, Constant];
  const ax = axis(attrs.int('axis', 0), data.dims.length);
  const outer = count(data.dims.slice(0, ax));
  const inner = count(data.dims.slice(ax + 1));
  const size = data.dims[ax];
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const raw of Array.from(indices.data)) {
      const i = raw < 0 ? raw + size : raw;
      for (let r = 0; r < inner; r++) out.push(data.data[(o * size + i) * inner + r]);
    }
  }
  const dims = [...data.dims.slice(0, ax), ...indices.dims, ...data.dims.slice(ax + 1)];
  return { dims, kind: data.kind, data: data.kind === 'float' ? Float32Array.from(out) : out };
};

const reshaped = (c: Constant, dims: number[]): Constant => ({ ...c, dims });

const unsqueeze: Folder = (attrs, inputs) => {
  const c = constantOf(inputs[0])!;
  const axes = attrs.has('axes') ? attrs.ints('axes', []) : ints(constantOf(inputs[1]));
  const rank = c.dims.length + axes.length;
  const set = new Set(axes.map((a) => axis(a, rank)));
  const dims: number[] = [];
  let k = 0;
  for (let d = 0; d < rank; d++) dims.push(set.has(d) ? 1 : c.dims[k++]);
  return reshaped(c, dims);
};

const squeeze: Folder = (attrs, inputs) => {
  const c = constantOf(inputs[0])!;
  const axes = attrs.has('axes') ? attrs.ints('axes', []) : ints(constantOf(inputs[1]));
  const set = new Set(axes.map((a) => axis(a, c.dims.length)));
  return reshaped(c, c.dims.filter((d, i) => (set.size === 0 ? d !== 1 : !set.has(i))));
};

const concat: Folder = (attrs, inputs) => {
  const parts = inputs.map(constantOf) as Constant[];
  const rank = parts[0].dims.length;
  const ax = axis(attrs.int('axis', 0), rank);
  const outer = count(parts[0].dims.slice(0, ax));
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const p of parts) {
      const chunk = count(p.dims.slice(ax));
      for (let k = 0; k < chunk; k++) out.push(p.data[o * chunk + k]);
    }
  }
  const dims = [...parts[0].dims];
  dims[ax] = parts.reduce((s, p) => s + p.dims[ax], 0);
  const kind = parts.some((p) => p.kind === 'float') ? 'float' : parts[0].kind;
  return { dims, kind, data: kind === 'float' ? Float32Array.from(out) : out };
};

const slice: Folder = (attrs, inputs) => {
  const c = constantOf(inputs[0])!;
  const rank = c.dims.length;
  const starts = attrs.has('starts') ? attrs.ints('starts', []) : ints(constantOf(inputs[1]));
  const ends = attrs.has('ends') ? attrs.ints('ends', []) : ints(constantOf(inputs[2]));
  const axes = attrs.has('axes') ? attrs.ints('axes', []) : inputs[3] ? ints(constantOf(inputs[3])) : starts.map((_, i) => i);
  const steps = inputs[4] ? ints(constantOf(inputs[4])) : starts.map(() => 1);
  const ranges = c.dims.map((d) => ({ start: 0, end: d, step: 1 }));
  axes.forEach((a, i) => {
    const d = c.dims[axis(a, rank)];
    const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v < 0 ? v + d : v, lo), hi);
    const step = steps[i];
    ranges[axis(a, rank)] = step > 0
      ? { start: clamp(starts[i], 0, d), end: clamp(ends[i], 0, d), step }
      : { start: clamp(starts[i], -1, d - 1), end: clamp(ends[i], -1, d - 1), step };
  });
  const dims = ranges.map((r) => Math.max(0, Math.ceil((r.end - r.start) / r.step)));
  const src = strides(c.dims);
  const out: number[] = [];
  const walk = (d: number, offset: number) => {
    if (d === rank) { out.push(c.data[offset]); return; }
    for (let i = 0; i < dims[d]; i++) walk(d + 1, offset + (ranges[d].start + i * ranges[d].step) * src[d]);
  };
  walk(0, 0);
  return { dims, kind: c.kind, data: c.kind === 'float' ? Float32Array.from(out) : out };
};

const transpose: Folder = (attrs, inputs) => {
  const c = constantOf(inputs[0])!;
  const rank = c.dims.length;
  const perm = attrs.ints('perm', c.dims.map((_, i) => rank - 1 - i));
  const dims = perm.map((p) => c.dims[p]);
  const src = strides(c.dims);
  const dst = strides(dims);
  const out = c.kind === 'float' ? new Float32Array(count(dims)) : new Array<number>(count(dims));
  for (let k = 0; k < out.length; k++) {
    let offset = 0;
    for (let d = 0; d < rank; d++) offset += (Math.floor(k / dst[d]) % dims[d]) * src[perm[d]];
    out[k] = c.data[offset];
  }
  return { dims, kind: c.kind, data: out };
};

/** Reshape's target with ONNX's 0 (copy; unless allowzero) and −1 (infer) resolved against `dims`. */
export function reshapeTarget(dims: readonly Dim[], target: number[], allowZero = false): Dim[] | string {
  const out: Dim[] = target.map((t, i) => (t === 0 && !allowZero ? dims[i] : t));
  const inferred = out.indexOf(-1);
  if (inferred >= 0) {
    if (dims.some((d) => typeof d !== 'number')) return `cannot infer −1 in [${target.join(', ')}] from a symbolic shape [${dims.join(', ')}]`;
    const known = out.reduce<number>((p, d, i) => (i === inferred ? p : p * (d as number)), 1);
    out[inferred] = count(dims as number[]) / known;
  }
  return out;
}

const folders: Record<string, Folder> = {
  Identity: (_a, [x]) => constantOf(x)!,
  Constant: (attrs) => {
    const t = attrs.tensor('value');
    if (t) {
      const c = readTensor(t, undefined);
      return c;
    }
    if (attrs.has('value_float')) return { dims: [], kind: 'float', data: Float32Array.of(attrs.float('value_float', 0)) };
    if (attrs.has('value_floats')) { const v = attrs.floats('value_floats', []); return { dims: [v.length], kind: 'float', data: Float32Array.from(v) }; }
    if (attrs.has('value_int')) return int([attrs.int('value_int', 0)], []);
    if (attrs.has('value_ints')) return int(attrs.ints('value_ints', []));
    return 'a Constant without a tensor, float or int value';
  },
  Shape: (attrs, [x]) => {
    const shape = x && 'shape' in x ? x.shape : constantOf(x)!.dims;
    const rank = shape.length;
    const start = axis(attrs.int('start', 0), rank);
    const end = attrs.has('end') ? axis(attrs.int('end', rank), rank) : rank;
    const picked = shape.slice(Math.max(0, start), Math.min(rank, end));
    const symbolic = picked.find((d) => typeof d !== 'number');
    if (symbolic !== undefined) return `the shape holds the symbolic size '${symbolic}'; import with a fixed size for it`;
    return int(picked as number[]);
  },
  Size: (_a, [x]) => {
    const shape = x && 'shape' in x ? x.shape : constantOf(x)!.dims;
    if (shape.some((d) => typeof d !== 'number')) return 'the size of a symbolic shape';
    return int([count(shape as number[])], []);
  },
  Gather: gather,
  Unsqueeze: unsqueeze,
  Squeeze: squeeze,
  Concat: concat,
  Slice: slice,
  Transpose: transpose,
  Reshape: (attrs, [x, target]) => {
    const c = constantOf(x)!;
    const dims = reshapeTarget(c.dims, ints(constantOf(target)), attrs.int('allowzero', 0) === 1);
    return typeof dims === 'string' ? dims : reshaped(c, dims as number[]);
  },
  Flatten: (attrs, [x]) => {
    const c = constantOf(x)!;
    const ax = axis(attrs.int('axis', 1), c.dims.length);
    return reshaped(c, [count(c.dims.slice(0, ax)), count(c.dims.slice(ax))]);
  },
  Cast: (attrs, [x]) => {
    const c = constantOf(x)!;
    const to = attrs.int('to', 1);
    if (to === 1 || to === 11 || to === 10) return { dims: c.dims, kind: 'float', data: Float32Array.from(c.data) };
    if (to === 9) return { dims: c.dims, kind: 'bool', data: Array.from(c.data, (v) => (v !== 0 ? 1 : 0)) };
    return { dims: c.dims, kind: 'int', data: Array.from(c.data, Math.trunc) };
  },
  ConstantOfShape: (attrs, [shape]) => {
    const dims = ints(constantOf(shape));
    const t = attrs.tensor('value');
    const value = t ? readTensor(t, undefined) : { dims: [1], kind: 'float' as const, data: [0] };
    if (typeof value === 'string') return value;
    const n = count(dims);
    return { dims, kind: value.kind, data: value.kind === 'float' ? new Float32Array(n).fill(value.data[0]) : new Array<number>(n).fill(value.data[0]) };
  },
  Range: (_a, inputs) => {
    const [start, limit, delta] = inputs.map((i) => constantOf(i)!.data[0]);
    const out: number[] = [];
    for (let v = start; delta > 0 ? v < limit : v > limit; v += delta) out.push(v);
    return { dims: [out.length], kind: constantOf(inputs[0])!.kind, data: out };
  },
  Add: elementwise((a, b) => a + b),
  Sub: elementwise((a, b) => a - b),
  Mul: elementwise((a, b) => a * b),
  Div: (attrs, inputs) => {
    const integer = inputs.every((i) => constantOf(i)!.kind !== 'float');
    return elementwise((a, b) => a / b, integer)(attrs, inputs);
  },
  Pow: elementwise((a, b) => a ** b),
  Equal: (attrs, inputs) => ({ ...(elementwise((a, b) => (a === b ? 1 : 0))(attrs, inputs) as Constant), kind: 'bool' }),
  Where: (_a, inputs) => {
    const [cond, a, b] = inputs.map(constantOf) as Constant[];
    const n = Math.max(count(cond.dims), count(a.dims), count(b.dims));
    const pick = (c: Constant, k: number) => c.data[count(c.dims) === 1 ? 0 : k];
    const out = Array.from({ length: n }, (_, k) => (pick(cond, k) ? pick(a, k) : pick(b, k)));
    const dims = [cond, a, b].reduce((d, c) => (count(c.dims) === n ? c.dims : d), cond.dims);
    return { dims, kind: a.kind, data: a.kind === 'float' ? Float32Array.from(out) : out };
  },
  Neg: (_a, [x]) => { const c = constantOf(x)!; return { ...c, data: Array.from(c.data, (v) => -v) }; },
  Floor: (_a, [x]) => { const c = constantOf(x)!; return { ...c, data: Float32Array.from(c.data, Math.floor) }; },
  Ceil: (_a, [x]) => { const c = constantOf(x)!; return { ...c, data: Float32Array.from(c.data, Math.ceil) }; },
  Sqrt: (_a, [x]) => { const c = constantOf(x)!; return { ...c, data: Float32Array.from(c.data, Math.sqrt) }; },
  Expand: (_a, [x, shape]) => {
    const c = constantOf(x)!;
    const target = ints(constantOf(shape));
    return elementwise((a) => a)(_a, [{ constant: c }, { constant: { dims: target, kind: c.kind, data: new Array<number>(count(target)).fill(0) } }]);
  },
};

/** Ops that need only their input's shape, not its values. */
const shapeOnly = new Set(['Shape', 'Size']);

/**
 * Evaluates a node if it can be: every input a constant (or `Shape`/`Size` of a known shape). Returns
 * undefined when it is not a constant computation, a sentence when it is but fails.
 */
export function fold(opType: string, attrs: Attributes, inputs: Operand[]): Constant | string | undefined {
  const folder = folders[opType];
  if (!folder) return undefined;
  if (opType === 'Constant') return folder(attrs, inputs);
  const present = inputs.filter((i) => i !== undefined);
  if (present.length === 0) return undefined;
  if (shapeOnly.has(opType) ? inputs[0] === undefined : !present.every((i) => 'constant' in i)) return undefined;
  return folder(attrs, inputs);
}
