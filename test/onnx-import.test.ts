/**
 * `stride import-onnx` (packages/codegen/src/onnx/import): nine torchvision architectures and a
 * seed-style network (test/fixtures/onnx-import/export_torchvision.py), a U-Net-style network and
 * ShuffleNetV2 (export_layout_nets.py), exported by PyTorch with their weights regenerated here from the
 * seed, imported, their generated source type-checked by one `tsc` run with no diagnostic, loaded as
 * `stride build` loads it (the IR must equal the importer's), built for both targets and matched
 * against PyTorch's outputs; Stride's own exports imported back to the same IR (every golden op case,
 * the layout ones included, and the test networks); hand-made models for the idioms, the layout ops
 * (Pad, Slice, Split, Transpose, DepthToSpace, uneven pads) and the refusals, with their messages.
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
import { mergedRun } from '../packages/codegen/src/onnx/import/ops/reshape.js';
import { loadLayoutCases, loadLayoutNetworkCases, loadMathCases, loadNetworkCases, loadOpCases, loadResampleNormCases, maxAbsDiff, tolerance } from './fixtures/index.js';

const root = resolve(import.meta.dirname, '..');
const fixtures = join(root, 'test', 'fixtures', 'onnx-import');
// Nine torchvision architectures, a seed-style network (factorized, dilated, grouped, replicate- and reflect-padded convolutions)
// (export_torchvision.py); a U-Net-style network and ShuffleNetV2 (export_layout_nets.py), each with its input's shape.
const torchvisionReferences = parseSafetensors(readFileSync(join(fixtures, 'references.safetensors')));
const layoutReferences = parseSafetensors(readFileSync(join(fixtures, 'references-layout.safetensors')));
const networks = [
  ...['squeezenet1_1', 'googlenet', 'mnasnet0_5', 'regnet_x_400mf', 'mobilenet_v3_small', 'densenet121', 'resnet34', 'resnext50_32x4d', 'efficientnet_b0', 'seednet']
    .map((name) => ({ name, input: [1, 3, 32, 32], expected: torchvisionReferences.tensors.get(name)! })), // export_torchvision.py's SIZE
  ...['unet', 'shufflenet_v2_x0_5'].map((name) => ({
    name, input: (JSON.parse(layoutReferences.metadata[name]) as { input: number[] }).input, expected: layoutReferences.tensors.get(name)!,
  })),
];
const architectures = networks.map((n) => n.name);

/** The tensor names of a safetensors file, from its header alone (the weights themselves are read by the build). */
function safetensorsNames(path: string): string[] {
  const bytes = readFileSync(path);
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return Object.keys(JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)))).filter((k) => k !== '__metadata__');
}

/** The IR with the names only layers with parameters carry in source (others take the DSL's indices). */
function canonical(graph: Graph): unknown {
  return {
    nodes: graph.nodes.map((n) => ({ ...n, name: n.op === 'input' || Object.keys(n.params).length > 0 ? n.name : '' })),
    outputs: graph.outputs,
  };
}

