/** Small networks for the plugin tests, written into scratch folders; seeded weights. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interpret, seededWeights, serializeSafetensors } from '@stride/runtime';
import { loadNetwork } from '../../src/index.js';

/** A tiny network; `output` names its output, `kernelSize` 50 makes line 5 a shape error. */
export function tinyNetwork(options: { output?: string; kernelSize?: number } = {}): string {
  return [
    "import { input, model } from '@stride/dsl';",
    '',
    "const image = input([1, 1, 8, 8], { name: 'image' });",
    'const logits = image',
    `  .conv2d({ outChannels: 4, kernelSize: ${options.kernelSize ?? 3}, name: 'conv' })`,
    '  .relu()',
    '  .flatten()',
    "  .linear({ outFeatures: 10, name: 'fc' });",
    `export default model({ name: 'tiny', inputs: { image }, outputs: { ${options.output ?? 'logits'}: logits } });`,
    '',
  ].join('\n');
}

/** The sentence the DSL gives for kernelSize 50 on an 8×8 input. */
export const shapeSentence = 'conv2d: kernel 50 is larger than padded input 8 (input 8, padding 0, dilation 1)';

/** A scratch folder holding `files` (name → text). */
export function scratchFolder(prefix: string, files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), `stride-${prefix}-`));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(folder, name, '..'), { recursive: true });
    writeFileSync(join(folder, name), text);
  }
  return folder;
}

/** Seeded weights for a network file, as a safetensors file's bytes. */
export async function seededWeightsFile(network: string, seed = 0): Promise<Uint8Array> {
  const { graph } = await loadNetwork(network);
  const shapes = new Map<string, number[]>();
  for (const node of graph.nodes) {
    for (const param of Object.values(node.params as Record<string, { name: string; shape: number[] } | undefined>)) if (param) shapes.set(param.name, param.shape);
  }
  const weights = seededWeights(graph, seed);
  return serializeSafetensors(Object.fromEntries([...weights].map(([name, data]) => [name, { dtype: 'F32' as const, shape: shapes.get(name)!, data }])));
}

/** The interpreter's output for a network file with seeded weights. */
export async function reference(network: string, image: Float32Array, seed = 0): Promise<Record<string, Float32Array>> {
  const { graph } = await loadNetwork(network);
  return interpret(graph, seededWeights(graph, seed), { image });
}

export const testImage = Float32Array.from({ length: 64 }, (_, i) => ((i * 37) % 64) / 64 - 0.4);
