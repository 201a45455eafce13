/**
 * Binding weights to a graph: every parameter the IR names (PyTorch state_dict keys) must be in the
 * file with the same shape and a float dtype. Mismatches are reported together, each naming the tensor
 * with what was expected and what came.
 */
import { elementCount, graphParams, type Graph } from '@stride/dsl';
import { StrideError } from './errors.js';
import type { Weights } from './safetensors/parse.js';

export interface BindOptions {
  /**
   * Accept tensors the graph does not use. BatchNorm's `num_batches_tracked` counters are always
   * accepted, as PyTorch state_dicts carry them and inference never uses them.
   * @default false
   */
  allowUnexpected?: boolean;
  /**
   * How the error tells the caller's user to accept unexpected tensors: each entry point names its own
   * switch (`interpret`'s option, `stride build`'s flag).
   * @default '{ allowUnexpected: true }'
   */
  allowUnexpectedHint?: string;
}

/** Weights in any of the forms Stride accepts: a parsed file, or arrays by PyTorch name. */
export type WeightsInput = Weights | Map<string, Float32Array> | Record<string, Float32Array>;

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

function asMap(weights: WeightsInput): Map<string, { dtype: string; shape?: number[]; data: Float32Array | undefined }> {
  if (weights instanceof Map) return new Map([...weights].map(([k, v]) => [k, { dtype: 'F32', data: v }]));
  if (typeof weights === 'object' && weights !== null && 'tensors' in weights && weights.tensors instanceof Map) return (weights as Weights).tensors;
  if (typeof weights !== 'object' || weights === null) throw new StrideError('weights-binding', `weights: expected a safetensors file's contents or arrays by name, got ${weights === null ? 'null' : typeof weights}`);
  return new Map(Object.keys(weights).map((k) => [k, { dtype: 'F32', data: (weights as Record<string, Float32Array>)[k] }]));
}

/** Checks `weights` against the graph's parameters; returns the arrays by parameter name. */
export function bindWeights(graph: Graph, weights: WeightsInput, options: BindOptions = {}): Map<string, Float32Array> {
  const tensors = asMap(weights);
  const bound = new Map<string, Float32Array>();
  const problems: string[] = [];
  const params = graphParams(graph);
  const batchNorms = new Set(graph.nodes.filter((n) => n.op === 'batchNorm2d').map((n) => n.name));
  for (const param of params) {
    const tensor = tensors.get(param.name);
    const count = elementCount(param.shape);
    if (!tensor) {
      problems.push(`missing tensor ${param.name} (expected shape ${shapeText(param.shape)})`);
    } else if (!tensor.data) {
      problems.push(`tensor ${param.name} has dtype ${tensor.dtype}; expected a float dtype (F32, F16, BF16 or F64)`);
    } else if (!(tensor.data instanceof Float32Array)) {
      problems.push(`tensor ${param.name} must be a Float32Array, got ${Object.prototype.toString.call(tensor.data).slice(8, -1)}`);
    } else if (tensor.shape ? shapeText(tensor.shape) !== shapeText(param.shape) : tensor.data.length !== count) {
      problems.push(tensor.shape
        ? `tensor ${param.name} has shape ${shapeText(tensor.shape)}, expected ${shapeText(param.shape)}`
        : `tensor ${param.name} has ${tensor.data.length} values, expected ${count} for shape ${shapeText(param.shape)}`);
    } else {
      bound.set(param.name, tensor.data);
    }
  }
  const used = new Set(params.map((p) => p.name));
  const unexpected = [...tensors.keys()].filter((name) => {
    if (used.has(name)) return false;
    const owner = name.endsWith('.num_batches_tracked') ? name.slice(0, -'.num_batches_tracked'.length) : undefined;
    return owner === undefined || !batchNorms.has(owner);
  });
  if (unexpected.length > 0 && !options.allowUnexpected) {
    const listed = unexpected.slice(0, 10).join(', ') + (unexpected.length > 10 ? `, … (${unexpected.length} in all)` : '');
    problems.push(`unexpected tensors not used by the model: ${listed} (pass ${options.allowUnexpectedHint ?? '{ allowUnexpected: true }'} to ignore them)`);
  }
  if (problems.length > 0) {
    throw new StrideError('weights-binding', `weights do not fit model '${graph.name}':\n  - ${problems.join('\n  - ')}`);
  }
  return bound;
}
