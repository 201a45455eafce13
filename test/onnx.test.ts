/**
 * The ONNX exporter against the reference interpreter: every PyTorch-recorded op case and every fixture
 * network is exported, run in the real onnxruntime-node, and compared with `interpret` on the same
 * weights and inputs (max |onnx − interpret| ≤ 1e-4 · max(1, max |interpret|)).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { decodeOnnxModel, exportOnnx } from '@stride/codegen';
import { graphParams, input, model, opNames, type Graph } from '@stride/dsl';
import { interpret, seededWeights, StrideError } from '@stride/runtime';
import { exportOnnxCommand } from '../packages/codegen/src/cli/commands/export-onnx.js';
import lenet5 from '../examples/lenet-mnist/src/lenet5.js';
import { loadMathCases, loadNetworkCases, loadOpCases, loadResampleNormCases, maxAbsDiff, tolerance, type GoldenCase } from './fixtures/index.js';

async function runOnnx(graph: Graph, bytes: Uint8Array, inputs: Record<string, Float32Array>, dims: Record<string, number> = {}): Promise<Record<string, Float32Array>> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const feeds: Record<string, ort.Tensor> = {};
  for (const node of graph.nodes) {
    if (node.op !== 'input') continue;
    const shape = node.shape.map((d) => (typeof d === 'number' ? d : dims[d]));
    feeds[node.name] = new ort.Tensor('float32', inputs[node.name], shape);
  }
  const results = await session.run(feeds);
  await session.release();
  return Object.fromEntries(Object.entries(results).map(([name, tensor]) => [name, tensor.data as Float32Array]));
}

/**
 * onnxruntime starts a max-pool from the lowest float, PyTorch (and the interpreter) from −∞; the two
 * differ only for a window that covers padding alone, which dilation with ceil mode can produce.
 */
function agreesExceptEmptyWindows(onnx: Float32Array, reference: Float32Array): Float32Array {
  return onnx.map((v, i) => (reference[i] === -Infinity && v === -3.4028234663852886e38 ? -Infinity : v));
}

async function expectAgreement(c: GoldenCase): Promise<void> {
  const reference = interpret(c.graph, c.weights, c.inputs);
  const onnx = await runOnnx(c.graph, exportOnnx(c.graph, c.weights), c.inputs);
  expect(Object.keys(onnx).sort()).toEqual(Object.keys(reference).sort());
  for (const [name, expected] of Object.entries(reference)) {
    const actual = c.op === 'maxPool2d' ? agreesExceptEmptyWindows(onnx[name], expected) : onnx[name];
    const diff = maxAbsDiff(actual, expected);
    expect(diff, `${c.id} ${c.op}(${JSON.stringify(c.args)}) output '${name}'`).toBeLessThanOrEqual(tolerance(expected));
  }
}

// The NaN/±∞ cases stay out, as ops-nonfinite does: onnxruntime's bilinear Resize skips a tap of
// weight 0, so a NaN there does not spread as it does in PyTorch (and the interpreter).
const opCases = [...loadOpCases(), ...[...loadResampleNormCases(), ...loadMathCases()].filter((c) => !c.id.includes('nonfinite-'))];

describe('exportOnnx: every op case runs in onnxruntime-node and matches the interpreter', () => {
  it('the cases cover every IR op and the options that take a special path', () => {
    const ops = new Set(opCases.flatMap((c) => c.graph.nodes.map((n) => n.op)));
    expect([...opNames].filter((op) => !ops.has(op))).toEqual([]);
    const nodes = opCases.flatMap((c) => c.graph.nodes);
    const paddingModes = new Set(nodes.flatMap((n) => (n.op === 'conv2d' && n.attrs.padding.top + n.attrs.padding.left > 0 ? [n.attrs.paddingMode] : [])));
    expect([...paddingModes].sort()).toEqual(['circular', 'reflect', 'replicate', 'zeros']);
    expect(nodes.some((n) => n.op === 'convTranspose2d' && n.attrs.outputPadding.some((p, i) => p >= n.attrs.stride[i]))).toBe(true);
    expect(nodes.some((n) => (n.op === 'maxPool2d' || n.op === 'avgPool2d') && n.attrs.ceilMode)).toBe(true);
    expect(nodes.some((n) => n.op === 'adaptiveAvgPool2d' && n.attrs.outputSize.join() !== '1,1')).toBe(true);
  });

  // One test per op name, each running all of that op's cases, keeps the report readable (409 cases).
  const byOp = new Map<string, GoldenCase[]>();
  for (const c of opCases) byOp.set(c.op, [...(byOp.get(c.op) ?? []), c]);
  for (const [op, cases] of byOp) {
    it(`${op} (${cases.length} cases)`, async () => {
      for (const c of cases) await expectAgreement(c);
    });
  }
});

