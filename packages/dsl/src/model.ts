/**
 * The entry points of a network definition — `input`, the free functions `add`, `mul`, `sub`, `div`, `concat`, and
 * `model` — and the `Model` that turns the recorded nodes into the IR and a summary table.
 */
import { irFormat, irVersion, type Dim, type Graph, type Node, type Param } from './ir.js';
import { captureSite, formatShape, formatSite, formatValue, ShapeError, type Entry, type FormatShape, type FormatValue, type ShapeErrorMessage } from './errors.js';
import { broadcastRule, type AddShape, type BroadcastErrors, type DivShape, type MulShape, type SubShape } from './ops/broadcast.js';
import { concatRule, type ConcatErrors, type ConcatShape } from './ops/concat.js';
import { checkOptions, defineOptions, type SpecType, layerLabel, type CheckedOptions, type OptionsLike, type OptionsObjectErrors } from './ops/options.js';
import type { Mutable, Shape } from './shape.js';
import { located, nextSequence, Scope, Tensor, tensorOf, type BuildNode } from './tensor.js';
import { summarize } from './summary.js';
import { validateGraph } from './validate.js';

/** The shape of a tensor type, as a plain tuple. @example ShapeOf<typeof logits> //=> [1, 10] */
export type ShapeOf<T> = T extends Tensor<infer S> ? S : never;

export interface InputOptions {
  /** The input's name in the IR and the bundle's `run()`. @default 'input' */
  name?: string;
}
/** input's options (see ops/options.ts). */
export const inputOptions = defineOptions<InputOptions>()('input', ['name'], { name: 'name' });
/** The type of `inputOptions`, by a name signatures can print. */
export interface InputOptionKinds extends SpecType<typeof inputOptions> {}
export type InputSpec = InputOptionKinds;

/** The sentence for a shape that is not a non-empty list of non-negative integers and names, or 'ok'. Wide `number` and `string` dimensions pass. */
type InputShapeCheck<S extends Shape> =
  S extends readonly [] ? `input: shape must be a non-empty array of dimensions, got []`
  : ValidDims<S> extends true ? 'ok' : `input: dimensions must be non-negative integers or names, got ${FormatShapeOf<S>}`;
type ValidDims<S extends Shape> =
  S extends readonly [infer Head, ...infer Rest extends Shape]
    ? (Head extends string ? (Head extends '' ? false : true)
      : Head extends number ? (number extends Head ? true : `${Head}` extends `-${string}` | `${string}.${string}` | `${string}e-${string}` ? false : true)
      : false) extends true ? ValidDims<Rest> : false
    : true;
type FormatShapeOf<S extends Shape> = number extends S['length'] ? FormatValue<S> : FormatShape<S>;
type InputShapeErrors<S extends Shape, Whole extends Shape = S> =
  S extends unknown ? { ok: unknown; bad: ShapeErrorMessage<InputShapeCheck<Whole>> }[InputShapeCheck<Whole> extends 'ok' ? 'ok' : 'bad'] : never;

/**
 * A network input. Dimensions are non-negative integers, or strings naming sizes known only at run
 * time (`input(['batch', 3, 224, 224])`).
 * @example const image = input([1, 3, 224, 224], { name: 'image' }); // Tensor<[1, 3, 224, 224]>
 */
export function input<const S extends Shape, const Options extends OptionsLike<InputOptions> = {}>(
  shape: InputShapeErrors<S> & S,
  options?: CheckedOptions<InputOptionKinds, Options> & OptionsObjectErrors<InputOptionKinds, Options> & Options,
): Tensor<Mutable<S>> {
  const site = captureSite(input);
  try {
    if (!Array.isArray(shape) || shape.length === 0) {
      throw new ShapeError(`input: shape must be a non-empty array of dimensions, got ${formatValue(shape)}`);
    }
    for (const d of shape as readonly unknown[]) {
      const ok = (typeof d === 'number' && Number.isInteger(d) && d >= 0) || (typeof d === 'string' && d.length > 0);
      if (!ok) throw new ShapeError(`input: dimensions must be non-negative integers or names, got ${formatShape(shape as Dim[])}`);
    }
    checkOptions(inputOptions, options);
  } catch (error) {
    throw located(error, 'input', site, input);
  }
  const name = (options as InputOptions | undefined)?.name ?? 'input';
  const node: BuildNode = { seq: nextSequence(), op: 'input', name, inputs: [], attrs: {}, shape: [...(shape as Dim[])], params: {}, site };
  return tensorOf<Mutable<S>>(node, new Scope(''));
}

