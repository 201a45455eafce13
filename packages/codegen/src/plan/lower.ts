/**
 * Lowering: IR (after the passes) → the target-independent program. Three concerns, kept apart:
 * what fuses (`fusion.ts`), what step each op becomes (the `lowerings` registry below, one entry per
 * IR op, so a new op does not compile until it is lowered), and which graph outputs need a copy to
 * own their storage. Kernel variants, layouts and memory are the target's and the memory plan's.
 */
import { batchNormAffine } from '@stride/runtime';
import { layerLabel as dslLayerLabel, macsOf, type ActivationOp, type Graph, type Node, type NodeOf, type OpName, type Param } from '@stride/dsl';
import { decideFusion, type FusedChain } from './fusion.js';
import { composeGather, gatherAxes, isGather, type GatherNode } from './gather.js';
import { resolveShapeForBatch } from './graph-types.js';
import type { Activation, BinaryOp, LoweredProgram, Program, Step, Value, WeightRef } from './program.js';

/** What a lowering may ask of the program under construction. */
interface LoweringContext {
  /** The value an earlier node produced. */
  valueOf(id: string): Value;
  /** A new value for the node (and every node fused into its step), of the chain's final shape. */
  produce(node: AnyNode): Value;
  /** What is fused into a head: the residual it adds, its activation, the labels of every layer. */
  chain(node: AnyNode): { residual?: Value; activation?: Activation; layers: string[] };
  /** A parameter the graph binds, by its state_dict name. */
  param(param: Param): WeightRef;
  /** A weight the lowering computes (a batch norm's scale and shift). */
  derived(name: string, data: Float32Array): WeightRef;
  /** The data of a weight already referenced. */
  dataOf(ref: WeightRef): Float32Array;
  shape(node: AnyNode): number[];
  input(node: AnyNode, value: Value): void;
  alias(node: AnyNode, value: Value): void;
  push(step: Step): void;
}

type Lowering<Op extends OpName> = (node: NodeOf<Op>, context: LoweringContext) => void;

/** Any node, as the context's methods take it (a `NodeOf<Op>` for a generic `Op` is not a `Node`). */
type AnyNode = { id: string; op: OpName; name: string; params: object };

/** A producer with its fused epilogue: its step gets the residual read, the bias and the activation. */
function producer<Op extends 'conv2d' | 'convTranspose2d' | 'linear'>(kind: Op): Lowering<Op> {
  return (node, c) => {
    const { residual, activation, layers } = c.chain(node);
    const params = node.params as { weight: Param; bias?: Param };
    c.push({
      kind, layers, reads: { input: c.valueOf(node.inputs[0]), ...(residual ? { residual } : {}) }, output: c.produce(node),
      weights: { weight: c.param(params.weight), ...(params.bias ? { bias: c.param(params.bias) } : {}) },
      attrs: node.attrs, ...(activation ? { activation } : {}), macs: macsOf({ ...node, shape: c.shape(node) } as unknown as Node),
    } as Step);
  };
}

const binary = (op: BinaryOp): Lowering<BinaryOp> => (node, c) => {
  const { activation, layers } = c.chain(node);
  c.push({ kind: 'binary', layers, reads: { in0: c.valueOf(node.inputs[0]), in1: c.valueOf(node.inputs[1]) }, output: c.produce(node), weights: {}, attrs: { op }, ...(activation ? { activation } : {}), macs: 0 });
};

const activation: Lowering<ActivationOp> = (node, c) => {
  c.push({ kind: 'activation', layers: [layerLabel(node)], reads: { input: c.valueOf(node.inputs[0]) }, output: c.produce(node), weights: {}, attrs: {}, activation: activationOf(node), macs: 0 });
};

/** A step that reads one input and has no weights, its attributes as the IR's. */
function plain<Op extends 'maxPool2d' | 'avgPool2d' | 'adaptiveAvgPool2d' | 'adaptiveMaxPool2d' | 'upsample' | 'softmax' | 'mean' | 'logSoftmax'>(kind: Op): Lowering<Op> {
  return (node, c) => c.push({ kind, layers: [layerLabel(node)], reads: { input: c.valueOf(node.inputs[0]) }, output: c.produce(node), weights: {}, attrs: node.attrs, macs: 0 } as Step);
}

