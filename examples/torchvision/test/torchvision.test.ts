/**
 * torchvision-named weights load into the ResNet-18 and MobileNetV2 examples unchanged and reproduce
 * torchvision's outputs. The weights are the seeded ones of examples/torchvision/seeded.py, rebuilt
 * here bit for bit, written as a safetensors file exactly as convert.py writes a state_dict, loaded
 * back with loadSafetensors and checked by name against the model; the reference logits were recorded
 * by reference.py from torchvision's own model classes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpret, loadSafetensors, parseSafetensors, seededTensor, serializeSafetensors, type Weights } from '@stride/runtime';
import type { Graph } from '@stride/dsl';
import resnet18 from '../../resnet18/src/resnet18';
import mobilenetV2 from '../../mobilenet-v2/src/mobilenet-v2';

const seed = 0;

/** The seeded state_dict for the names and shapes torchvision recorded (so a name mismatch fails loudly). */
function torchvisionStateDict(reference: Weights): Uint8Array {
  const params = JSON.parse(reference.metadata.params) as Record<string, number[]>;
  const tensors = Object.fromEntries(Object.entries(params).map(([name, shape]) => [name, { shape, data: seededTensor(name, shape, seed) }]));
  return serializeSafetensors(tensors, { format: 'pt' });
}

describe.each([
  ['resnet18', resnet18.toIR(), '../../resnet18/reference.safetensors'],
  ['mobilenet-v2', mobilenetV2.toIR(), '../../mobilenet-v2/reference.safetensors'],
] as [string, Graph, string][])('%s with torchvision weights', (name, graph, referencePath) => {
  const reference = parseSafetensors(readFileSync(join(import.meta.dirname, referencePath)));
  it('has exactly torchvision’s parameter names and shapes', () => {
    const torchvision = JSON.parse(reference.metadata.params) as Record<string, number[]>;
    const ours = Object.fromEntries(graph.nodes.flatMap((n) => Object.values(n.params as Record<string, { name: string; shape: number[] }>).map((p) => [p.name, p.shape])));
    expect(ours).toEqual(torchvision);
  });
  it('matches torchvision’s logits within the fixture tolerance', async () => {
    const weights = await loadSafetensors(torchvisionStateDict(reference));
    const image = seededTensor('__input__.image', [1, 3, 224, 224], seed);
    const logits = interpret(graph, weights, { image }).logits;
    const expected = reference.tensors.get('logits')!.data!;
    let worst = 0;
    let largest = 0;
    for (let i = 0; i < expected.length; i++) {
      worst = Math.max(worst, Math.abs(logits[i] - expected[i]));
      largest = Math.max(largest, Math.abs(expected[i]));
    }
    console.log(`${name}: max |Δ| vs torchvision = ${worst.toExponential(2)} (max |logit| ${largest.toFixed(3)})`);
    expect(worst).toBeLessThanOrEqual(1e-4 * Math.max(1, largest));
  }, 300_000);
});
