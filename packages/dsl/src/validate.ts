/**
 * `validateGraph`: re-checks an IR graph from scratch — structure, references, every node's output
 * shape recomputed from its normalized attributes with the same rules the builder used, and parameter
 * shapes. The codegen runs it after every pass, so a pass that breaks an invariant fails where it did.
 */
import { opNames, type Dim, type Graph, type Node, type OpAttrs, type Param } from './ir.js';
import { formatShape, ShapeError } from './errors.js';
import { broadcastRule } from './ops/broadcast.js';
import { concatRule } from './ops/concat.js';
import { checkPaddingMode, conv2dParamShapes } from './ops/conv2d.js';
import { convTranspose2dParamShapes } from './ops/convTranspose2d.js';
import { batchNorm2dParamShapes } from './ops/batchNorm2d.js';
import { groupNormParamShapes } from './ops/groupNorm.js';
import { instanceNorm2dParamShapes } from './ops/instanceNorm2d.js';
import { layerNormParamShapes } from './ops/layerNorm.js';
import { linearParamShapes } from './ops/linear.js';
import { scaledSize } from './ops/upsample.js';
import { layerLabel } from './ops/options.js';
import { convOutputSize, convTransposeOutputSize } from './ops/window.js';

/** Thrown for a malformed graph; names the node. */
export class GraphError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GraphError';
  }
}

