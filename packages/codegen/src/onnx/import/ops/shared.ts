/** What the per-op importers share: reading constants as parameters, pairs, and float attributes as written. */
import type { Node, Padding2d, Pair } from '@stride/dsl';
import { count, type Constant } from '../constant.js';
import { Unsupported, type ImportContext, type OpImporter, type ParamData, type Value } from '../context.js';

/** One ONNX op's importer and the attributes it reads; a node with any other attribute is refused by name. */
export interface Entry {
  attrs: readonly string[];
  run: OpImporter;
}

export const floatData = (c: Constant): Float32Array => (c.data instanceof Float32Array ? c.data : Float32Array.from(c.data));
export const param = (c: Constant, shape: number[] = c.dims): ParamData => ({ shape, data: floatData(c) });
export const pair = (values: number[], what: string): Pair => {
  if (values.length !== 2) throw new Unsupported(`${what} [${values.join(', ')}] is not 2-D`);
  return [values[0], values[1]];
};
export const sameValue = (c: Constant | undefined, value: number) => c !== undefined && count(c.dims) >= 1 && Array.from(c.data).every((v) => Math.abs(v - value) < 1e-6 * Math.max(1, Math.abs(value)));
export const scalar = (c: Constant | undefined): number | undefined => (c && count(c.dims) === 1 ? c.data[0] : undefined);

/** Float attributes are float32 in ONNX: the float64 a person wrote, when it rounds to the same float32. */
export function written(value: number, candidates: number[]): number {
  return candidates.find((c) => Math.fround(c) === Math.fround(value)) ?? Number(Math.fround(value).toPrecision(7));
}

export function checkAutoPad(ctx: ImportContext): void {
  const autoPad = ctx.attrs.string('auto_pad', 'NOTSET');
  if (autoPad !== 'NOTSET' && autoPad !== 'VALID') throw new Unsupported(`auto_pad '${autoPad}' is not supported (write explicit pads)`);
}

/** ONNX's 2-D pads [top, left, bottom, right] as sides. */
export function sides(pads: number[]): Padding2d {
  const [top, left, bottom, right] = pads;
  return { top, bottom, left, right };
}

export const isSymmetric = (p: Padding2d) => p.top === p.bottom && p.left === p.right;

/** `x` padded by `padding` with the DSL's pad (nothing when all sides are 0). */
export function padBefore(ctx: ImportContext, x: Node, padding: Padding2d, mode: 'constant' | 'replicate'): Node {
  if (padding.top === 0 && padding.bottom === 0 && padding.left === 0 && padding.right === 0) return x;
  return nodeOf(ctx.emit('pad', [x], { mode, value: 0, padding }, ctx.plainName('pad')));
}

/** The IR node of an importer's result (emit always returns one). */
export function nodeOf(value: Value): Node {
  if (value.kind !== 'node') throw new Unsupported('is not a computed tensor');
  return value.node;
}

/** The IR node computing ONNX value `name`. */
export function computed(ctx: ImportContext, name: string): Node {
  const v = ctx.value(name);
  if (v?.kind !== 'node') throw new Unsupported(`'${name}' is not a computed tensor`);
  return v.node;
}

/** An axis attribute or input, negative counting from the end, checked against the rank. */
export function axisOf(raw: number, rank: number, what = 'axis'): number {
  const axis = raw < 0 ? raw + rank : raw;
  if (axis < 0 || axis >= rank) throw new Unsupported(`${what} ${raw} is out of range for rank ${rank}`);
  return axis;
}