/** groupNorm, instanceNorm2d, layerNorm: blocks of `length` elements (see `StepSlots.normalize`), per channel or element-wise affine. */
function normalize<Op extends 'groupNorm' | 'instanceNorm2d' | 'layerNorm'>(length: (node: NodeOf<Op>, shape: number[]) => number, affine: 'channel' | 'element'): Lowering<Op> {
  return (node, c) => {
    const shape = c.shape(node);
    const blockLength = length(node, shape);
    const params = node.params as { weight?: Param; bias?: Param };
    c.push({
      kind: 'normalize', layers: [layerLabel(node)], reads: { input: c.valueOf(node.inputs[0]) }, output: c.produce(node),
      weights: params.weight && params.bias ? { weight: c.param(params.weight), bias: c.param(params.bias) } : {},
      attrs: { rows: shape.reduce((a, b) => a * b, 1) / blockLength, length: blockLength, eps: node.attrs.eps, affine: params.weight ? affine : 'none' }, macs: 0,
    });
  };
}

/** pad, slice, permute, pixelShuffle: one element copied per output element (plan/gather.ts). */
const gather: Lowering<GatherNode['op']> = (node, c) => {
  const input = c.valueOf(node.inputs[0]);
  c.push({ kind: 'gather', layers: [layerLabel(node)], reads: { input }, output: c.produce(node), weights: {}, attrs: gatherAxes(node as GatherNode, input.shape, c.shape(node)), macs: 0 });
};

const reshape: Lowering<'flatten' | 'reshape'> = (node, c) => {
  c.push({ kind: 'reshape', layers: [layerLabel(node)], reads: { input: c.valueOf(node.inputs[0]) }, output: c.produce(node), weights: {}, attrs: {}, macs: 0 });
};

/** Every IR op's lowering. Heads of fused chains are lowered where their chain's last node was. */
export const lowerings: { [Op in OpName]: Lowering<Op> } = {
  input: (node, c) => c.input(node, c.produce(node)),
  conv2d: producer('conv2d'),
  convTranspose2d: producer('convTranspose2d'),
  linear: producer('linear'),
  maxPool2d: plain('maxPool2d'),
  avgPool2d: plain('avgPool2d'),
  adaptiveAvgPool2d: plain('adaptiveAvgPool2d'),
  adaptiveMaxPool2d: plain('adaptiveMaxPool2d'),
  groupNorm: normalize<'groupNorm'>((node, [, channels, height, width]) => (channels / node.attrs.numGroups) * height * width, 'channel'),
  instanceNorm2d: normalize<'instanceNorm2d'>((_node, [, , height, width]) => height * width, 'channel'),
  layerNorm: normalize<'layerNorm'>((node) => node.attrs.normalizedShape.reduce((a, b) => a * b, 1), 'element'),
  batchNorm2d: (node, c) => {
    // Not folded (its input is not a conv or linear of its own): the affine map as two weights.
    const { eps, numFeatures } = node.attrs;
    const scale = new Float32Array(numFeatures);
    const shift = new Float32Array(numFeatures);
    const statistics = {
      weight: c.param(node.params.weight), bias: c.param(node.params.bias),
      running_mean: c.param(node.params.running_mean), running_var: c.param(node.params.running_var),
    };
    const data = Object.fromEntries(Object.entries(statistics).map(([role, ref]) => [role, c.dataOf(ref)])) as Record<keyof typeof statistics, Float32Array>;
    for (let channel = 0; channel < numFeatures; channel++) ({ scale: scale[channel], shift: shift[channel] } = batchNormAffine(data, eps, channel));
    const { activation, layers } = c.chain(node);
    c.push({
      kind: 'batchNorm2d', layers, reads: { input: c.valueOf(node.inputs[0]) }, output: c.produce(node),
      weights: { scale: c.derived(`${node.name}.scale`, scale), shift: c.derived(`${node.name}.shift`, shift) }, attrs: {}, ...(activation ? { activation } : {}), macs: 0,
    });
  },
  flatten: reshape,
  reshape,
  upsample: plain('upsample'),
  dropout: (node, c) => c.alias(node, c.valueOf(node.inputs[0])),
  softmax: plain('softmax'),
  relu: activation,
  relu6: activation,
  leakyRelu: activation,
  sigmoid: activation,
  tanh: activation,
  gelu: activation,
  silu: activation,
  hardswish: activation,
  hardsigmoid: activation,
  add: binary('add'),
  mul: binary('mul'),
  concat: (node, c) => {
    const reads = Object.fromEntries(node.inputs.map((id, i) => [`in${i}`, c.valueOf(id)])) as Record<`in${number}`, Value>;
    c.push({ kind: 'concat', layers: [layerLabel(node)], reads, output: c.produce(node), weights: {}, attrs: { ...node.attrs, count: node.inputs.length }, macs: 0 });
  },
  mean: plain('mean'),
  sub: binary('sub'),
  div: binary('div'),
  elu: activation,
  logSoftmax: plain('logSoftmax'),
  clamp: activation,
  pad: gather,
  slice: gather,
  permute: gather,
  pixelShuffle: gather,
};

