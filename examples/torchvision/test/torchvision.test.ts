/**
 * torchvision-named weights load into the ResNet-18 and MobileNetV2 examples unchanged and reproduce
 * torchvision's outputs: through the reference interpreter, through bundles of both targets built by `stride build
 * --weights` from a state_dict file, and through a bundle built with no file (`--random-weights 0`).
 *
 * The weights are the seeded ones of examples/torchvision/seeded.py, rebuilt here bit for bit, and the
 * file holds every entry of torchvision's state_dict — BatchNorm's int64 `num_batches_tracked`
 * counters too, as `convert.py --keep-int` or safetensors' own `save_file` writes them. The names, the
 * shapes and the reference logits were recorded by reference.py from torchvision's own model classes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dtypeSizes, interpret, loadSafetensors, parseSafetensors, seededTensor, serializeSafetensors, type Weights } from '@stride/runtime';
import type { Graph } from '@stride/dsl';
import { maxAbsDiff, tolerance } from '../../../test/fixtures/index.js';
import resnet18 from '../../resnet18/src/resnet18.js';
import mobilenetV2 from '../../mobilenet-v2/src/mobilenet-v2.js';

const seed = 0;
const root = join(import.meta.dirname, '..', '..', '..');
const scratch = join(import.meta.dirname, '..', 'node_modules', '.test-out');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** torchvision's state_dict as reference.py listed it: float tensors by shape, other entries by dtype and shape. */
function recordedStateDict(reference: Weights) {
  return {
    params: JSON.parse(reference.metadata.params) as Record<string, number[]>,
    buffers: JSON.parse(reference.metadata.buffers) as Record<string, [string, number[]]>,
  };
}

/**
 * The seeded state_dict as a safetensors file, float tensors and integer buffers alike. The runtime's
 * writer writes float dtypes only, so the buffers (zero-filled: inference never reads them) are
 * appended to its header and data here.
 */
function stateDictFile(reference: Weights): Uint8Array {
  const { params, buffers } = recordedStateDict(reference);
  const floats = serializeSafetensors(Object.fromEntries(Object.entries(params).map(([name, shape]) => [name, { shape, data: seededTensor(name, shape, seed) }])), { format: 'pt' });
  const headerLength = Number(new DataView(floats.buffer, floats.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(floats.subarray(8, 8 + headerLength))) as Record<string, unknown>;
  const data = floats.subarray(8 + headerLength);
  let end = data.byteLength;
  for (const [name, [dtype, shape]] of Object.entries(buffers)) {
    const size = dtypeSizes[dtype] * shape.reduce((a, b) => a * b, 1);
    header[name] = { dtype, shape, data_offsets: [end, end + size] };
    end += size;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (new TextEncoder().encode(text).length % 8)) % 8);
  const headerBytes = new TextEncoder().encode(text);
  const file = new Uint8Array(8 + headerBytes.length + end);
  new DataView(file.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  file.set(headerBytes, 8);
  file.set(data, 8 + headerBytes.length);
  return file;
}

/** `npx -y pnpm@10 stride build …` as the README runs it, in a child process from the repository root. */
function strideBuild(args: string[]): void {
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'packages/codegen/src/cli.ts', 'build', ...args], { cwd: root, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`stride build ${args.join(' ')} failed (exit ${child.status}):\n${child.stderr}${child.stdout}`);
}

async function runBundle(dir: string, image: Float32Array): Promise<Float32Array> {
  const { create } = (await import(pathToFileURL(join(dir, 'index.js')).href)) as {
    create(): Promise<{ run(inputs: { image: Float32Array }): { logits: Float32Array } }>;
  };
  return (await create()).run({ image }).logits.slice();
}

describe.each([
  ['resnet18', resnet18.toIR(), 'examples/resnet18/src/resnet18.ts'],
  ['mobilenet-v2', mobilenetV2.toIR(), 'examples/mobilenet-v2/src/mobilenet-v2.ts'],
] as [string, Graph, string][])('%s with torchvision weights', (name, graph, network) => {
  const reference = parseSafetensors(readFileSync(join(root, 'examples', name, 'reference.safetensors')));
  const expected = reference.tensors.get('logits')!.data!;
  const image = seededTensor('__input__.image', [1, 3, 224, 224], seed);
  /** The state_dict file, made once for the network's three tests (11.7 M seeded floats for ResNet-18). */
  let file: Uint8Array | undefined;
  const stateDict = () => (file ??= stateDictFile(reference));
  const report = (path: string, logits: Float32Array) =>
    console.log(`${name} ${path}: max |Δ| vs torchvision = ${maxAbsDiff(logits, expected).toExponential(2)} (tolerance ${tolerance(expected).toExponential(2)})`);

  it('has exactly torchvision’s parameter names and shapes; the state_dict’s other entries are batch-norm counters', () => {
    const { params, buffers } = recordedStateDict(reference);
    const ours = Object.fromEntries(graph.nodes.flatMap((n) => Object.values(n.params as Record<string, { name: string; shape: number[] }>).map((p) => [p.name, p.shape])));
    expect(ours).toEqual(params);
    const batchNorms = graph.nodes.filter((n) => n.op === 'batchNorm2d').map((n) => `${n.name}.num_batches_tracked`);
    expect(Object.keys(buffers).sort()).toEqual(batchNorms.sort());
    expect(Object.values(buffers).every(([dtype]) => dtype === 'I64')).toBe(true);
  });

  it('matches torchvision’s logits through the reference interpreter', async () => {
    const weights = await loadSafetensors(stateDict());
    expect([...weights.tensors.values()].filter((t) => t.dtype === 'I64')).toHaveLength(Object.keys(recordedStateDict(reference).buffers).length);
    const logits = interpret(graph, weights, { image }).logits;
    report('interpreter', logits);
    expect(maxAbsDiff(logits, expected)).toBeLessThanOrEqual(tolerance(expected));
  }, 300_000);

  it('matches torchvision’s logits as JavaScript bundles built from the state_dict file and from no file (seeded), identical to each other', async () => {
    const dir = join(scratch, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'state_dict.safetensors'), stateDict());
    // The JavaScript target by name: the default is wasm, which the next test builds.
    strideBuild([network, '--weights', join(dir, 'state_dict.safetensors'), '--target', 'js', '--out', join(dir, 'from-file')]);
    strideBuild([network, '--random-weights', String(seed), '--target', 'js', '--out', join(dir, 'seeded')]);
    const fromFile = await runBundle(join(dir, 'from-file'), image);
    const seeded = await runBundle(join(dir, 'seeded'), image);
    report('js bundle', fromFile);
    expect(maxAbsDiff(fromFile, expected)).toBeLessThanOrEqual(tolerance(expected));
    expect(seeded).toEqual(fromFile);
  }, 300_000);

  it('matches torchvision’s logits as a wasm bundle built from the state_dict file', async () => {
    const dir = join(scratch, name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'state_dict.safetensors'), stateDict());
    strideBuild([network, '--weights', join(dir, 'state_dict.safetensors'), '--target', 'wasm', '--out', join(dir, 'wasm')]);
    const logits = await runBundle(join(dir, 'wasm'), image);
    report('wasm bundle', logits);
    expect(maxAbsDiff(logits, expected)).toBeLessThanOrEqual(tolerance(expected));
  }, 300_000);
});