function elementwise(op: 'add' | 'mul' | 'sub' | 'div', a: Tensor, b: Tensor, entry: Entry): BuildNode {
  const site = captureSite(entry);
  try {
    if (!(a instanceof Tensor) || !(b instanceof Tensor)) throw new ShapeError(`${op}: expects two tensors`);
    const shape = broadcastRule(op, a.node.shape, b.node.shape);
    return { seq: nextSequence(), op, name: a.scope.qualify(`${op}_${a.node.seq}_${b.node.seq}`), inputs: [a.node, b.node], attrs: {}, shape, params: {}, site };
  } catch (error) {
    throw located(error, op, site, entry);
  }
}

/** Element-wise sum with NumPy/PyTorch broadcasting. Not a layer: it takes no nn.Sequential index. */
export function add<A extends Shape, B extends Shape>(a: Tensor<A>, b: BroadcastErrors<'add', A, B> & Tensor<B>): Tensor<AddShape<A, B>> {
  return tensorOf(elementwise('add', a as Tensor, b as Tensor, add), (a as Tensor).scope);
}

/** Element-wise product with NumPy/PyTorch broadcasting. Not a layer: it takes no nn.Sequential index. */
export function mul<A extends Shape, B extends Shape>(a: Tensor<A>, b: BroadcastErrors<'mul', A, B> & Tensor<B>): Tensor<MulShape<A, B>> {
  return tensorOf(elementwise('mul', a as Tensor, b as Tensor, mul), (a as Tensor).scope);
}

/** Element-wise difference a − b with NumPy/PyTorch broadcasting, `torch.sub`. Not a layer: it takes no nn.Sequential index. */
export function sub<A extends Shape, B extends Shape>(a: Tensor<A>, b: BroadcastErrors<'sub', A, B> & Tensor<B>): Tensor<SubShape<A, B>> {
  return tensorOf(elementwise('sub', a as Tensor, b as Tensor, sub), (a as Tensor).scope);
}

/** Element-wise quotient a / b with NumPy/PyTorch broadcasting, `torch.div` (true division: x / 0 is ±∞, 0 / 0 NaN). Not a layer: it takes no nn.Sequential index. */
export function div<A extends Shape, B extends Shape>(a: Tensor<A>, b: BroadcastErrors<'div', A, B> & Tensor<B>): Tensor<DivShape<A, B>> {
  return tensorOf(elementwise('div', a as Tensor, b as Tensor, div), (a as Tensor).scope);
}

/** Concatenation along `dim` (default 1, channels), `torch.cat`. Not a layer: it takes no index. */
export function concat<const Tensors extends readonly Tensor<Shape>[], const ConcatDim extends number = 1>(
  tensors: ConcatErrors<Tensors, ConcatDim> & Tensors, dim?: ConcatDim,
): Tensor<ConcatShape<Tensors, ConcatDim>> {
  const site = captureSite(concat);
  const list = tensors as readonly Tensor[];
  let result: ReturnType<typeof concatRule>;
  try {
    if (!Array.isArray(list) || list.length === 0 || !list.every((t) => t instanceof Tensor)) {
      throw new ShapeError('concat: expects a non-empty array of tensors');
    }
    result = concatRule(list.map((t) => t.node.shape), dim ?? 1);
  } catch (error) {
    throw located(error, 'concat', site, concat);
  }
  const first = list[0];
  const node: BuildNode = {
    seq: nextSequence(), op: 'concat', name: first.scope.qualify(`concat_${list.map((t) => t.node.seq).join('_')}`),
    inputs: list.map((t) => t.node), attrs: result.attrs, shape: result.shape, params: {}, site,
  };
  return tensorOf(node, first.scope);
}

export interface ModelDefinition {
  inputs: Record<string, Tensor<Shape>>;
  outputs: Record<string, Tensor<Shape>>;
  /** Used for bundle and report titles. @default 'model' */
  name?: string;
}
/** model's definition keys (see ops/options.ts); `inputs` and `outputs` are checked by `buildGraph`, with their own sentences. */
export const modelOptions = defineOptions<ModelDefinition>()('model', ['inputs', 'outputs', 'name'], { inputs: 'any', outputs: 'any', name: 'name' });
/** The type of `modelOptions`, by a name signatures can print. */
export interface ModelOptionKinds extends SpecType<typeof modelOptions> {}
export type ModelSpec = ModelOptionKinds;

/** A finished network: its IR and summary. The default export of a network module. */
export class Model<Inputs extends Record<string, Tensor<Shape>> = Record<string, Tensor<Shape>>, Outputs extends Record<string, Tensor<Shape>> = Record<string, Tensor<Shape>>> {
  readonly name: string;
  readonly inputs: Inputs;
  readonly outputs: Outputs;
  private readonly graph: Graph;