describe('exportOnnx: networks', () => {
  for (const c of loadNetworkCases()) {
    it(c.id, async () => {
      await expectAgreement(c);
    });
  }
});

describe('exportOnnx: the written model', () => {
  const image = input(['batch', 3, 9, 9], { name: 'image' });
  const features = image.conv2d({ outChannels: 4, kernelSize: 3, name: 'stem' }).batchNorm2d({ name: 'stem_bn' }).relu();
  const logits = features.adaptiveAvgPool2d(2).flatten().dropout(0.5).linear({ outFeatures: 5, name: 'head' });
  const net = model({ name: 'tiny', inputs: { image }, outputs: { logits, features } });
  const graph = net.toIR();
  const weights = seededWeights(graph, 7);

  it('keeps the IR names: inputs, outputs, PyTorch initializer names, a symbolic batch as dim_param', () => {
    const decoded = decodeOnnxModel(exportOnnx(graph, weights));
    expect(decoded.opsetImport).toEqual([{ version: 17 }]);
    expect(decoded.graph.input.map((v) => v.name)).toEqual(['image']);
    expect(decoded.graph.input[0].type.tensorType.shape.dim).toEqual([{ dimParam: 'batch' }, { dimValue: 3 }, { dimValue: 9 }, { dimValue: 9 }]);
    expect(decoded.graph.output.map((v) => v.name)).toEqual(['logits', 'features']);
    expect(decoded.graph.initializer.map((t) => t.name).filter((n) => !n.includes('/')).sort()).toEqual(graphParams(graph).map((p) => p.name).sort());
    expect(decoded.graph.node.map((n) => n.opType)).not.toContain('Dropout');
    // A layer's node and the value it computes carry the layer's name (separate namespaces in ONNX).
    const stem = decoded.graph.node.find((n) => n.opType === 'Conv')!;
    expect(stem).toMatchObject({ name: 'stem', input: ['image', 'stem.weight', 'stem.bias'], output: ['stem'] });
  });

  it('runs at any batch size and matches the interpreter', async () => {
    const bytes = exportOnnx(graph, weights);
    for (const batch of [1, 3]) {
      const image = Float32Array.from({ length: batch * 3 * 81 }, (_, i) => Math.sin(i * 0.37));
      const reference = interpret(graph, weights, { image });
      const onnx = await runOnnx(graph, bytes, { image }, { batch });
      for (const name of ['logits', 'features']) expect(maxAbsDiff(onnx[name], reference[name])).toBeLessThanOrEqual(tolerance(reference[name]));
    }
  });

  it('rejects weights that do not fit the graph with the runtime binding error', () => {
    const missing = new Map(weights);
    missing.delete('stem_bn.running_var');
    expect(() => exportOnnx(graph, missing)).toThrow(StrideError);
    expect(() => exportOnnx(graph, missing)).toThrow(/stem_bn\.running_var/);
  });

  it('names the layer when an op cannot be written: adaptive pooling of a symbolic size', () => {
    const x = input([1, 2, 'height', 6], { name: 'x' });
    const g = model({ name: 'symbolic', inputs: { x }, outputs: { y: x.adaptiveAvgPool2d([3, 4]) } }).toIR();
    expect(() => exportOnnx(g, new Map())).toThrow(/adaptiveAvgPool2d .*needs a known input height and width for output 3×4, got height×6/);
  });
});

describe('stride export-onnx', () => {
  it('writes a file that onnxruntime runs to the interpreter\'s result', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'stride-onnx-')), 'lenet5.onnx');
    await exportOnnxCommand.run(['examples/lenet-mnist/src/lenet5.ts', '--random-weights', '3', '--out', out]);
    const graph = lenet5.toIR();
    const image = Float32Array.from({ length: 32 * 32 }, (_, i) => Math.cos(i * 0.11));
    const reference = interpret(graph, seededWeights(graph, 3), { image });
    const onnx = await runOnnx(graph, readFileSync(out), { image });
    expect(maxAbsDiff(onnx.logits, reference.logits)).toBeLessThanOrEqual(tolerance(reference.logits));
  });

  it('asks for exactly one source of weights', async () => {
    await expect(exportOnnxCommand.run(['examples/lenet-mnist/src/lenet5.ts', '--out', 'x.onnx'])).rejects.toThrow(/exactly one of --weights .* and --random-weights/);
  });
});
