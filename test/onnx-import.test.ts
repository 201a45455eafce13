/**
 * `stride import-onnx` (packages/codegen/src/onnx/import): nine torchvision architectures exported by
 * PyTorch (test/fixtures/onnx-import/export_torchvision.py, weights regenerated here from the seed)
 * imported, their generated source type-checked by one `tsc` run with no diagnostic, loaded as
 * `stride build` loads it (the IR must equal the importer's), built for both targets and matched
 * against PyTorch's outputs; Stride's own exports imported back to the same IR (every golden op case
 * and the test networks); hand-made models for the idioms and the refusals, with their messages.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, exportOnnx, importOnnx, importOnnxFile, loadNetwork, type ImportFileResult } from '@stride/codegen';
import { interpret, parseSafetensors, seededTensor, type Weights } from '@stride/runtime';
import type { Graph } from '@stride/dsl';
import { encodeModel, type NodeMessage, type TensorMessage } from '../packages/codegen/src/onnx/schema.js';
import { writeSeededWeights } from './support/seeded-onnx.js';
import { mergedRun } from '../packages/codegen/src/onnx/import/ops.js';
import { loadMathCases, loadNetworkCases, loadOpCases, loadResampleNormCases, maxAbsDiff, tolerance } from './fixtures/index.js';

const root = resolve(import.meta.dirname, '..');
const fixtures = join(root, 'test', 'fixtures', 'onnx-import');
// Nine torchvision architectures, and a seed-style network (factorized, dilated, grouped, replicate- and reflect-padded convolutions).
const architectures = ['squeezenet1_1', 'googlenet', 'mnasnet0_5', 'regnet_x_400mf', 'mobilenet_v3_small', 'densenet121', 'resnet34', 'resnext50_32x4d', 'efficientnet_b0', 'seednet'];
const references = parseSafetensors(readFileSync(join(fixtures, 'references.safetensors')));

/** The IR with the names only layers with parameters carry in source (others take the DSL's indices). */
function canonical(graph: Graph): unknown {
  return {
    nodes: graph.nodes.map((n) => ({ ...n, name: n.op === 'input' || Object.keys(n.params).length > 0 ? n.name : '' })),
    outputs: graph.outputs,
  };
}

