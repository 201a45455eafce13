/**
 * Folds a batchNorm2d into the conv2d or linear before it: with the batch norm's affine map
 * y = x·scale + shift (`batchNormAffine`, shared with the interpreter), w' = w·scale per output
 * channel and b' = b·scale + shift. Only when the conv's output feeds the batch
 * norm alone, so no other reader sees the unnormalized values. The folded parameters keep the conv's
 * names (`conv1.weight`, `conv1.bias`); a conv without bias gains `<name>.bias`.
 */
import type { Graph, Node, NodeOf } from '@stride/dsl';
import { batchNormAffine } from '@stride/runtime';
import { consumers, type PassResult } from './graph.js';

export function foldBatchNorm(graph: Graph, weights: Map<string, Float32Array>): PassResult {
  const params = new Map(weights);
  const readers = consumers(graph);
  const removed = new Map<string, string>(); // batch-norm id → the producer that absorbed it
  const nodes: Node[] = [];
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const node of graph.nodes) {
    if (node.op !== 'batchNorm2d') continue;
    const producer = byId.get(node.inputs[0]);
    if (!producer || (producer.op !== 'conv2d' && producer.op !== 'linear') || readers.get(producer.id)?.length !== 1) continue;
    if (producer.op === 'linear' && producer.shape.length !== 4) continue; // a linear's features are its last dim, not channels
    if (graph.outputs.some((o) => o.node === producer.id)) continue;
    const bn = node.params;
    const { eps } = node.attrs;
    const statistics = {
      weight: params.get(bn.weight.name)!, bias: params.get(bn.bias.name)!,
      running_mean: params.get(bn.running_mean.name)!, running_var: params.get(bn.running_var.name)!,
    };
    const weight = params.get(producer.params.weight.name)!;
    const outChannels = statistics.running_mean.length;
    const perChannel = weight.length / outChannels;
    const folded = new Float32Array(weight.length);
    const bias = new Float32Array(outChannels);
    const oldBias = producer.params.bias ? params.get(producer.params.bias.name)! : undefined;
    for (let c = 0; c < outChannels; c++) {
      const { scale, shift } = batchNormAffine(statistics, eps, c);
      for (let i = 0; i < perChannel; i++) folded[c * perChannel + i] = weight[c * perChannel + i] * scale;
      bias[c] = (oldBias ? oldBias[c] * scale : 0) + shift;
    }
    const biasName = producer.params.bias?.name ?? `${producer.name}.bias`;
    params.set(producer.params.weight.name, folded);
    params.set(biasName, bias);
    for (const role of ['weight', 'bias', 'running_mean', 'running_var'] as const) params.delete(bn[role].name);
    const grown = producer as NodeOf<'conv2d'> | NodeOf<'linear'>;
    grown.attrs = { ...grown.attrs, bias: true } as typeof grown.attrs;
    grown.params = { ...grown.params, bias: { name: biasName, shape: [outChannels] } };
    removed.set(node.id, producer.id);
  }
  for (const node of graph.nodes) {
    if (removed.has(node.id)) continue;
    nodes.push({ ...node, inputs: node.inputs.map((id) => removed.get(id) ?? id) } as Node);
  }
  const outputs = graph.outputs.map((o) => ({ ...o, node: removed.get(o.node) ?? o.node }));
  // The surviving producer now carries the batch norm's output shape (the same shape).
  return { graph: { ...graph, nodes, outputs }, weights: params, changed: removed.size };
}
