/**
 * The reference interpreter: runs any IR graph node by node with the plain kernels of `./kernels`.
 * It defines what every op means — generated code is tested against it — and is deliberately simple,
 * not fast. It never ends up in a bundle.
 */
import { elementCount, validateGraph, type Graph, type Node, type NodeOf, type OpName } from '@stride/dsl';
import { StrideError } from '../errors.js';
import { checkInputs } from '../inputs.js';
import { resolveShapes } from '../shapes.js';
import { bindWeights, type BindOptions, type WeightsInput } from '../weights.js';
import { kernels } from './registry.js';
import type { Kernel } from './kernels/types.js';

export interface InterpretOptions {
  /** Accept weights the graph does not use. @default false */
  allowUnexpectedWeights?: boolean;
  /** Return every node's value by node id as well as the outputs. @default 'outputs' */
  keep?: 'outputs' | 'all';
}

/** Checks a graph and wraps its problems as the runtime's own error. */
export function checkGraph(graph: Graph): void {
  try {
    validateGraph(graph);
  } catch (error) {
    throw new StrideError('graph', `invalid graph: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Runs `graph` on `inputs` (Float32Arrays keyed by input name, NCHW, flat) with `weights` bound by
 * PyTorch name. Returns fresh Float32Arrays keyed by output name.
 * @example const { logits } = interpret(net.toIR(), await loadSafetensors('lenet.safetensors'), { image });
 */
export function interpret(graph: Graph, weights: WeightsInput, inputs: Record<string, Float32Array>, options: InterpretOptions = {}): Record<string, Float32Array> {
  checkGraph(graph);
  const bindOptions: BindOptions = { allowUnexpected: options.allowUnexpectedWeights, allowUnexpectedHint: '{ allowUnexpectedWeights: true }' };
  const bound = bindWeights(graph, weights, bindOptions);
  const inputNodes = graph.nodes.filter((n) => n.op === 'input');
  const bindings = checkInputs(inputNodes.map((n) => ({ name: n.name, shape: n.shape })), inputs);
  const shapes = resolveShapes(graph, bindings);
  const values = new Map<string, Float32Array>();
  for (const node of graph.nodes) {
    if (node.op === 'input') {
      values.set(node.id, inputs[node.name]);
      continue;
    }
    const params: Record<string, Float32Array> = {};
    for (const [role, param] of Object.entries(node.params as Record<string, { name: string } | undefined>)) {
      if (param) params[role] = bound.get(param.name)!;
    }
    const kernel = kernels[node.op] as Kernel<OpName> | undefined;
    if (!kernel) throw new StrideError('graph', `node ${node.id}: no reference kernel for op '${(node as Node).op}'`);
    const outShape = shapes.get(node.id)!;
    let value: Float32Array;
    try {
      value = kernel({
        node: node as NodeOf<OpName>, params,
        inputs: node.inputs.map((id) => values.get(id)!),
        inShapes: node.inputs.map((id) => shapes.get(id)!),
        outShape,
      });
    } catch (error) {
      // A kernel's only RangeError is its output allocation: a legal graph whose tensor is too big.
      if (!(error instanceof RangeError)) throw error;
      const count = elementCount(outShape);
      throw new StrideError('graph', `node ${node.id} (${node.op} '${node.name}'): its output of shape [${outShape.join(', ')}] needs ${count} values, more than this engine can allocate (${error.message})`, { cause: error });
    }
    values.set(node.id, value);
  }
  const result: Record<string, Float32Array> = Object.create(null);
  for (const output of graph.outputs) {
    const value = values.get(output.node)!;
    // An output that is an input, or shared with another output, is copied so callers own each array.
    result[output.name] = value.slice();
  }
  if (options.keep === 'all') for (const [id, value] of values) if (!(id in result)) result[id] = value;
  return result;
}