describe('torchvision architectures (and a seed-style network) from PyTorch', () => {
  const folder = mkdtempSync(join(tmpdir(), 'stride-onnx-import-'));
  const imported = new Map<string, ImportFileResult & { ms: number }>();
  const report: string[] = [];

  beforeAll(() => {
    for (const name of architectures) {
      copyFileSync(join(fixtures, `${name}.onnx`), join(folder, `${name}.onnx`));
      writeSeededWeights(readFileSync(join(folder, `${name}.onnx`)), folder);
      const started = performance.now();
      const result = importOnnxFile(join(folder, `${name}.onnx`), { out: join(folder, 'out') });
      imported.set(name, { ...result, ms: performance.now() - started });
    }
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
    console.log(`onnx-import (torchvision, vs PyTorch):\n${report.join('\n')}`);
  });

  it('type-checks every generated network with tsc, with no diagnostic', () => {
    // One tsc run over all of them; @stride/dsl resolved to the workspace's source.
    writeFileSync(join(folder, 'out', 'tsconfig.json'), JSON.stringify({
      extends: join(root, 'tsconfig.base.json'),
      compilerOptions: { types: [], paths: { '@stride/dsl': [join(root, 'packages', 'dsl', 'src', 'index.ts')] } },
      include: ['*.ts'],
    }));
    let output = '';
    try {
      execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(folder, 'out', 'tsconfig.json')], { encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  }, 60_000);

  it.each(architectures)('%s: loads as written, builds for js and wasm, and matches PyTorch', async (name) => {
    const result = imported.get(name)!;
    const { graph } = await loadNetwork(result.sourceFile);
    expect(canonical(graph)).toEqual(canonical(result.graph));
    const file: Weights = parseSafetensors(readFileSync(result.weightsFile));
    expect([...file.tensors.keys()].sort()).toEqual([...result.weights.keys()].sort());
    const image = seededTensor('__input__.image', [1, 3, 64, 64], 0);
    const expected = Float32Array.from(references.tensors.get(name)!.data!);
    const worst: string[] = [];
    for (const target of ['js', 'wasm'] as const) {
      // Built as `stride build` builds it: the generated file and the weights file beside it.
      const out = join(folder, 'bundles', `${name}-${target}`);
      await build({ network: result.sourceFile, weights: result.weightsFile, out, target, log: () => {} });
      const { create } = (await import(pathToFileURL(join(out, 'index.js')).href)) as { create(): Promise<{ run(inputs: { image: Float32Array }): { logits: Float32Array } }> };
      const logits = (await create()).run({ image }).logits.slice();
      const error = maxAbsDiff(logits, expected);
      worst.push(`${target} ${error.toExponential(2)}`);
      expect(error, `${name} (${target}) vs PyTorch`).toBeLessThanOrEqual(tolerance(expected));
    }
    const lines = result.source.split('\n').length - 1;
    report.push(`  ${name.padEnd(20)} opset ${result.opset}  max |Δ| ${worst.join(', ')} (tolerance ${tolerance(expected).toExponential(2)})  import ${result.ms.toFixed(0)} ms  ${lines} lines`);
  }, 60_000);

  it('writes blocks where the structure repeats: ResNet-34 is its stem, its four stages (a block, then repeat) and its head; MobileNetV3 and EfficientNet apply their inverted residuals', () => {
    const source = imported.get('resnet34')!.source;
    expect(source.match(/\.apply\(|\.repeat\(/g)).toHaveLength(7);
    expect(source).toContain(".repeat(3, layer1Block(64), 'layer1')");
    expect(source).toContain(".repeat(5, layer1Block(256), (i) => `layer3.${i + 1}`)");
    expect(source).toContain(".apply(layer2Block(128), 'layer2.0')");
    // Inverted residuals with squeeze-and-excitation: one function for those with the shortcut, its channels as parameters.
    expect(imported.get('seednet')!.source).toContain(".conv2d({ outChannels: 16, kernelSize: [3, 5], padding: [1, 2], paddingMode: 'reflect', name: 'wide' })");
    expect(imported.get('mobilenet_v3_small')!.source).toContain(".repeat(2, featuresBlock(240, 64, 40), (i) => `features.${i + 5}`)");
    expect(imported.get('efficientnet_b0')!.source).toContain(".repeat(3, featuresBlock(1152, 5, 2, 48, 192), (i) => `features.6.${i + 1}`)");
  });
});

/**
 * IR nodes that come back as an equal computation written otherwise, by design: dropout is the identity
 * (the exporter writes no node); adaptive pooling to an even grid is the AveragePool / MaxPool it equals,
 * to an uneven one slices (the DSL's slice is not merged yet); a padding mode with no padding is a plain
 * Conv; clamp(0, 6) (hardtanh(0, 6)) is the Clip(0, 6) that relu6 is too, read back as relu6; a reshape that merges a run of axes is
 * read back as the flatten it equals; a convTranspose2d output padding ≥ stride is
 * written with a Pad (onnxruntime's limit) that the DSL's pad will read back.
 */
function knownDifference(n: Graph['nodes'][number], _i: number, nodes: Graph['nodes']): boolean {
  switch (n.op) {
    case 'reshape': return mergedRun(nodes.find((m) => m.id === n.inputs[0])!.shape, n.shape) !== undefined;
    case 'dropout': return true;
    case 'clamp': return n.attrs.min === 0 && n.attrs.max === 6;
    case 'adaptiveAvgPool2d': case 'adaptiveMaxPool2d': return n.attrs.outputSize.join() !== '1,1';
    case 'conv2d': return n.attrs.paddingMode !== 'zeros' && Object.values(n.attrs.padding).every((p) => p === 0);
    case 'convTranspose2d': return n.attrs.outputPadding[0] >= n.attrs.stride[0] || n.attrs.outputPadding[1] >= n.attrs.stride[1];
    default: return false;
  }
}

describe("Stride's own ONNX exports import to the same IR", () => {
  const cases = [...loadOpCases(), ...loadResampleNormCases().filter((c) => !c.id.includes('nonfinite')), ...loadMathCases().filter((c) => !c.id.includes('nonfinite')), ...loadNetworkCases()]
    // Not round trips by design: dropout is the identity (the exporter writes no node); adaptive pooling
    // to an even grid is written as the AveragePool / MaxPool it equals, and to an uneven one as slices.
    .filter((c) => !c.graph.nodes.some(knownDifference));

  it.each(cases.map((c) => [`${c.id} ${c.op}`, c] as const))('%s', (_label, c) => {
    const back = importOnnx(exportOnnx(c.graph, c.weights, { allowUnexpectedWeights: true }), { name: c.graph.name });
    expect(canonical(back.graph)).toEqual(canonical(c.graph));
    for (const [key, data] of back.weights) expect(maxAbsDiff(data, c.weights.get(key)!), key).toBe(0);
  });

  it('covers every op the exporter writes but dropout and uneven adaptive pooling', () => {
    const ops = new Set(cases.flatMap((c) => c.graph.nodes.map((n) => n.op)));
    expect([...ops].sort()).toEqual(expect.arrayContaining(['conv2d', 'convTranspose2d', 'maxPool2d', 'avgPool2d', 'adaptiveAvgPool2d', 'batchNorm2d',
      'groupNorm', 'instanceNorm2d', 'layerNorm', 'linear', 'flatten', 'reshape', 'upsample', 'softmax', 'relu', 'relu6', 'leakyRelu', 'sigmoid',
      'tanh', 'gelu', 'silu', 'hardswish', 'hardsigmoid', 'add', 'mul', 'concat', 'mean', 'sub', 'div', 'elu', 'logSoftmax', 'clamp']));
  });
});

// Hand-made models: the smallest graphs that show one idiom or one refusal.
const f32 = (name: string, dims: number[], values?: number[]): TensorMessage => {
  const data = Float32Array.from(values ?? seededTensor(`${name}.weight`, dims, 1));
  return { name, dims, dataType: 1, rawData: new Uint8Array(data.buffer) };
};
const i64 = (name: string, values: number[]): TensorMessage => ({ name, dims: [values.length], dataType: 7, rawData: new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer) });
const node = (opType: string, name: string, input: string[], output: string[], attribute: NodeMessage['attribute'] = []): NodeMessage => ({ opType, name, input, output, attribute });
function model(nodes: NodeMessage[], initializer: TensorMessage[], shape: Array<number | string>, opset = 17, output = 'y'): Uint8Array {
  const info = (name: string, dims: Array<number | string>) => ({
    name, type: { tensorType: { elemType: 1, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } } },
  });
  return encodeModel({
    irVersion: 8, producerName: 'test', producerVersion: '0', opsetImport: [{ domain: '', version: opset }],
    graph: { name: 'handmade', node: nodes, initializer, input: [info('x', shape)], output: [info(output, [])] },
  });
}

describe('hand-made models', () => {
  it('evaluates the shape subgraph torch writes for x.view(x.size(0), -1) and maps it to flatten', () => {
    const bytes = model([
      node('Shape', 'shape', ['x'], ['s']),
      node('Gather', 'gather', ['s', 'zero'], ['n'], [{ name: 'axis', type: 2, i: 0 }]),
      node('Unsqueeze', 'unsqueeze', ['n', 'axes'], ['n1']),
      node('Concat', 'concat', ['n1', 'minus1'], ['target'], [{ name: 'axis', type: 2, i: 0 }]),
      node('Reshape', 'view', ['x', 'target'], ['y']),
    ], [i64('zero', [0]), i64('axes', [0]), i64('minus1', [-1])], [2, 3, 4, 4], 13);
    const { graph } = importOnnx(bytes);
    expect(graph.nodes.map((n) => [n.op, n.shape])).toEqual([['input', [2, 3, 4, 4]], ['flatten', [2, 48]]]);
  });

  it('reads silu, gelu (erf form) and MatMul + Add as the DSL layers, and Clip(0, 6) as relu6', () => {
    const bytes = model([
      node('Sigmoid', 's', ['x'], ['sig']), node('Mul', 'silu', ['x', 'sig'], ['a']),
      node('Div', 'd', ['a', 'sqrt2'], ['g1']), node('Erf', 'e', ['g1'], ['g2']), node('Add', 'p', ['g2', 'one'], ['g3']),
      node('Mul', 'm1', ['a', 'g3'], ['g4']), node('Mul', 'm2', ['g4', 'half'], ['b']),
      node('Clip', 'clip', ['b', 'zero', 'six'], ['c']),
      node('MatMul', 'fc/MatMul', ['c', 'w'], ['mm']), node('Add', 'fc/Add', ['mm', 'bias'], ['y']),
    ], [f32('sqrt2', [], [Math.SQRT2]), f32('one', [], [1]), f32('half', [], [0.5]), f32('zero', [], [0]), f32('six', [], [6]), f32('w', [8, 3]), f32('bias', [3])], [2, 8]);
    const { graph, weights } = importOnnx(bytes);
    expect(graph.nodes.map((n) => n.op)).toEqual(['input', 'silu', 'gelu', 'relu6', 'linear']);
    const x = seededTensor('x', [2, 8], 2);
    const w = seededTensor('w.weight', [8, 3], 1);
    const b = seededTensor('bias.weight', [3], 1);
    const out = interpret(graph, weights, { x }).y;
    const silu = (v: number) => v / (1 + Math.exp(-v));
    const erf = (v: number) => { const t = 1 / (1 + 0.3275911 * Math.abs(v)); const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-v * v); return v < 0 ? -y : y; };
    const h = Array.from(x, (v) => Math.min(6, Math.max(0, 0.5 * silu(v) * (1 + erf(silu(v) / Math.SQRT2)))));
    for (let r = 0; r < 2; r++) for (let o = 0; o < 3; o++) {
      let s = b[o];
      for (let i = 0; i < 8; i++) s += h[r * 8 + i] * w[i * 3 + o];
      expect(out[r * 3 + o]).toBeCloseTo(s, 4);
    }
  });

  it('reads a reflect Pad before a Conv as the conv\'s padding mode, and writes it so', () => {
    const bytes = model([
      node('Pad', 'pad', ['x', 'pads'], ['p'], [{ name: 'mode', type: 3, s: new TextEncoder().encode('reflect') }]),
      node('Conv', '/block/conv/Conv', ['p', 'block.conv.weight'], ['y'], [{ name: 'kernel_shape', type: 7, ints: [3, 3] }]),
    ], [i64('pads', [0, 0, 1, 1, 0, 0, 1, 1]), f32('block.conv.weight', [4, 2, 3, 3])], [1, 2, 5, 5]);
    const dir = mkdtempSync(join(tmpdir(), 'stride-onnx-pad-'));
    try {
      writeFileSync(join(dir, 'pad.onnx'), bytes);
      const result = importOnnxFile(join(dir, 'pad.onnx'), { out: dir });
      expect(result.source).toContain(".conv2d({ outChannels: 4, kernelSize: 3, padding: 1, bias: false, paddingMode: 'reflect', name: 'block.conv' })");
      expect([...result.weights.keys()]).toEqual(['block.conv.weight']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("does not read torch 1.13's circular padding export (Slice(−(p + 1), −1), one row off from PyTorch) as circular", () => {
    const bytes = model([
      node('Slice', 'before', ['x', 'minus2', 'minus1', 'axis'], ['b']),
      node('Slice', 'after', ['x', 'zero', 'one', 'axis'], ['a']),
      node('Concat', 'wrap', ['b', 'x', 'a'], ['p'], [{ name: 'axis', type: 2, i: 2 }]),
      node('Conv', 'conv', ['p', 'w'], ['y'], [{ name: 'pads', type: 7, ints: [0, 1, 0, 1] }]),
    ], [i64('minus2', [-2]), i64('minus1', [-1]), i64('zero', [0]), i64('one', [1]), i64('axis', [2]), f32('w', [2, 2, 3, 3])], [1, 2, 4, 4]);
    expect(() => importOnnx(bytes)).toThrow(/^onnx import: 2 nodes cannot be imported:\n  Slice 'before': Slice of a computed tensor is not supported yet/);
  });

  it('refuses a model with unsupported ops by listing every one, by name and op type, and writes nothing', () => {
    const bytes = model([
      node('Relu', 'relu', ['x'], ['a']),
      node('Einsum', 'mix', ['a'], ['b']),
      node('Relu', 'relu2', ['b'], ['c']),
      node('Conv', 'conv', ['c', 'w'], ['d'], [{ name: 'auto_pad', type: 3, s: new TextEncoder().encode('SAME_UPPER') }]),
      node('NonMaxSuppression', 'nms', ['d'], ['y']),
    ], [f32('w', [2, 2, 3, 3])], [1, 2, 4, 4]);
    const dir = mkdtempSync(join(tmpdir(), 'stride-onnx-refuse-'));
    try {
      writeFileSync(join(dir, 'bad.onnx'), bytes);
      expect(() => importOnnxFile(join(dir, 'bad.onnx'), { out: join(dir, 'out') })).toThrow(
        "onnx import: 3 nodes cannot be imported:\n  Einsum 'mix': op Einsum is not supported\n  Conv 'conv': auto_pad 'SAME_UPPER' is not supported (write explicit pads)\n"
        + "  NonMaxSuppression 'nms': op NonMaxSuppression is not supported");
      expect(() => readFileSync(join(dir, 'out', 'bad.ts'))).toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lists the attributes it cannot express on every branch an output needs', () => {
    const bytes = model([
      node('Softmax', 'softmax', ['x'], ['a'], [{ name: 'axis', type: 2, i: 1 }]),
      node('MaxPool', 'pool', ['x'], ['b'], [{ name: 'kernel_shape', type: 7, ints: [2, 2] }, { name: 'pads', type: 7, ints: [0, 0, 1, 1] }]),
      node('Resize', 'resize', ['x', '', 'scales'], ['c'], [{ name: 'mode', type: 3, s: new TextEncoder().encode('cubic') }]),
      node('Add', 'ab', ['a', 'b'], ['d']),
      node('Add', 'abc', ['d', 'c'], ['y']),
    ], [f32('scales', [4], [1, 1, 1, 1])], [1, 2, 4, 4], 11);
    expect(() => importOnnx(bytes)).toThrow("onnx import: 3 nodes cannot be imported:\n"
      + "  Softmax 'softmax': axis 1 at opset 11 normalizes over several axes, which softmax cannot express\n"
      + "  MaxPool 'pool': maxPool2d pads [0, 0, 1, 1] are asymmetric, which maxPool2d cannot express\n"
      + "  Resize 'resize': mode 'cubic' is not supported (nearest, linear are)");
  });

  it('reads initializers from external data beside the model, and says which file is missing', () => {
    const weight: TensorMessage = { name: 'conv.weight', dims: [2, 2, 1, 1], dataType: 1, dataLocation: 1,
      externalData: [{ key: 'location', value: 'conv.bin' }, { key: 'offset', value: '8' }, { key: 'length', value: '16' }] };
    const bytes = model([node('Conv', '/conv/Conv', ['x', 'conv.weight'], ['y'])], [weight], [1, 2, 3, 3]);
    const dir = mkdtempSync(join(tmpdir(), 'stride-onnx-external-'));
    try {
      expect(() => importOnnx(bytes, { dir })).toThrow(`onnx import: 1 node cannot be imported:\n  initializer 'conv.weight': its external data file 'conv.bin' is not in ${dir}`);
      writeFileSync(join(dir, 'conv.bin'), new Uint8Array(new Float32Array([9, 9, 1, 2, 3, 4]).buffer));
      const { graph, weights } = importOnnx(bytes, { dir });
      expect(graph.nodes[1]).toMatchObject({ op: 'conv2d', name: 'conv', attrs: { bias: false, inChannels: 2, outChannels: 2 } });
      expect([...weights.get('conv.weight')!]).toEqual([1, 2, 3, 4]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a shape that depends on a symbolic size, naming the node', () => {
    const bytes = model([
      node('Shape', 'shape', ['x'], ['s']),
      node('Concat', 'dims', ['s', 's'], ['s2'], [{ name: 'axis', type: 2, i: 0 }]),
      node('Reshape', 'view', ['x', 's2'], ['y']),
    ], [], ['batch', 3, 4, 4]);
    expect(() => importOnnx(bytes)).toThrow("Shape 'shape': the shape holds the symbolic size 'batch'; import with a fixed size for it");
  });

  it('refuses opsets outside 11–17 and bytes that are not a model', () => {
    expect(() => importOnnx(model([node('Relu', 'r', ['x'], ['y'])], [], [1, 4], 9))).toThrow('onnx import: opset 9 is not supported; export with an opset from 11 to 17');
    expect(() => importOnnx(new Uint8Array([1, 2, 3]))).toThrow(/onnx import: the file (is not an ONNX model|has no graph)/);
  });
});
