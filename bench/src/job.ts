/**
 * Setting up one network at one batch size: its IR, seeded weights written as safetensors (PyTorch
 * names, the file every engine loads), and a seeded input. The parent and the cold-start children
 * build the same job from the same arguments.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Graph } from '@stride/dsl';
import { seededTensor, seededWeights, serializeSafetensors } from '@stride/runtime';
import type { Job } from './engine.js';
import { networkFile, type NetworkName } from './networks.js';

/** Seed of every benchmark's weights and inputs. */
export const benchSeed = 2024;
export const cacheDir = join(import.meta.dirname, '..', '.cache');

export async function makeJob(network: NetworkName, batch: number, threads = 1): Promise<Job> {
  const file = networkFile(network);
  const model = (await import(pathToFileURL(file).href)).default as { toIR(): Graph };
  const graph = model.toIR();
  const inputNode = graph.nodes.find((n) => n.op === 'input')!;
  const inputShape = inputNode.shape.map((d) => (typeof d === 'number' ? d : batch));
  const dir = join(cacheDir, network, `batch${batch}`);
  mkdirSync(dir, { recursive: true });
  return { network, file, batch, graph, dir, inputShape, threads };
}

/** Writes the job's weights file unless it is there already (the seed makes it the same bytes). */
export function writeWeights(job: Job): void {
  const file = join(job.dir, 'weights.safetensors');
  if (existsSync(file)) return;
  const weights = seededWeights(job.graph, benchSeed);
  const tensors = new Map([...weights].map(([name, data]) => [name, { dtype: 'F32' as const, shape: shapeOf(job.graph, name), data }]));
  writeFileSync(file, serializeSafetensors(tensors, { network: job.network, seed: String(benchSeed) }));
}

function shapeOf(graph: Graph, name: string): number[] {
  for (const node of graph.nodes) {
    for (const param of Object.values(node.params as Record<string, { name: string; shape: number[] } | undefined>)) {
      if (param?.name === name) return param.shape;
    }
  }
  throw new Error(`bench: no parameter ${name}`);
}

/** The input every engine gets: seeded, in [-1, 1), like a normalized image. */
export function jobInput(job: Job): Float32Array {
  const count = job.inputShape.reduce((a, b) => a * b, 1);
  return seededTensor('__bench_input__', [count], benchSeed);
}