describe('torchvision architectures, a seed-style network, a U-Net and ShuffleNet from PyTorch', () => {
  // Made in beforeAll, which (like afterAll) does not run when a filter skips every test here.
  let folder = '';
  const imported = new Map<string, ImportFileResult & { ms: number }>();
  const report: string[] = [];

  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'stride-onnx-import-'));
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

  it.each(networks.map((n) => [n.name, n] as const))('%s: loads as written, builds for js and wasm, and matches PyTorch', async (name, { input, expected: reference }) => {
    const result = imported.get(name)!;
    const { graph } = await loadNetwork(result.sourceFile);
    expect(canonical(graph)).toEqual(canonical(result.graph));
    expect(safetensorsNames(result.weightsFile).sort()).toEqual([...result.weights.keys()].sort());
    const image = seededTensor('__input__.image', input, 0);
    const expected = Float32Array.from(reference.data!);
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
      rmSync(out, { recursive: true, force: true });
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

  it('writes the U-Net with its pads, crops, chunk and bilinear upsampling, and ShuffleNet\'s channel shuffle as reshape, permute and flatten and its Splits as chunks', () => {
    const unet = imported.get('unet')!.source;
    for (const line of [".pad([1, 0, 0, 1], { mode: 'reflect' })", ".upsample({ size: [18, 22], mode: 'bilinear', alignCorners: true })",
      ".upsample({ scaleFactor: 2, mode: 'bilinear' })", '.slice({ dim: 2, start: 1, end: 35 })', ".pad([0, 1, 0, 1], { mode: 'replicate' })",
      '.pad([1, 0, 2, 0])', ".convTranspose2d({ outChannels: 4, kernelSize: 2, stride: 2, name: 'up' })", '] = relu_3.chunk(2);']) {
      expect(unet).toContain(line);
    }
    const shufflenet = imported.get('shufflenet_v2_x0_5')!.source;
    expect(shufflenet.match(/\.reshape\(\[1, 2, (\d+), (\d+), \2\]\)\n\s+\.permute\(\[0, 2, 1, 3, 4\]\)\n\s+\.flatten\(1, 2\)/g)).toHaveLength(16);
    // Its Splits, as the chunks torchvision wrote: one in each unit that keeps the resolution.
    expect(shufflenet.match(/^const \[\w+, \w+\] = \w+\.chunk\(2\);$/gm)).toHaveLength(13);
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
    case 'permute': return n.attrs.dims.every((d, k) => d === k);
    case 'clamp': return n.attrs.min === 0 && n.attrs.max === 6;
    case 'adaptiveAvgPool2d': case 'adaptiveMaxPool2d': return n.attrs.outputSize.join() !== '1,1';
    case 'conv2d': return n.attrs.paddingMode !== 'zeros' && Object.values(n.attrs.padding).every((p) => p === 0);
    case 'convTranspose2d': return n.attrs.outputPadding[0] >= n.attrs.stride[0] || n.attrs.outputPadding[1] >= n.attrs.stride[1];
    default: return false;
  }
}

describe("Stride's own ONNX exports import to the same IR", () => {
  const cases = [...loadOpCases(), ...loadResampleNormCases().filter((c) => !c.id.includes('nonfinite')), ...loadMathCases().filter((c) => !c.id.includes('nonfinite')),
    ...loadLayoutCases().filter((c) => !c.id.includes('nonfinite')), ...loadNetworkCases(), ...loadLayoutNetworkCases()]
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
      'tanh', 'gelu', 'silu', 'hardswish', 'hardsigmoid', 'add', 'mul', 'concat', 'mean', 'sub', 'div', 'elu', 'logSoftmax', 'clamp',
      'pad', 'slice', 'permute', 'pixelShuffle']));
    // Every pad mode, circular (Slice + Concat) included.
    expect(new Set(cases.flatMap((c) => c.graph.nodes.flatMap((n) => (n.op === 'pad' ? [n.attrs.mode] : []))))).toEqual(new Set(['constant', 'reflect', 'replicate', 'circular']));
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

  it("does not read torch 1.13's circular padding export (Slice(−(p + 1), −1), one row off from PyTorch) as circular, but as the slices it is", () => {
    const bytes = model([
      node('Slice', 'before', ['x', 'minus2', 'minus1', 'axis'], ['b']),
      node('Slice', 'after', ['x', 'zero', 'one', 'axis'], ['a']),
      node('Concat', 'wrap', ['b', 'x', 'a'], ['p'], [{ name: 'axis', type: 2, i: 2 }]),
      node('Conv', 'conv', ['p', 'w'], ['y'], [{ name: 'pads', type: 7, ints: [0, 1, 0, 1] }]),
    ], [i64('minus2', [-2]), i64('minus1', [-1]), i64('zero', [0]), i64('one', [1]), i64('axis', [2]), f32('w', [2, 2, 3, 3])], [1, 2, 4, 4]);
    const { graph } = importOnnx(bytes);
    expect(graph.nodes.map((n) => [n.op, n.op === 'slice' ? [n.attrs.start, n.attrs.end] : n.op === 'conv2d' ? n.attrs.paddingMode : null])).toEqual([
      ['input', null], ['slice', [2, 3]], ['slice', [0, 1]], ['concat', null], ['conv2d', 'zeros'],
    ]);
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
      node('AveragePool', 'pool', ['x'], ['b'], [{ name: 'kernel_shape', type: 7, ints: [2, 2] }, { name: 'pads', type: 7, ints: [0, 0, 1, 1] }]),
      node('Resize', 'resize', ['x', '', 'scales'], ['c'], [{ name: 'mode', type: 3, s: new TextEncoder().encode('cubic') }]),
      node('Add', 'ab', ['a', 'b'], ['d']),
      node('Add', 'abc', ['d', 'c'], ['y']),
    ], [f32('scales', [4], [1, 1, 1, 1])], [1, 2, 4, 4], 11);
    expect(() => importOnnx(bytes)).toThrow("onnx import: 3 nodes cannot be imported:\n"
      + "  Softmax 'softmax': axis 1 at opset 11 normalizes over several axes, which softmax cannot express\n"
      + "  AveragePool 'pool': pads [0, 0, 1, 1] are uneven with count_include_pad 0 (the divisor leaves the padding out), which a pad before avgPool2d cannot express\n"
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

describe('hand-made models: Pad, Slice, Split, Transpose, DepthToSpace, uneven pads', () => {
  const str = (name: string, value: string) => ({ name, type: 3, s: new TextEncoder().encode(value) });
  const ints = (name: string, values: number[]) => ({ name, type: 7, ints: values });
  const int = (name: string, value: number) => ({ name, type: 2, i: value });
  const layers = (graph: Graph) => graph.nodes.slice(1).map((n) => [n.op, n.attrs]);
  /** The model's output for a seeded input, by the reference interpreter. */
  const run = (bytes: Uint8Array, shape: number[]) => {
    const { graph, weights } = importOnnx(bytes);
    const x = seededTensor('x', shape, 3);
    return { x, y: interpret(graph, weights, { x }).y };
  };

  it('reads Pad in every mode, per side, with pads and the constant value as inputs (opset 11+), and writes F.pad order', () => {
    for (const [mode, padMode] of [['constant', 'constant'], ['reflect', 'reflect'], ['edge', 'replicate']] as const) {
      const bytes = model([node('Pad', 'pad', ['x', 'pads', ...(mode === 'constant' ? ['value'] : [])], ['y'], [str('mode', mode)])],
        [i64('pads', [0, 0, 1, 2, 0, 0, 3, 0]), f32('value', [], [mode === 'constant' ? 0.5 : 0])], [1, 2, 4, 5], 11);
      expect(layers(importOnnx(bytes).graph)).toEqual([['pad', { mode: padMode, value: mode === 'constant' ? 0.5 : 0, padding: { top: 1, bottom: 3, left: 2, right: 0 } }]]);
    }
    const dir = mkdtempSync(join(tmpdir(), 'stride-onnx-pad-'));
    try {
      writeFileSync(join(dir, 'pad.onnx'), model([node('Pad', 'pad', ['x', 'pads'], ['y'], [str('mode', 'reflect')])], [i64('pads', [0, 0, 1, 2, 0, 0, 3, 0])], [1, 2, 4, 5], 13));
      expect(importOnnxFile(join(dir, 'pad.onnx'), { out: dir }).source).toContain(".pad([2, 0, 1, 3], { mode: 'reflect' })");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The last axis only, and a pad of nothing (the identity).
    expect(layers(importOnnx(model([node('Pad', 'pad', ['x', 'pads'], ['y'])], [i64('pads', [0, 0, 0, 1, 0, 0, 0, 2])], [1, 2, 4, 5])).graph))
      .toEqual([['pad', { mode: 'constant', value: 0, padding: { top: 0, bottom: 0, left: 1, right: 2 } }]]);
    expect(importOnnx(model([node('Pad', 'pad', ['x', 'pads'], ['y'])], [i64('pads', [0, 0, 0, 0, 0, 0, 0, 0])], [1, 2, 4, 5])).graph.nodes.map((n) => n.op)).toEqual(['input']);
    // Pads computed from constants (folded at import), and ONNX's wrap mode (opset 19's name for circular).
    const folded = model([
      node('Concat', 'pads', ['begins', 'ends'], ['pads'], [int('axis', 0)]),
      node('Pad', 'pad', ['x', 'pads'], ['y'], [str('mode', 'wrap')]),
    ], [i64('begins', [0, 0, 1, 1]), i64('ends', [0, 0, 2, 0])], [1, 2, 4, 5]);
    expect(layers(importOnnx(folded).graph)).toEqual([['pad', { mode: 'circular', value: 0, padding: { top: 1, bottom: 2, left: 1, right: 0 } }]]);
    expect(() => importOnnx(model([node('Pad', 'pad', ['x', 'pads'], ['y'], [str('mode', 'mirror')])], [i64('pads', [0, 0, 1, 1, 0, 0, 1, 1])], [1, 2, 4, 5])))
      .toThrow("Pad 'pad': mode 'mirror' is not supported (constant, reflect, edge, wrap are)");
  });

  it('refuses Pad on the channels, negative pads, pads it cannot resolve and reflect beyond the input, each with its reason', () => {
    const bytes = model([
      node('Pad', 'channels', ['x', 'onChannels'], ['a']),
      node('Pad', 'crop', ['x', 'negative'], ['b']),
      node('Relu', 'r', ['x'], ['computed']), node('Pad', 'dynamic', ['x', 'computed'], ['c']),
      node('Pad', 'wide', ['x', 'tooWide'], ['d'], [str('mode', 'reflect')]),
      node('Add', 'ab', ['a', 'b'], ['ab']), node('Add', 'abc', ['ab', 'c'], ['abc']), node('Add', 'y', ['abc', 'd'], ['y']),
    ], [i64('onChannels', [0, 1, 0, 0, 0, 0, 0, 0]), i64('negative', [0, 0, -1, 0, 0, 0, 0, 0]), i64('tooWide', [0, 0, 4, 0, 0, 0, 0, 0])], [1, 2, 4, 5]);
    expect(() => importOnnx(bytes)).toThrow(/Pad 'channels': pads \[0, 1, 0, 0, 0, 0, 0, 0\] pad an axis before the last two, which pad cannot express\n  Pad 'crop': negative pads \[0, 0, -1, 0, 0, 0, 0, 0\] \(a crop\) are not supported; write a Slice\n  Pad 'dynamic': its pads \(input 2\) is not a constant\n  Pad 'wide': does not fit its input \[1, 2, 4, 5\]: node n\d+ \(pad 'wide.pad'\): reflect padding \(4, 0\) does not fit the size 4 of dim 2$/);
  });

  it('reads Slice with negative, clamped and stepped indices on several axes as slices, and keeps axes it does not cut', () => {
    const big = 9223372036854775807n;
    const i64big = (name: string, values: bigint[]): TensorMessage => ({ name, dims: [values.length], dataType: 7, rawData: new Uint8Array(BigInt64Array.from(values).buffer) });
    const bytes = model([node('Slice', 'crop', ['x', 'starts', 'ends', 'axes', 'steps'], ['y'])],
      [i64('starts', [-3, 1, 0]), i64big('ends', [big, -1n, 100n]), i64('axes', [-1, 2, 1]), i64('steps', [1, 2, 1])], [1, 3, 8, 6], 13);
    const { graph } = importOnnx(bytes);
    expect(layers(graph)).toEqual([['slice', { dim: 3, start: 3, end: 6, step: 1 }], ['slice', { dim: 2, start: 1, end: 7, step: 2 }]]);
    expect(graph.nodes.at(-1)!.shape).toEqual([1, 3, 3, 3]);
    const { x, y } = run(bytes, [1, 3, 8, 6]);
    const expected = [];
    for (let c = 0; c < 3; c++) for (let h = 1; h < 7; h += 2) for (let w = 3; w < 6; w++) expected.push(x[(c * 8 + h) * 6 + w]);
    expect([...y]).toEqual(expected);
  });

  it('refuses a negative step, a slice that selects nothing and ends it cannot resolve', () => {
    const bytes = model([
      node('Slice', 'reverse', ['x', 'zero', 'end', 'two', 'minus1'], ['a']),
      node('Slice', 'empty', ['x', 'five', 'end', 'two'], ['b']),
      node('Relu', 'r', ['x'], ['dynamicEnds']),
      node('Slice', 'dynamic', ['x', 'zero', 'dynamicEnds', 'two'], ['c']),
      node('Add', 'ab', ['a', 'b'], ['ab']), node('Add', 'y', ['ab', 'c'], ['y']),
    ], [i64('zero', [0]), i64('five', [5]), i64('end', [4]), i64('two', [2]), i64('minus1', [-1])], [1, 2, 4, 4]);
    expect(() => importOnnx(bytes)).toThrow("onnx import: 3 nodes cannot be imported:\n"
      + "  Slice 'reverse': step -1 on axis 2 is not supported: slice takes steps of 1 or more (no reversal)\n"
      + "  Slice 'empty': starts 5 and ends 4 select nothing from axis 2 of size 4\n"
      + "  Slice 'dynamic': its ends (input 3) is not a constant");
  });

  it('reads Split with sizes as an attribute (opsets 11–12), as an input (13+), and in equal pieces, as slices', () => {
    const pieces = [['slice', { dim: 1, start: 0, end: 2, step: 1 }], ['slice', { dim: 1, start: 2, end: 6, step: 1 }]];
    const join2 = (first: string) => [node('Relu', 'r', ['b'], ['rb']), node('Concat', 'cat', [first, 'rb'], ['y'], [int('axis', 1)])];
    const attr = model([node('Split', 'split', ['x'], ['a', 'b'], [int('axis', 1), ints('split', [2, 4])]), ...join2('a')], [], [1, 6, 3, 3], 11);
    const input = model([node('Split', 'split', ['x', 'sizes'], ['a', 'b'], [int('axis', -3)]), ...join2('a')], [i64('sizes', [2, 4])], [1, 6, 3, 3], 13);
    for (const bytes of [attr, input]) expect(layers(importOnnx(bytes).graph).slice(0, 2)).toEqual(pieces);
    const equal = model([node('Split', 'split', ['x'], ['a', 'b', 'c'], [int('axis', 1)]), node('Add', 'ab', ['a', 'b'], ['ab']), node('Add', 'y', ['ab', 'c'], ['y'])], [], [1, 6, 3, 3], 13);
    expect(layers(importOnnx(equal).graph).slice(0, 3).map(([, a]) => a)).toEqual([0, 2, 4].map((start) => ({ dim: 1, start, end: start + 2, step: 1 })));
    expect(() => importOnnx(model([node('Split', 'split', ['x'], ['a', 'y'], [int('axis', 1)])], [], [1, 5, 3, 3], 13), { name: 'odd' }))
      .toThrow("Split 'split': axis 1 of size 5 does not split evenly into 2 outputs");
  });

  it('reads Transpose as permute, and the channel shuffle ShuffleNet exports (Reshape–Transpose–Reshape) as reshape, permute and flatten', () => {
    const bytes = model([
      node('Reshape', 'view', ['x', 'grouped'], ['g']),
      node('Transpose', 'swap', ['g'], ['t'], [ints('perm', [0, 2, 1, 3, 4])]),
      node('Reshape', 'back', ['t', 'flat'], ['y']),
    ], [i64('grouped', [1, 2, 3, 4, 5]), i64('flat', [1, -1, 4, 5])], [1, 6, 4, 5], 13);
    const { graph } = importOnnx(bytes);
    expect(layers(graph)).toEqual([['reshape', { shape: [1, 2, 3, 4, 5] }], ['permute', { dims: [0, 2, 1, 3, 4] }], ['flatten', { startDim: 1, endDim: 2 }]]);
    const { x, y } = run(bytes, [1, 6, 4, 5]);
    // Channel c·2 + g of the output is channel g·3 + c of the input.
    for (let out = 0; out < 6; out++) expect([...y.subarray(out * 20, out * 20 + 20)]).toEqual([...x.subarray(((out % 2) * 3 + Math.floor(out / 2)) * 20, ((out % 2) * 3 + Math.floor(out / 2)) * 20 + 20)]);
    expect(layers(importOnnx(model([node('Transpose', 't', ['x'], ['y'])], [], [2, 3, 4])).graph)).toEqual([['permute', { dims: [2, 1, 0] }]]);
    expect(() => importOnnx(model([node('Transpose', 't', ['x'], ['y'], [ints('perm', [0, 0, 1])])], [], [2, 3, 4])))
      .toThrow("Transpose 't': perm [0, 0, 1] is not a permutation of the 3 axes");
  });

  it('reads DepthToSpace CRD as pixelShuffle and DCR as the reshape–permute–reshape ONNX defines it by, and refuses other modes', () => {
    expect(layers(importOnnx(model([node('DepthToSpace', 'd', ['x'], ['y'], [int('blocksize', 2), str('mode', 'CRD')])], [], [1, 8, 3, 3])).graph))
      .toEqual([['pixelShuffle', { upscaleFactor: 2 }]]);
    const dcr = model([node('DepthToSpace', 'd', ['x'], ['y'], [int('blocksize', 2)])], [], [1, 8, 3, 3]);
    expect(layers(importOnnx(dcr).graph).map(([op]) => op)).toEqual(['reshape', 'permute', 'reshape']);
    const { x, y } = run(dcr, [1, 8, 3, 3]);
    // DCR: output (c, h·2 + i, w·2 + j) is input channel (i·2 + j)·2 + c at (h, w).
    for (let c = 0; c < 2; c++) for (let h = 0; h < 6; h++) for (let w = 0; w < 6; w++) {
      expect(y[(c * 6 + h) * 6 + w]).toBe(x[((((h % 2) * 2 + (w % 2)) * 2 + c) * 3 + Math.floor(h / 2)) * 3 + Math.floor(w / 2)]);
    }
    expect(() => importOnnx(model([node('DepthToSpace', 'd', ['x'], ['y'], [int('blocksize', 2), str('mode', 'XYZ')])], [], [1, 8, 3, 3])))
      .toThrow("DepthToSpace 'd': mode 'XYZ' is not supported (CRD, DCR are)");
  });

  it('writes uneven Conv and pool pads as a pad before the layer: zeros for Conv and AveragePool with count_include_pad, replicate for MaxPool', () => {
    const conv = model([node('Conv', '/conv/Conv', ['x', 'conv.weight'], ['y'], [ints('pads', [0, 1, 1, 2]), ints('strides', [2, 2])])], [f32('conv.weight', [2, 2, 3, 3])], [1, 2, 6, 6]);
    expect(layers(importOnnx(conv).graph)).toEqual([
      ['pad', { mode: 'constant', value: 0, padding: { top: 0, bottom: 1, left: 0, right: 1 } }],
      ['conv2d', expect.objectContaining({ padding: { top: 0, bottom: 0, left: 1, right: 1 }, stride: [2, 2] })],
    ]);
    const avg = model([node('AveragePool', 'p', ['x'], ['y'], [ints('kernel_shape', [2, 2]), ints('strides', [2, 2]), ints('pads', [1, 0, 0, 1]), int('count_include_pad', 1)])], [], [1, 2, 5, 5]);
    expect(layers(importOnnx(avg).graph)).toEqual([
      ['pad', { mode: 'constant', value: 0, padding: { top: 1, bottom: 0, left: 0, right: 1 } }],
      ['avgPool2d', { kernelSize: [2, 2], stride: [2, 2], padding: [0, 0], ceilMode: false, countIncludePad: true }],
    ]);
    const max = model([node('MaxPool', 'p', ['x'], ['y'], [ints('kernel_shape', [3, 3]), ints('strides', [2, 2]), ints('pads', [0, 2, 1, 0])])], [], [1, 1, 5, 5]);
    expect(layers(importOnnx(max).graph)).toEqual([
      ['pad', { mode: 'replicate', value: 0, padding: { top: 0, bottom: 1, left: 2, right: 0 } }],
      ['maxPool2d', { kernelSize: [3, 3], stride: [2, 2], padding: [0, 0], dilation: [1, 1], ceilMode: false }],
    ]);
    // The maximum over each window's elements inside the input, as ONNX's −∞ padding gives.
    const { x, y } = run(max, [1, 1, 5, 5]);
    const expected: number[] = [];
    // Output 2×3: (5 + 0 + 1 − 3) / 2 + 1 rows, (5 + 2 + 0 − 3) / 2 + 1 columns.
    for (let oh = 0; oh < 2; oh++) for (let ow = 0; ow < 3; ow++) {
      let m = -Infinity;
      for (let kh = 0; kh < 3; kh++) for (let kw = 0; kw < 3; kw++) {
        const h = oh * 2 + kh;
        const w = ow * 2 + kw - 2;
        if (h >= 0 && h < 5 && w >= 0 && w < 5) m = Math.max(m, x[h * 5 + w]);
      }
      expected.push(m);
    }
    expect([...y]).toEqual(expected);
    expect(() => importOnnx(model([node('MaxPool', 'p', ['x'], ['y'], [ints('kernel_shape', [2, 2]), ints('pads', [0, 0, 1, 1]), int('ceil_mode', 1)])], [], [1, 1, 5, 5])))
      .toThrow("MaxPool 'p': pads [0, 0, 1, 1] are uneven with ceil_mode 1, which maxPool2d cannot express");
  });
});