function activationOf(node: AnyNode): Activation {
  if (node.op === 'leakyRelu') return { op: 'leakyRelu', slope: (node as NodeOf<'leakyRelu'>).attrs.slope };
  if (node.op === 'elu') return { op: 'elu', alpha: (node as NodeOf<'elu'>).attrs.alpha };
  if (node.op === 'clamp') return { op: 'clamp', min: (node as NodeOf<'clamp'>).attrs.min, max: (node as NodeOf<'clamp'>).attrs.max };
  return { op: node.op as ActivationOp };
}

/** How a layer reads in comments and reports: as the DSL's errors name it, `conv2d 'conv1'`. */
export function layerLabel(node: AnyNode): string {
  return dslLayerLabel(node.op, node.name);
}

export function lower(graph: Graph, weights: Map<string, Float32Array>, batch: number): LoweredProgram {
  const shapes = new Map(graph.nodes.map((n) => [n.id, resolveShapeForBatch(n.shape, batch)]));
  const fusion = decideFusion(graph, shapes);
  const values: Value[] = [];
  const valueOf = new Map<string, Value>();
  const refs: WeightRef[] = [];
  const weightData: Float32Array[] = [];
  const refByName = new Map<string, WeightRef>();
  const steps: Step[] = [];
  const inputs: Program['inputs'] = [];
  /** The value each reshape step reads, so an output that is a reshaped input is still copied. */
  const reshapeSource = new Map<Value, Value>();

  const newValue = (shape: number[]): Value => {
    const value = { id: values.length, shape };
    values.push(value);
    return value;
  };
  const addWeight = (name: string, data: Float32Array, shape: number[]): WeightRef => {
    const ref = { id: refs.length, name, shape };
    refs.push(ref);
    weightData.push(data);
    refByName.set(name, ref);
    return ref;
  };
  const chainFor = (node: AnyNode): FusedChain | undefined => fusion.chains.get(node.id);
  const context: LoweringContext = {
    valueOf: (id) => valueOf.get(id)!,
    produce(node) {
      const chain = chainFor(node);
      const last = chain?.last ?? node;
      const value = newValue(shapes.get(last.id)!);
      for (const member of [node, chain?.residual?.add, chain?.activation]) if (member) valueOf.set(member.id, value);
      return value;
    },
    chain(node) {
      const chain = chainFor(node);
      const members = [node, chain?.residual?.add, chain?.activation].filter((n): n is AnyNode => n !== undefined);
      return {
        ...(chain?.residual ? { residual: valueOf.get(chain.residual.other)! } : {}),
        ...(chain?.activation ? { activation: activationOf(chain.activation) } : {}),
        layers: members.map(layerLabel),
      };
    },
    param: (param) => refByName.get(param.name) ?? addWeight(param.name, weights.get(param.name)!, param.shape),
    derived: (name, data) => addWeight(name, data, [data.length]),
    dataOf: (ref) => weightData[ref.id],
    shape: (node) => shapes.get(node.id)!,
    input: (node, value) => inputs.push({ name: node.name, value }),
    alias: (node, value) => valueOf.set(node.id, value),
    push(step) {
      if (step.kind === 'reshape') reshapeSource.set(step.output, step.reads.input);
      steps.push(step);
    },
  };

  const composed = composedGathers(graph, shapes);
  for (const node of graph.nodes) {
    const composite = composed.get(node.id);
    if (composite === 'inside') continue;
    if (composite) {
      context.push({
        kind: 'gather', layers: composite.layers, reads: { input: valueOf.get(composite.source)! }, output: context.produce(node), weights: {},
        attrs: { axes: composite.axes, fill: 0 }, macs: 0,
      });
      continue;
    }
    const head = fusion.fusedInto.get(node.id);
    if (head !== undefined) {
      const chain = fusion.chains.get(head)!;
      if (chain.last === node) (lowerings[chain.head.op] as Lowering<OpName>)(chain.head, context);
      continue;
    }
    const chain = chainFor(node);
    if (chain && chain.last !== node) continue; // lowered at its chain's last node
    (lowerings[node.op] as Lowering<OpName>)(node, context);
  }

  // Outputs own their storage: a graph output that is an input (or a reshape of one), or a value
  // already given to another output name, is copied, so `run()` hands out distinct arrays.
  const outputs: Program['outputs'] = [];
  const owners = new Set<Value>();
  const inputValues = new Set(inputs.map((i) => i.value));
  const root = (value: Value): Value => (reshapeSource.has(value) ? root(reshapeSource.get(value)!) : value);
  for (const output of graph.outputs) {
    let value = valueOf.get(output.node)!;
    if (owners.has(root(value)) || inputValues.has(root(value))) {
      const copy = newValue(value.shape);
      steps.push({ kind: 'copy', layers: [output.name], reads: { input: value }, output: copy, weights: {}, attrs: {}, macs: 0 });
      value = copy;
    }
    owners.add(root(value));
    outputs.push({ name: output.name, value });
  }
  return { program: { name: graph.name, steps, values, inputs, outputs, weights: refs }, weightData };
}

