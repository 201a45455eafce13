/**
 * `exportOnnx()`: an IR graph and its weights → an ONNX model (opset 17), as protobuf bytes.
 *
 * Names carry over so the model reads like the network: graph inputs and outputs keep the IR's names,
 * initializers are the PyTorch state_dict keys, each ONNX node is named after its layer, and
 * intermediate values after the layer that computes them. Symbolic sizes (`'batch'`) stay symbolic
 * (ONNX `dim_param`), so one file serves every batch size.
 */
import { graphParams, type Dim, type Graph, type Node, type NodeOf, type OpName } from '@stride/dsl';
import { bindWeights, checkGraph, type BindOptions, type WeightsInput } from '@stride/runtime';
import { ConvertContext, ModelBuilder, type Converter } from './context.js';
import { converters } from './registry.js';
import { DataType, encodeModel, onnxIrVersion, onnxOpset, type ValueInfoMessage } from './schema.js';

export interface OnnxExportOptions {
  /** Accept weights the graph does not use (they are left out of the model). @default false */
  allowUnexpectedWeights?: boolean;
  /** `producer_version` written into the model. @default '0.1.0' */
  producerVersion?: string;
}

/**
 * Writes `graph` with `weights` (bound by PyTorch name, checked like `interpret` checks them) as an
 * ONNX model for onnxruntime and other ONNX consumers. Throws `StrideError` ('graph') naming the
 * layer if an op cannot be expressed in opset 17, and the binding errors of `bindWeights`.
 * @example
 * const bytes = exportOnnx(net.toIR(), await loadSafetensors('lenet.safetensors'));
 * const session = await ort.InferenceSession.create(bytes);
 */
export function exportOnnx(graph: Graph, weights: WeightsInput, options: OnnxExportOptions = {}): Uint8Array {
  checkGraph(graph);
  const bindOptions: BindOptions = { allowUnexpected: options.allowUnexpectedWeights, allowUnexpectedHint: '--allow-unexpected-weights (option allowUnexpectedWeights)' };
  const bound = bindWeights(graph, weights, bindOptions);
  const model = new ModelBuilder(bound);
  const nodes = new Map(graph.nodes.map((node) => [node.id, node]));

  // Inputs, outputs and parameters are named first, so no intermediate value can take their names.
  for (const param of graphParams(graph)) model.reserve(param.name);
  const values = new Map<string, string>();
  const inputs = graph.nodes.filter((node) => node.op === 'input');
  for (const node of inputs) {
    model.reserve(node.name);
    values.set(node.id, node.name);
  }
  const outputNameOf = new Map<string, string>();
  for (const output of graph.outputs) {
    model.reserve(output.name);
    if (!outputNameOf.has(output.node)) outputNameOf.set(output.node, output.name);
  }

  for (const node of graph.nodes) {
    if (node.op === 'input') continue;
    const output = outputNameOf.get(node.id) ?? model.unique(node.name);
    const ctx = new ConvertContext(model, node as NodeOf<OpName>, node.inputs.map((id) => values.get(id)!), node.inputs.map((id) => nodes.get(id)!.shape), output);
    const convert = converters[node.op as Exclude<OpName, 'input'>] as Converter<OpName>;
    values.set(node.id, convert(ctx));
  }

  // An output whose value carries another name (an input, a dropout's input, a second output of one node) gets an Identity.
  for (const output of graph.outputs) {
    const value = values.get(output.node)!;
    if (value !== output.name) model.addNode('Identity', output.name, [value], [output.name], {});
  }

  return encodeModel({
    irVersion: onnxIrVersion,
    producerName: 'stride',
    producerVersion: options.producerVersion ?? '0.1.0',
    opsetImport: [{ domain: '', version: onnxOpset }],
    graph: {
      name: graph.name,
      node: model.nodes,
      initializer: model.initializers,
      input: inputs.map((node) => valueInfo(node.name, node.shape)),
      output: graph.outputs.map((output) => valueInfo(output.name, (nodes.get(output.node) as Node).shape)),
    },
  });
}

function valueInfo(name: string, shape: Dim[]): ValueInfoMessage {
  const dim = shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: DataType.FLOAT, shape: { dim } } } };
}
