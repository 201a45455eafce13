/**
 * `importOnnx()`: an ONNX model (opsets 11–17) → a Stride IR graph and its weights, named as the source
 * generator (source.ts) will write them.
 *
 * The nodes are walked once, in the model's (topological) order. Each output value is a constant (an
 * initializer, or a node the constant evaluator computes: shape arithmetic), an IR node (through the
 * op's importer (registry.ts), its shape from the DSL's own rule), or not computable, carrying the nodes
 * that made it so. An unsupported node only matters if an output depends on it, so a pattern that
 * replaces several nodes (a Pad before a Conv) never reports the nodes it absorbed; when any output is
 * not computable, every root cause is listed in one error, and nothing is written.
 */
import { graphParams, validateGraph, type Dim, type Graph, type Node } from '@stride/dsl';
import { StrideError } from '@stride/runtime';
import { decodeModel, DataType, type NodeMessage, type ValueInfoMessage } from '../schema.js';
import { Attributes } from './attributes.js';
import { forgetExternalFiles, readTensor } from './constant.js';
import { Blocked, ImportContext, Unsupported, type ImportState, type Value } from './context.js';
import { fold, type Operand } from './fold.js';
import { importerOf } from './registry.js';

export interface OnnxImportOptions {
  /** The folder external-data files are read from (the model's own folder). */
  dir?: string;
  /** The model's name in the IR; defaults to the ONNX graph's name. */
  name?: string;
}

export interface OnnxImport {
  graph: Graph;
  /** Every parameter of `graph`, by the name the generated source gives it. */
  weights: Map<string, Float32Array>;
  opset: number;
}

export const minOpset = 11;
export const maxOpset = 17;

/**
 * Reads an ONNX model into a Stride IR graph and its weights. Throws `StrideError` ('graph') listing
 * every unsupported node an output depends on, by name and op type, with the reason for each.
 * @example const { graph, weights } = importOnnx(readFileSync('model.onnx'), { dir: '.' });
 */