const reshapeOps = new Set<string>(['reshape', 'flatten']);

/**
 * Chains reshape → gather → reshape that lower to one gather from the first reshape's input
 * (plan/gather.ts, `composeGather`): by the last reshape's id its step, by the other two 'inside'
 * (no step of their own). Each intermediate value has that chain as its only reader and is no
 * graph output, so no one sees it.
 */
function composedGathers(graph: Graph, shapes: Map<string, number[]>): Map<string, 'inside' | { source: string; axes: number[][]; layers: string[] }> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const readers = new Map<string, Node[]>(graph.nodes.map((n) => [n.id, []]));
  for (const node of graph.nodes) for (const input of node.inputs) readers.get(input)!.push(node);
  const outputIds = new Set(graph.outputs.map((o) => o.node));
  const onlyReader = (id: string) => (readers.get(id)!.length === 1 && !outputIds.has(id) ? readers.get(id)![0] : undefined);
  const result = new Map<string, 'inside' | { source: string; axes: number[][]; layers: string[] }>();
  for (const node of graph.nodes) {
    if (!isGather(node)) continue;
    const before = byId.get(node.inputs[0])!;
    const after = onlyReader(node.id);
    if (!reshapeOps.has(before.op) || onlyReader(before.id) !== node || !after || !reshapeOps.has(after.op) || result.has(before.id)) continue;
    const { axes } = gatherAxes(node, shapes.get(before.id)!, shapes.get(node.id)!);
    const composite = composeGather(axes, shapes.get(node.id)!, shapes.get(after.id)!);
    if (!composite) continue;
    result.set(before.id, 'inside');
    result.set(node.id, 'inside');
    result.set(after.id, { source: before.inputs[0], axes: composite, layers: [before, node, after].map(layerLabel) });
  }
  return result;
}
