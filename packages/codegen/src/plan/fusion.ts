/**
 * Which IR nodes are computed inside another node's step. Decisions only: the lowering registry
 * (`lowering.ts`) builds the steps. Every rule needs the intermediate value to have a single reader
 * and not be a graph output, so no one ever sees the unfused value:
 * - `add(a, b)` of same-shaped operands whose later-computed operand comes from a conv2d, a
 *   convTranspose2d or a linear becomes that kernel's residual (the ResNet shortcut): the other
 *   operand is read as the kernel stores, so the sum never round-trips through memory;
 * - an activation after conv2d / convTranspose2d / linear / add / mul / sub / div (possibly after a fused
 *   residual add), or after a batch norm left unfolded (its input is no convolution of its own: a
 *   concat, a pool — DenseNet's norm–relu before each convolution), becomes the producer's activation.
 *   (The batch-norm folding pass runs before this, so a batchNorm2d here is one that stays a step.)
 * A fused chain's step is placed where its last node was, so every value it reads already exists.
 *
 * Pooling is not fused. A 2×2 pool inside the JavaScript target's Winograd output transforms was
 * built and measured slower (LeNet-5 114 µs against 102; a pooled tile keeps twice the values live
 * and needs an even tile width), so the plan keeps pools as steps of their own.
 */
import { activationOps, type Graph, type Node } from '@stride/dsl';

/** A node that heads a step, and what is fused into it. */
export interface FusedChain {
  head: Node;
  /** The `add` absorbed as the head's residual, and the operand it adds. */
  residual?: { add: Node; other: string };
  activation?: Node;
  /** The node whose position the step takes: the chain's last node. */
  last: Node;
}

export interface Fusion {
  /** Chains by head id, for heads with something fused into them. */
  chains: Map<string, FusedChain>;
  /** Node id → id of the head whose step computes it (fused nodes only). */
  fusedInto: Map<string, string>;
}

const residualProducers = new Set(['conv2d', 'convTranspose2d', 'linear']);
const activationProducers = new Set(['conv2d', 'convTranspose2d', 'linear', 'add', 'mul', 'sub', 'div', 'batchNorm2d']);
const isActivation = (node: Node) => (activationOps as readonly string[]).includes(node.op);

/** The fusion decisions for a graph whose shapes are concrete (`shapes` by node id). */
export function decideFusion(graph: Graph, shapes: Map<string, number[]>): Fusion {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const order = new Map(graph.nodes.map((n, i) => [n.id, i]));
  const readers = new Map<string, number>(graph.nodes.map((n) => [n.id, 0]));
  for (const node of graph.nodes) for (const input of node.inputs) readers.set(input, readers.get(input)! + 1);
  const outputIds = new Set(graph.outputs.map((o) => o.node));
  const single = (id: string) => readers.get(id) === 1 && !outputIds.has(id);

  const chains = new Map<string, FusedChain>();
  const fusedInto = new Map<string, string>();
  const chainOf = (head: Node) => chains.get(head.id) ?? chains.set(head.id, { head, last: head }).get(head.id)!;

  for (const node of graph.nodes) {
    if (node.op !== 'add') continue;
    const [left, right] = node.inputs;
    if (shapes.get(left)!.join() !== shapes.get(right)!.join()) continue;
    const later = order.get(left)! > order.get(right)! ? left : right;
    const producer = byId.get(later)!;
    if (!residualProducers.has(producer.op) || !single(later) || chains.get(later)?.residual) continue;
    const chain = chainOf(producer);
    chain.residual = { add: node, other: later === left ? right : left };
    chain.last = node;
    fusedInto.set(node.id, later);
  }
  for (const node of graph.nodes) {
    if (!isActivation(node)) continue;
    const source = node.inputs[0];
    const headId = fusedInto.get(source) ?? source;
    const head = byId.get(headId)!;
    if (!single(source) || !activationProducers.has(head.op) || chains.get(headId)?.activation) continue;
    const chain = chainOf(head);
    chain.activation = node;
    chain.last = node;
    fusedInto.set(node.id, headId);
  }
  return { chains, fusedInto };
}