export function importOnnx(bytes: Uint8Array, options: OnnxImportOptions = {}): OnnxImport {
  let model;
  try {
    model = decodeModel(bytes);
  } catch (error) {
    throw new StrideError('graph', `onnx import: the file is not an ONNX model (${(error as Error).message})`);
  }
  if (!model.graph) throw new StrideError('graph', 'onnx import: the file has no graph (is it an ONNX model?)');
  const opset = Number(model.opsetImport.find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx')?.version ?? 0);
  if (opset < minOpset || opset > maxOpset) {
    throw new StrideError('graph', `onnx import: opset ${opset} is not supported; export with an opset from ${minOpset} to ${maxOpset}`);
  }
  const graph = model.graph;
  const state: ImportState = {
    opset, values: new Map(), producers: new Map(), consumers: new Map(), nodes: [], inputs: [], weights: new Map(), layerNames: new Set(), nextId: 0,
  };
  const problems = new Map<string, string>();
  const fail = (key: string, reason: string): Value => {
    problems.set(key, reason);
    return { kind: 'unsupported', roots: new Set([key]) };
  };

  try {
    for (const tensor of graph.initializer ?? []) {
      const c = readTensor(tensor, options.dir);
      state.values.set(tensor.name, typeof c === 'string' ? fail(`initializer '${tensor.name}'`, c) : { kind: 'constant', constant: c });
    }
  } finally {
    forgetExternalFiles();
  }
  const inputs = state.inputs;
  for (const info of graph.input ?? []) {
    if (state.values.has(info.name)) continue; // an initializer listed as an input (IR version < 4)
    const shape = shapeOf(info);
    if (typeof shape === 'string') {
      state.values.set(info.name, fail(`input '${info.name}'`, shape));
      continue;
    }
    const node = { id: `n${state.nextId++}`, op: 'input', name: info.name, inputs: [], attrs: {}, shape, params: {} } as Node;
    inputs.push(node);
    state.values.set(info.name, { kind: 'node', node });
  }
  for (const node of graph.node ?? []) {
    for (const out of node.output) state.producers.set(out, node);
    for (const input of node.input) if (input) state.consumers.set(input, [...(state.consumers.get(input) ?? []), node]);
  }
  for (const out of graph.output ?? []) state.consumers.set(out.name, [...(state.consumers.get(out.name) ?? []), {} as NodeMessage]);

  for (const node of graph.node ?? []) {
    const key = `${node.opType} '${node.name || node.output[0]}'`;
    const results = convert(node, state, key, fail);
    const first = Array.isArray(results) ? results[0] : results;
    node.output.forEach((out, i) => {
      const value = Array.isArray(results) ? results[i] : i === 0 ? results : undefined;
      if (out) state.values.set(out, value ?? { kind: 'unsupported', roots: first.kind === 'unsupported' ? first.roots : new Set([key]) });
    });
  }

  const roots = new Set<string>();
  const outputs: Array<{ name: string; node: Node }> = [];
  for (const info of graph.output ?? []) {
    const value = state.values.get(info.name);
    if (value?.kind === 'node') outputs.push({ name: info.name, node: value.node });
    else if (value?.kind === 'unsupported') for (const r of value.roots) roots.add(r);
    else roots.add(`output '${info.name}'`), problems.set(`output '${info.name}'`, value ? 'is a constant: the network does not depend on its input' : 'is never computed');
  }
  if (roots.size > 0) {
    const lines = [...roots].map((r) => `  ${r}: ${problems.get(r) ?? 'is not supported'}`);
    throw new StrideError('graph', `onnx import: ${roots.size} node${roots.size === 1 ? '' : 's'} cannot be imported:\n${lines.join('\n')}`);
  }
  const result = finish(options.name ?? (graph.name || 'model'), inputs, state.nodes, outputs);
  const weights = new Map(graphParams(result).map((p) => [p.name, state.weights.get(p.name)!]));
  return { graph: result, weights, opset };
}

function convert(node: NodeMessage, state: ImportState, key: string, failOnly: (key: string, reason: string) => Value): Value | Value[] {
  // A node that fails also carries the causes upstream of it: every unsupported node is listed.
  const upstream = node.input.map((name) => (name ? state.values.get(name) : undefined)).flatMap((v) => (v?.kind === 'unsupported' ? [...v.roots] : []));
  const fail = (k: string, reason: string): Value => {
    const value = failOnly(k, reason) as { kind: 'unsupported'; roots: Set<string> };
    return { kind: 'unsupported', roots: new Set([...upstream, ...value.roots]) };
  };
  if (node.domain && node.domain !== 'ai.onnx') return fail(key, `op domain '${node.domain}' is not supported`);
  const attrs = new Attributes(node.attribute ?? []);
  const operands: Operand[] = node.input.map((name) => {
    const v = name ? state.values.get(name) : undefined;
    return v?.kind === 'constant' ? { constant: v.constant } : v?.kind === 'node' ? { shape: v.node.shape } : undefined;
  });
  const blocked = node.input.map((name) => (name ? state.values.get(name) : undefined)).filter((v) => v?.kind === 'unsupported');
  const entry = importerOf(node.opType);
  if (blocked.length === 0 || !entry) {
    // A constant computation (shapes, or an op on initializers) is evaluated, whatever its op.
    if (blocked.length === 0) {
      try {
        const folded = fold(node.opType, attrs, operands);
        if (typeof folded === 'string') return fail(key, folded);
        if (folded) return { kind: 'constant', constant: folded };
      } catch (error) {
        return fail(key, `could not be evaluated on its constant inputs (${(error as Error).message})`);
      }
    }
    if (!entry) return fail(key, `op ${node.opType} is not supported`);
  }
  const unknown = attrs.names().filter((a) => !entry.attrs.includes(a));
  if (unknown.length > 0) return fail(key, `attribute${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} ${unknown.length > 1 ? 'are' : 'is'} not supported`);
  try {
    return entry.run(new ImportContext(state, node, attrs, modulePath(node.name)));
  } catch (error) {
    if (error instanceof Blocked) return { kind: 'unsupported', roots: new Set([...upstream, ...error.roots]) };
    if (error instanceof Unsupported) return fail(key, error.message);
    throw error;
  }
}

/**
 * The module path of a node, from its name: torch's `/layer1/layer1.0/conv1/Conv` is `layer1.0.conv1`
 * (each scope segment repeats its parent's path); Stride's own `features.1/Reshape` is `features.1`.
 */
export function modulePath(name: string): string {
  if (!name) return '';
  if (!name.startsWith('/')) return name.split('/')[0].replace(/[^A-Za-z0-9_.]/g, '_');
  const segments = name.split('/').filter(Boolean).slice(0, -1);
  let path = '';
  let previous = '';
  for (const segment of segments) {
    if (previous && segment.startsWith(`${previous}.`)) path += segment.slice(previous.length);
    else path = path ? `${path}.${segment}` : segment;
    previous = segment;
  }
  return path.replace(/[^A-Za-z0-9_.]/g, '_');
}

function shapeOf(info: ValueInfoMessage): Dim[] | string {
  const tensor = info.type?.tensorType;
  if (!tensor) return 'is not a tensor';
  if (tensor.elemType !== DataType.FLOAT) return `has element type ${tensor.elemType}; only float32 inputs are supported`;
  const dims = tensor.shape?.dim ?? [];
  if (dims.length === 0) return 'has no shape';
  const shape: Dim[] = [];
  for (const d of dims) {
    if ('dimValue' in d && d.dimValue !== undefined) shape.push(Number(d.dimValue));
    else if ('dimParam' in d && d.dimParam) shape.push(d.dimParam);
    else return 'has a dimension with neither a size nor a name';
  }
  return shape;
}

/** The graph of the nodes the outputs depend on (and every input), renumbered in order. */
function finish(name: string, inputs: Node[], emitted: Node[], outputs: Array<{ name: string; node: Node }>): Graph {
  const all = [...inputs, ...emitted];
  const byId = new Map(all.map((n) => [n.id, n]));
  const live = new Set<string>(inputs.map((n) => n.id));
  const stack = outputs.map((o) => o.node.id);
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (live.has(id) && !inputs.some((n) => n.id === id)) continue;
    live.add(id);
    stack.push(...byId.get(id)!.inputs);
  }
  const kept = all.filter((n) => live.has(n.id));
  const ids = new Map(kept.map((n, i) => [n.id, `n${i}`]));
  const nodes = kept.map((n) => ({ ...n, id: ids.get(n.id)!, inputs: n.inputs.map((i) => ids.get(i)!) }) as Node);
  const graph: Graph = { format: 'stride-ir', version: 1, name, nodes, outputs: outputs.map((o) => ({ name: o.name, node: ids.get(o.node.id)! })) };
  validateGraph(graph);
  return graph;
}
