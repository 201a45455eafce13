/**
 * Stride's IR: the plain JSON graph that is the only contract between `@stride/dsl` (which writes it),
 * `@stride/runtime` (which interprets it) and `@stride/codegen` (which compiles it).
 *
 * Invariants every producer keeps and `validateGraph` checks:
 * - `nodes` are in topological order; every `inputs` entry names an earlier node's `id`.
 * - every attribute is normalized: pairs are explicit `[height, width]`, defaults are filled in,
 *   negative dims are resolved to non-negative ones, so consumers never re-derive PyTorch defaults.
 * - every node carries its output `shape`; a string dimension is a symbolic size known at run time.
 * - `params` name the tensors exactly as PyTorch's state_dict does (`conv1.weight`, `bn1.running_var`).
 *
 * The document is `docs/ir.md`; this file is the single list of ops (`OpName`) and their attributes.
 */

/** A dimension: a non-negative integer, or the name of a size known only at run time (`'batch'`). */
export type Dim = number | string;

/** A concrete `[height, width]` pair. */
export type Pair = [number, number];

/** Explicit per-side padding, as PyTorch's `'same'` can be asymmetric for even kernels. */
export interface Padding2d {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

export type UpsampleMode = 'nearest' | 'bilinear';

/** Attributes of every op, keyed by op name. This record is the single list of ops. */
export interface OpAttrs {
  input: Record<string, never>;
  conv2d: {
    inChannels: number;
    outChannels: number;
    kernelSize: Pair;
    stride: Pair;
    padding: Padding2d;
    dilation: Pair;
    groups: number;
    bias: boolean;
    paddingMode: PaddingMode;
  };
  convTranspose2d: {
    inChannels: number;
    outChannels: number;
    kernelSize: Pair;
    stride: Pair;
    padding: Pair;
    outputPadding: Pair;
    dilation: Pair;
    groups: number;
    bias: boolean;
  };
  maxPool2d: { kernelSize: Pair; stride: Pair; padding: Pair; dilation: Pair; ceilMode: boolean };
  avgPool2d: { kernelSize: Pair; stride: Pair; padding: Pair; ceilMode: boolean; countIncludePad: boolean };
  adaptiveAvgPool2d: { outputSize: Pair };
  adaptiveMaxPool2d: { outputSize: Pair };
  batchNorm2d: { numFeatures: number; eps: number };
  groupNorm: { numGroups: number; numChannels: number; eps: number; affine: boolean };
  instanceNorm2d: { numFeatures: number; eps: number; affine: boolean };
  /** Normalizes over the trailing dimensions, which equal `normalizedShape`. */
  layerNorm: { normalizedShape: number[]; eps: number; elementwiseAffine: boolean };
  linear: { inFeatures: number; outFeatures: number; bias: boolean };
  flatten: { startDim: number; endDim: number };
  reshape: { shape: Dim[] };
  /**
   * `size` is the output's height and width; `scaleFactor` the factors the user gave (null when `size`
   * was given), which PyTorch uses for the source index: 1 / factor, or in / out without one.
   */
  upsample: { mode: UpsampleMode; alignCorners: boolean; size: Pair; scaleFactor: [number, number] | null };
  dropout: { p: number };
  softmax: { dim: number };
  relu: Record<string, never>;
  relu6: Record<string, never>;
  leakyRelu: { slope: number };
  sigmoid: Record<string, never>;
  tanh: Record<string, never>;
  gelu: Record<string, never>;
  silu: Record<string, never>;
  hardswish: Record<string, never>;
  hardsigmoid: Record<string, never>;
  add: Record<string, never>;
  mul: Record<string, never>;
  concat: { dim: number };
  /** The mean over `dims` (distinct, non-negative, ascending); `keepDim` keeps each as a dimension of 1. */
  mean: { dims: number[]; keepDim: boolean };
  /** a − b and a / b with broadcasting, as `add` and `mul`. */
  sub: Record<string, never>;
  div: Record<string, never>;
  elu: { alpha: number };
  logSoftmax: { dim: number };
  /** min(max(x, min), max), NaN propagating; a null bound is absent. hardtanh is this op with its bounds. */
  clamp: { min: number | null; max: number | null };
}

export type OpName = keyof OpAttrs;

/** Every op name, in the order of `OpAttrs`; switch over `OpName` exhaustively rather than over this. */
export const opNames = [
  'input', 'conv2d', 'convTranspose2d', 'maxPool2d', 'avgPool2d', 'adaptiveAvgPool2d', 'adaptiveMaxPool2d', 'batchNorm2d',
  'groupNorm', 'instanceNorm2d', 'layerNorm',
  'linear', 'flatten', 'reshape', 'upsample', 'dropout', 'softmax', 'relu', 'relu6', 'leakyRelu',
  'sigmoid', 'tanh', 'gelu', 'silu', 'hardswish', 'hardsigmoid', 'add', 'mul', 'concat',
  'mean', 'sub', 'div', 'elu', 'logSoftmax', 'clamp',
] as const satisfies readonly OpName[];

/** Element-wise activations: no parameters; leakyRelu's slope, elu's alpha and clamp's bounds are attributes. */
export const activationOps = [
  'relu', 'relu6', 'leakyRelu', 'sigmoid', 'tanh', 'gelu', 'silu', 'hardswish', 'hardsigmoid',
  'elu', 'clamp',
] as const satisfies readonly OpName[];
export type ActivationOp = (typeof activationOps)[number];

/**
 * A parameter tensor of a node. `role` keys are PyTorch's attribute names (`weight`, `bias`,
 * `running_mean`, `running_var`); `name` is the full state_dict key.
 */
export interface Param {
  name: string;
  shape: number[];
}

/** Parameter roles per op; ops not listed have none. */
export interface OpParams {
  conv2d: { weight: Param; bias?: Param };
  convTranspose2d: { weight: Param; bias?: Param };
  linear: { weight: Param; bias?: Param };
  batchNorm2d: { weight: Param; bias: Param; running_mean: Param; running_var: Param };
  groupNorm: { weight?: Param; bias?: Param };
  instanceNorm2d: { weight?: Param; bias?: Param };
  layerNorm: { weight?: Param; bias?: Param };
}

export type NodeOf<Op extends OpName> = {
  /** Unique within the graph (`n0`, `n1`, …); what `inputs` and graph outputs refer to. */
  id: string;
  op: Op;
  /** The layer's name: the user's `name`, or its nn.Sequential-style index within its scope. */
  name: string;
  inputs: string[];
  attrs: OpAttrs[Op];
  /** The output shape, NCHW for 4-D tensors. */
  shape: Dim[];
  params: Op extends keyof OpParams ? OpParams[Op] : Record<string, never>;
};

/** Any node: a union discriminated by `op`, so `switch (node.op)` narrows `attrs` and `params`. */
export type Node = { [Op in OpName]: NodeOf<Op> }[OpName];

export interface GraphOutput {
  /** The output's public name, the key of `run()`'s result. */
  name: string;
  /** The id of the node whose value it is. */
  node: string;
}

export const irFormat = 'stride-ir';
export const irVersion = 1;

export interface Graph {
  format: typeof irFormat;
  version: typeof irVersion;
  /** The model's name (used for bundle and report titles). */
  name: string;
  /** Nodes in topological order; graph inputs are the nodes whose op is `input`. */
  nodes: Node[];
  outputs: GraphOutput[];
}

/** Every parameter of a graph in node order, with the node that owns it. */
export function graphParams(graph: Graph): Array<Param & { node: string; role: string }> {
  const out: Array<Param & { node: string; role: string }> = [];
  for (const node of graph.nodes) {
    for (const [role, param] of Object.entries(node.params as Record<string, Param | undefined>)) {
      if (param) out.push({ ...param, node: node.id, role });
    }
  }
  return out;
}

/** Number of elements of a concrete shape; symbolic dims must be resolved first. */
export function elementCount(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
