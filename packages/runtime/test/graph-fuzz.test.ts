/**
 * A malformed network never crashes the runtime: 3,000 seeded corruptions of a real IR graph (wrong
 * types, missing or nonsense attributes, broken references, bad shapes) each end in a clean run or the
 * runtime's own error — never a TypeError from deep inside.
 */
import { expect, it } from 'vitest';
import { add, input, model } from '@stride/dsl';
import { interpret, mulberry32, seededWeights, StrideError } from '../src/index.js';

const image = input([1, 3, 12, 12], { name: 'image' });
const trunk = image.conv2d({ outChannels: 4, kernelSize: 3, padding: 1, name: 'conv' }).batchNorm2d({ name: 'bn' }).relu();
const logits = add(trunk, trunk.conv2d({ outChannels: 4, kernelSize: 1, name: 'proj' })).maxPool2d({ kernelSize: 2, ceilMode: true })
  .flatten().linear({ outFeatures: 5, name: 'fc' }).softmax();
const base = model({ name: 'fuzzed', inputs: { image }, outputs: { logits } }).toIR();
const weights = seededWeights(base, 3);
const values = [undefined, null, 0, -1, 1.5, 1e9, 'x', [], {}, [1], [1, 2], [-1, 2], true, NaN, Infinity];

it('3,000 corrupted graphs: a clean run or a StrideError, never a crash', () => {
  const random = mulberry32(99);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const crashes: string[] = [];
  let refused = 0;
  for (let i = 0; i < 3000; i++) {
    const graph = structuredClone(base) as unknown as { nodes: Record<string, unknown>[]; outputs: Record<string, unknown>[] } & Record<string, unknown>;
    const node = pick(graph.nodes);
    const field = pick(['attrs', 'shape', 'inputs', 'params', 'op', 'id', 'name', 'graph', 'output']);
    if (field === 'attrs' && Object.keys(node.attrs as object).length > 0) (node.attrs as Record<string, unknown>)[pick(Object.keys(node.attrs as object))] = pick(values);
    else if (field === 'graph') graph[pick(['format', 'version', 'nodes', 'outputs'])] = pick(values);
    else if (field === 'output') graph.outputs[0][pick(['name', 'node'])] = pick(values);
    else node[field] = pick(values);
    try {
      interpret(graph as never, weights, { image: new Float32Array(432).fill(0.5) });
    } catch (error) {
      if (error instanceof StrideError) refused++;
      else crashes.push(`${field}: ${String(error)}`);
    }
  }
  expect(crashes.slice(0, 5)).toEqual([]);
  expect(refused).toBeGreaterThan(2000);
});
