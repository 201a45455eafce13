/** `summary()`: a torchinfo-style table of a graph — layer, op, output shape, parameters, MACs. */
import { elementCount, type Graph, type Node, type Param } from './ir.js';
import { formatShape } from './errors.js';

/** Multiply-accumulates of one node for its recorded shape (symbolic dims count as 1). */
export function macsOf(node: Node): number {
  const out = elementCount(node.shape.map((d) => (typeof d === 'number' ? d : 1)));
  switch (node.op) {
    case 'conv2d': {
      const a = node.attrs;
      return out * (a.inChannels / a.groups) * a.kernelSize[0] * a.kernelSize[1];
    }
    case 'convTranspose2d': {
      const a = node.attrs;
      return out * (a.inChannels / a.groups) * a.kernelSize[0] * a.kernelSize[1] / (a.stride[0] * a.stride[1]);
    }
    case 'linear':
      return out * node.attrs.inFeatures;
    default:
      return 0;
  }
}

function paramCount(node: Node): number {
  return (Object.values(node.params) as Param[]).reduce((acc, p) => acc + elementCount(p.shape), 0);
}

/** Formats a table of the graph's layers with totals. */
export function summarize(graph: Graph): string {
  const rows = graph.nodes.map((node) => [node.name, node.op, formatShape(node.shape), paramCount(node).toLocaleString('en-US'), macsOf(node).toLocaleString('en-US')]);
  const header = ['Layer', 'Op', 'Output shape', 'Params', 'MACs'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  const rule = '─'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  const totalParams = graph.nodes.reduce((acc, n) => acc + paramCount(n), 0);
  const totalMacs = graph.nodes.reduce((acc, n) => acc + macsOf(n), 0);
  return [
    `Model: ${graph.name}`, rule, line(header), rule, ...rows.map(line), rule,
    `Total params: ${totalParams.toLocaleString('en-US')} (${(totalParams * 4 / 1024 / 1024).toFixed(2)} MB as float32)`,
    `Total MACs: ${totalMacs.toLocaleString('en-US')}`,
  ].join('\n');
}