  constructor(definition: { inputs: Inputs; outputs: Outputs; name?: string }) {
    const site = captureSite(new.target);
    try {
      checkOptions(modelOptions, definition);
    } catch (error) {
      throw located(error, 'model', site, new.target);
    }
    this.name = definition.name ?? 'model';
    this.inputs = definition.inputs;
    this.outputs = definition.outputs;
    this.graph = buildGraph(this.name, definition.inputs, definition.outputs, site);
    validateGraph(this.graph);
  }

  /** The IR: a plain, JSON-serializable graph (a fresh copy each call). See docs/ir.md. */
  toIR(): Graph {
    return structuredClone(this.graph);
  }

  /** A printable table like torchinfo's: layer, op, output shape, parameters, multiply-accumulates. */
  summary(): string {
    return summarize(this.graph);
  }
}

/**
 * Finishes a network. `inputs` and `outputs` map public names (the keys of `run()`'s arguments and
 * result) to tensors.
 * @example export default model({ inputs: { image }, outputs: { logits } });
 */
export function model<const Definition extends ModelDefinition>(
  definition: CheckedOptions<ModelOptionKinds, Definition> & OptionsObjectErrors<ModelOptionKinds, Definition> & Definition,
): Model<Definition['inputs'], Definition['outputs']> {
  return new Model(definition);
}

/**
 * The IR of the nodes reachable from the outputs. A mistake found here is located at the layer it is
 * about (the line of its call, recorded when it was made) or, failing that, at the `model()` call.
 */
function buildGraph(name: string, inputs: Record<string, Tensor>, outputs: Record<string, Tensor>, site: ReturnType<typeof captureSite>): Graph {
  try {
    return graphOf(name, inputs, outputs);
  } catch (error) {
    throw located(error, 'model', site, Model);
  }
}

function graphOf(name: string, inputs: Record<string, Tensor>, outputs: Record<string, Tensor>): Graph {
  if (typeof inputs !== 'object' || inputs === null || Object.keys(inputs).length === 0) throw new ShapeError('model: needs at least one input');
  if (typeof outputs !== 'object' || outputs === null || Object.keys(outputs).length === 0) throw new ShapeError('model: needs at least one output');
  const inputNodes = new Map<BuildNode, string>();
  for (const [key, tensor] of Object.entries(inputs)) {
    if (!(tensor instanceof Tensor) || tensor.node.op !== 'input') throw new ShapeError(`model: input '${key}' must be a tensor made by input()`);
    if (inputNodes.has(tensor.node)) throw new ShapeError(`model: input '${key}' is listed twice`);
    inputNodes.set(tensor.node, key);
  }
  for (const [key, tensor] of Object.entries(outputs)) {
    if (!(tensor instanceof Tensor)) throw new ShapeError(`model: output '${key}' must be a tensor`);
  }
  // Collect every node reachable from the outputs, and every declared input even if no output depends
  // on it (as PyTorch's forward() and ONNX keep their inputs: run() takes it and checks its shape);
  // list them in creation order (a topological order).
  const reachable = new Set<BuildNode>(inputNodes.keys());
  const stack = Object.values(outputs).map((t) => t.node);
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (reachable.has(node)) continue;
    reachable.add(node);
    stack.push(...node.inputs);
  }
  for (const node of reachable) {
    if (node.op === 'input' && !inputNodes.has(node)) {
      throw new ShapeError(`model: the outputs depend on input '${node.name}', which is not listed in inputs`,
        { layer: layerLabel('input', node.name), site: formatSite(node.site) });
    }
  }
  const ordered = [...reachable].sort((a, b) => a.seq - b.seq);
  const ids = new Map<BuildNode, string>(ordered.map((node, index) => [node, `n${index}`]));
  const seenParams = new Map<string, string>();
  const nodes: Node[] = ordered.map((node) => {
    for (const param of Object.values(node.params) as Param[]) {
      const owner = seenParams.get(param.name);
      if (owner !== undefined) {
        throw new ShapeError(`model: parameter '${param.name}' is defined by two layers (${owner} and ${node.name}); give one a different name`,
          { layer: layerLabel(node.op, node.name), site: formatSite(node.site) });
      }
      seenParams.set(param.name, node.name);
    }
    return {
      id: ids.get(node)!, op: node.op, name: node.op === 'input' ? inputNodes.get(node)! : node.name,
      inputs: node.inputs.map((input) => ids.get(input)!), attrs: structuredClone(node.attrs), shape: [...node.shape],
      params: structuredClone(node.params),
    } as Node;
  });
  return {
    format: irFormat, version: irVersion, name,
    nodes, outputs: Object.entries(outputs).map(([key, tensor]) => ({ name: key, node: ids.get(tensor.node)! })),
  };
}

export { formatShape };
export type { Dim };