function sameShape(a: readonly Dim[], b: readonly Dim[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function rank4(node: Node, input: readonly Dim[]): readonly Dim[] {
  if (input.length !== 4) throw new GraphError(`node ${node.id} (${layerLabel(node.op, node.name)}): expects rank 4, got ${formatShape(input)}`);
  return input;
}

function spatial(value: Dim): number | string {
  return value;
}

/** The output shape of a node from its inputs' shapes and its attributes. */
export function inferShape(node: Node, inputs: readonly (readonly Dim[])[]): Dim[] {
  const [x] = inputs;
  switch (node.op) {
    case 'input':
      return [...node.shape];
    case 'conv2d': {
      const a = node.attrs;
      const [n, c, h, w] = rank4(node, x);
      if (c !== a.inChannels) throw new GraphError(`node ${node.id} (conv2d '${node.name}'): inChannels ${a.inChannels} but input has ${String(c)} channels`);
      checkPaddingMode(a.paddingMode, 'height', h, Math.max(a.padding.top, a.padding.bottom));
      checkPaddingMode(a.paddingMode, 'width', w, Math.max(a.padding.left, a.padding.right));
      return [n, a.outChannels,
        convOutputSize('conv2d', spatial(h), a.kernelSize[0], a.stride[0], a.padding.top, a.padding.bottom, a.dilation[0], false),
        convOutputSize('conv2d', spatial(w), a.kernelSize[1], a.stride[1], a.padding.left, a.padding.right, a.dilation[1], false)];
    }
    case 'convTranspose2d': {
      const a = node.attrs;
      const [n, c, h, w] = rank4(node, x);
      if (c !== a.inChannels) throw new GraphError(`node ${node.id} (convTranspose2d '${node.name}'): inChannels ${a.inChannels} but input has ${String(c)} channels`);
      return [n, a.outChannels,
        convTransposeOutputSize(h, a.kernelSize[0], a.stride[0], a.padding[0], a.outputPadding[0], a.dilation[0]),
        convTransposeOutputSize(w, a.kernelSize[1], a.stride[1], a.padding[1], a.outputPadding[1], a.dilation[1])];
    }
    case 'maxPool2d':
    case 'avgPool2d': {
      const a = node.attrs as OpAttrs['maxPool2d'];
      const dilation = node.op === 'maxPool2d' ? a.dilation : [1, 1];
      const [n, c, h, w] = rank4(node, x);
      return [n, c,
        convOutputSize(node.op, h, a.kernelSize[0], a.stride[0], a.padding[0], a.padding[0], dilation[0], a.ceilMode),
        convOutputSize(node.op, w, a.kernelSize[1], a.stride[1], a.padding[1], a.padding[1], dilation[1], a.ceilMode)];
    }
    case 'adaptiveAvgPool2d':
    case 'adaptiveMaxPool2d': {
      const [n, c] = rank4(node, x);
      return [n, c, node.attrs.outputSize[0], node.attrs.outputSize[1]];
    }
    case 'groupNorm': {
      const { numGroups, numChannels } = node.attrs;
      if (rank4(node, x)[1] !== numChannels) throw new GraphError(`node ${node.id} (${layerLabel(node.op, node.name)}): numChannels ${numChannels} but input has ${String(x[1])} channels`);
      if (numChannels % numGroups !== 0) throw new GraphError(`node ${node.id} (${layerLabel(node.op, node.name)}): ${numChannels} channels are not divisible by ${numGroups} groups`);
      return [...x];
    }
    case 'instanceNorm2d':
      if (rank4(node, x)[1] !== node.attrs.numFeatures) throw new GraphError(`node ${node.id} (${layerLabel(node.op, node.name)}): numFeatures ${node.attrs.numFeatures} but input has ${String(x[1])} channels`);
      return [...x];
    case 'layerNorm': {
      const sizes = node.attrs.normalizedShape;
      const last = x.slice(x.length - sizes.length);
      if (sizes.length > x.length || !last.every((d, i) => d === sizes[i])) {
        throw new GraphError(`node ${node.id} (${layerLabel(node.op, node.name)}): normalizedShape ${formatShape(sizes)} is not the trailing dimensions of ${formatShape(x)}`);
      }
      return [...x];
    }
    case 'batchNorm2d':
      if (rank4(node, x)[1] !== node.attrs.numFeatures) throw new GraphError(`node ${node.id} (batchNorm2d '${node.name}'): numFeatures ${node.attrs.numFeatures} but input has ${String(x[1])} channels`);
      return [...x];
    case 'linear':
      if (x[x.length - 1] !== node.attrs.inFeatures) throw new GraphError(`node ${node.id} (linear '${node.name}'): inFeatures ${node.attrs.inFeatures} but input has ${String(x[x.length - 1])}`);
      return [...x.slice(0, -1), node.attrs.outFeatures];
    case 'flatten': {
      const { startDim, endDim } = node.attrs;
      if (startDim < 0 || endDim >= x.length || startDim > endDim) throw new GraphError(`node ${node.id} (flatten): dims ${startDim}…${endDim} out of range for ${formatShape(x)}`);
      let product = 1;
      for (const d of x.slice(startDim, endDim + 1)) {
        if (typeof d === 'string') throw new GraphError(`node ${node.id} (flatten): cannot flatten symbolic dimension '${d}'`);
        product *= d;
      }
      return [...x.slice(0, startDim), product, ...x.slice(endDim + 1)];
    }
    case 'reshape': {
      const count = (s: readonly Dim[]) => s.reduce<number>((acc, d) => (typeof d === 'number' ? acc * d : acc), 1);
      if (count(x) !== count(node.attrs.shape)) throw new GraphError(`node ${node.id} (reshape): ${formatShape(x)} does not reshape to ${formatShape(node.attrs.shape)}`);
      return [...node.attrs.shape];
    }
    case 'upsample': {
      const [n, c, h, w] = rank4(node, x);
      const { mode, alignCorners, size, scaleFactor } = node.attrs;
      if (typeof h === 'string' || typeof w === 'string') throw new GraphError(`node ${node.id} (upsample): symbolic spatial size`);
      if (mode === 'nearest' && alignCorners) throw new GraphError(`node ${node.id} (upsample): alignCorners with mode 'nearest'`);
      if (scaleFactor !== null && (scaledSize(h, scaleFactor[0]) !== size[0] || scaledSize(w, scaleFactor[1]) !== size[1])) {
        throw new GraphError(`node ${node.id} (upsample): size ${formatShape(size)} is not ⌊${formatShape([h, w])} × ${formatShape(scaleFactor)}⌋`);
      }
      return [n, c, size[0], size[1]];
    }
    case 'softmax':
    case 'logSoftmax':
      if (node.attrs.dim < 0 || node.attrs.dim >= x.length) throw new GraphError(`node ${node.id} (${node.op}): dim ${node.attrs.dim} out of range for ${formatShape(x)}`);
      return [...x];
    case 'mean': {
      const { dims, keepDim } = node.attrs;
      if (dims[dims.length - 1] >= x.length) throw new GraphError(`node ${node.id} (mean): dims ${formatShape(dims)} out of range for ${formatShape(x)}`);
      return x.flatMap((d, i) => (dims.includes(i) ? (keepDim ? [1] : []) : [d]));
    }
    case 'add':
    case 'mul':
    case 'sub':
    case 'div':
      return broadcastRule(node.op, inputs[0], inputs[1]);
    case 'concat':
      return concatRule(inputs, node.attrs.dim).shape;
    case 'dropout':
    case 'relu':
    case 'relu6':
    case 'leakyRelu':
    case 'sigmoid':
    case 'tanh':
    case 'gelu':
    case 'silu':
    case 'hardswish':
    case 'hardsigmoid':
    case 'elu':
    case 'clamp':
      return [...x];
    default: {
      const unknown: never = node;
      throw new GraphError(`unknown op '${(unknown as Node).op}'`);
    }
  }
}

const arity: Partial<Record<Node['op'], number>> = { input: 0, add: 2, mul: 2, sub: 2, div: 2 };

/** What each attribute must be, per op: checked before any rule reads it, so a malformed graph from
 * JSON is refused with the attribute's name instead of failing deep inside a rule. */
type AttrKind = 'count' | 'natural' | 'pair' | 'countPair' | 'bool' | 'number' | 'padding' | 'paddingMode' | 'dims' | 'counts' | 'upsampleMode' | 'scalePair'
  | 'axes' | 'bound';
const attrSchema: { [Op in Node['op']]: Record<string, AttrKind> } = {
  input: {},
  conv2d: { inChannels: 'count', outChannels: 'count', kernelSize: 'countPair', stride: 'countPair', padding: 'padding', dilation: 'countPair', groups: 'count', bias: 'bool', paddingMode: 'paddingMode' },
  convTranspose2d: { inChannels: 'count', outChannels: 'count', kernelSize: 'countPair', stride: 'countPair', padding: 'pair', outputPadding: 'pair', dilation: 'countPair', groups: 'count', bias: 'bool' },
  maxPool2d: { kernelSize: 'countPair', stride: 'countPair', padding: 'pair', dilation: 'countPair', ceilMode: 'bool' },
  avgPool2d: { kernelSize: 'countPair', stride: 'countPair', padding: 'pair', ceilMode: 'bool', countIncludePad: 'bool' },
  adaptiveAvgPool2d: { outputSize: 'countPair' },
  adaptiveMaxPool2d: { outputSize: 'countPair' },
  batchNorm2d: { numFeatures: 'count', eps: 'number' },
  groupNorm: { numGroups: 'count', numChannels: 'count', eps: 'number', affine: 'bool' },
  instanceNorm2d: { numFeatures: 'count', eps: 'number', affine: 'bool' },
  layerNorm: { normalizedShape: 'counts', eps: 'number', elementwiseAffine: 'bool' },
  linear: { inFeatures: 'count', outFeatures: 'count', bias: 'bool' },
  flatten: { startDim: 'natural', endDim: 'natural' },
  reshape: { shape: 'dims' },
  upsample: { mode: 'upsampleMode', alignCorners: 'bool', size: 'countPair', scaleFactor: 'scalePair' },
  dropout: { p: 'number' },
  softmax: { dim: 'natural' },
  relu: {}, relu6: {}, sigmoid: {}, tanh: {}, gelu: {}, silu: {}, hardswish: {}, hardsigmoid: {},
  leakyRelu: { slope: 'number' },
  add: {}, mul: {},
  concat: { dim: 'natural' },
  mean: { dims: 'axes', keepDim: 'bool' },
  sub: {}, div: {},
  elu: { alpha: 'number' },
  logSoftmax: { dim: 'natural' },
  clamp: { min: 'bound', max: 'bound' },
};

const isNatural = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isDim = (v: unknown) => isNatural(v) || (typeof v === 'string' && v.length > 0);

function attrFits(kind: AttrKind, value: unknown): boolean {
  switch (kind) {
    case 'count': return isNatural(value) && value > 0;
    case 'natural': return isNatural(value);
    case 'pair': return Array.isArray(value) && value.length === 2 && value.every(isNatural);
    case 'countPair': return Array.isArray(value) && value.length === 2 && value.every((v) => isNatural(v) && v > 0);
    case 'bool': return typeof value === 'boolean';
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'padding': return typeof value === 'object' && value !== null && ['top', 'bottom', 'left', 'right'].every((k) => isNatural((value as Record<string, unknown>)[k]));
    case 'paddingMode': return value === 'zeros' || value === 'reflect' || value === 'replicate' || value === 'circular';
    case 'dims': return Array.isArray(value) && value.every(isDim);
    case 'counts': return Array.isArray(value) && value.length > 0 && value.every((v) => isNatural(v) && v > 0);
    case 'upsampleMode': return value === 'nearest' || value === 'bilinear';
    case 'scalePair': return value === null || (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'number' && Number.isFinite(v) && v > 0));
    case 'axes': return Array.isArray(value) && value.length > 0 && value.every((v, i) => isNatural(v) && (i === 0 || v > value[i - 1]));
    case 'bound': return value === null || (typeof value === 'number' && Number.isFinite(value));
  }
}

/** Structural checks of one node, before any shape rule runs. */
function checkStructure(node: Node): void {
  const label = `node ${node.id} (${node.op}${typeof node.name === 'string' ? ` '${node.name}'` : ''})`;
  if (typeof node.name !== 'string' || node.name.length === 0) throw new GraphError(`${label}: name must be a non-empty string`);
  if (!Array.isArray(node.inputs) || !node.inputs.every((i) => typeof i === 'string')) throw new GraphError(`${label}: inputs must be an array of node ids`);
  if (!Array.isArray(node.shape) || node.shape.length === 0 || !node.shape.every(isDim)) throw new GraphError(`${label}: shape must be a non-empty array of sizes or names, got ${JSON.stringify(node.shape)}`);
  if (typeof node.attrs !== 'object' || node.attrs === null || Array.isArray(node.attrs)) throw new GraphError(`${label}: attrs must be an object`);
  if (typeof node.params !== 'object' || node.params === null || Array.isArray(node.params)) throw new GraphError(`${label}: params must be an object`);
  for (const [key, kind] of Object.entries(attrSchema[node.op])) {
    const value = (node.attrs as Record<string, unknown>)[key];
    if (!attrFits(kind, value)) throw new GraphError(`${label}: attribute ${key} must be ${kindText[kind]}, got ${JSON.stringify(value) ?? 'undefined'}`);
  }
  for (const [role, param] of Object.entries(node.params as Record<string, unknown>)) {
    const p = param as { name?: unknown; shape?: unknown } | null;
    if (typeof p !== 'object' || p === null || typeof p.name !== 'string' || !Array.isArray(p.shape) || !p.shape.every(isNatural)) {
      throw new GraphError(`${label}: parameter ${role} must be { name: string, shape: number[] }`);
    }
  }
}

const kindText: Record<AttrKind, string> = {
  count: 'a positive integer', natural: 'a non-negative integer', pair: 'a pair of non-negative integers', countPair: 'a pair of positive integers',
  bool: 'a boolean', number: 'a finite number', padding: '{ top, bottom, left, right } of non-negative integers',
  paddingMode: "'zeros', 'reflect', 'replicate' or 'circular'", dims: 'an array of sizes or names', counts: 'a non-empty array of positive integers', upsampleMode: "'nearest' or 'bilinear'",
  scalePair: 'null or a pair of positive numbers',
  axes: 'a non-empty ascending array of distinct non-negative integers', bound: 'null or a finite number',
};

/** The parameter shapes PyTorch gives a node with these attributes. */
export function paramShapes(node: Node): Record<string, number[] | undefined> {
  switch (node.op) {
    case 'conv2d': return conv2dParamShapes(node.attrs);
    case 'convTranspose2d': return convTranspose2dParamShapes(node.attrs);
    case 'linear': return linearParamShapes(node.attrs);
    case 'batchNorm2d': return batchNorm2dParamShapes(node.attrs);
    case 'groupNorm': return groupNormParamShapes(node.attrs);
    case 'instanceNorm2d': return instanceNorm2dParamShapes(node.attrs);
    case 'layerNorm': return layerNormParamShapes(node.attrs);
    default: return {};
  }
}

/**
 * Checks a graph; throws `GraphError` (or `ShapeError` from a shape rule) naming the node. Returns
 * the graph for chaining.
 */
export function validateGraph(graph: Graph): Graph {
  if (typeof graph !== 'object' || graph === null) throw new GraphError('graph: expected an object');
  if (graph.format !== 'stride-ir') throw new GraphError(`graph: format must be 'stride-ir', got ${JSON.stringify(graph.format)}`);
  if (graph.version !== 1) throw new GraphError(`graph: version ${JSON.stringify(graph.version)} is not supported (expected 1)`);
  if (!Array.isArray(graph.nodes) || !Array.isArray(graph.outputs)) throw new GraphError('graph: nodes and outputs must be arrays');
  const shapes = new Map<string, readonly Dim[]>();
  const inputNames = new Set<string>();
  const paramNames = new Set<string>();
  for (const node of graph.nodes) {
    if (typeof node !== 'object' || node === null || typeof node.id !== 'string') throw new GraphError('graph: every node needs a string id');
    if (shapes.has(node.id)) throw new GraphError(`node ${node.id}: duplicate id`);
    if (!(opNames as readonly string[]).includes(node.op)) throw new GraphError(`node ${node.id}: unknown op '${String(node.op)}'`);
    checkStructure(node);
    const expectedArity = arity[node.op];
    if (expectedArity !== undefined ? node.inputs.length !== expectedArity : node.op === 'concat' ? node.inputs.length < 1 : node.inputs.length !== 1) {
      throw new GraphError(`node ${node.id} (${layerLabel(node.op, node.name)}): wrong number of inputs (${node.inputs.length})`);
    }
    const inputShapes = node.inputs.map((ref) => {
      const shape = shapes.get(ref);
      if (!shape) throw new GraphError(`node ${node.id} (${layerLabel(node.op, node.name)}): input '${ref}' is not an earlier node`);
      return shape;
    });
    if (node.op === 'input') {
      if (inputNames.has(node.name)) throw new GraphError(`node ${node.id}: two inputs are named '${node.name}'`);
      inputNames.add(node.name);
    }
    let shape: Dim[];
    try {
      shape = inferShape(node, inputShapes);
    } catch (error) {
      if (error instanceof ShapeError) throw new GraphError(`node ${node.id} (${layerLabel(node.op, node.name)}): ${error.message}`);
      throw error;
    }
    if (!sameShape(shape, node.shape)) {
      throw new GraphError(`node ${node.id} (${layerLabel(node.op, node.name)}): recorded shape ${formatShape(node.shape)} but the rule gives ${formatShape(shape)}`);
    }
    const expected = paramShapes(node);
    const params = (node.params ?? {}) as Record<string, Param | undefined>;
    for (const [role, expectedShape] of Object.entries(expected)) {
      const param = params[role];
      if (!expectedShape) {
        if (param) throw new GraphError(`node ${node.id} (${layerLabel(node.op, node.name)}): unexpected parameter '${role}'`);
        continue;
      }
      if (!param) throw new GraphError(`node ${node.id} (${layerLabel(node.op, node.name)}): missing parameter '${role}'`);
      if (!sameShape(param.shape, expectedShape)) {
        throw new GraphError(`node ${node.id} (${layerLabel(node.op, node.name)}): parameter ${param.name} has shape ${formatShape(param.shape)}, expected ${formatShape(expectedShape)}`);
      }
      if (paramNames.has(param.name)) throw new GraphError(`node ${node.id}: parameter name '${param.name}' is used twice`);
      paramNames.add(param.name);
    }
    for (const role of Object.keys(params)) {
      if (!(role in expected)) throw new GraphError(`node ${node.id} (${layerLabel(node.op, node.name)}): unexpected parameter '${role}'`);
    }
    shapes.set(node.id, node.shape);
  }
  const outputNames = new Set<string>();
  for (const output of graph.outputs) {
    if (typeof output !== 'object' || output === null || typeof output.name !== 'string') throw new GraphError('graph: every output needs a name and a node');
    if (!shapes.has(output.node)) throw new GraphError(`output '${output.name}': node '${output.node}' does not exist`);
    if (outputNames.has(output.name)) throw new GraphError(`output '${output.name}' is listed twice`);
    outputNames.add(output.name);
  }
  return graph;
}
