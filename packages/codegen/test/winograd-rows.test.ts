/**
 * The 1-D Winograd F(m, r) kernel (`conv2d/winograd-rows`) against the reference interpreter (1e-5
 * relative): kernel sizes 3 to 7 and non-square ones, partial last tiles, vertical stride and
 * dilation, every padding mode, batches, output-channel counts that leave narrower GEMM blocks, bias
 * or none, fused residual add and activation, row chunks — and NaN/±∞ inputs, which take the direct
 * fallback chunk by chunk so they reach exactly the outputs whose window holds them.
 */
import { describe, expect, it } from 'vitest';
import { add, input, model, type Graph, type PaddingMode } from '@stride/dsl';
import { interpret, mulberry32, seededWeights } from '@stride/runtime';
import { compileGraph } from '../src/index.js';
import { chooseConv2dKernel, directCost, winogradRowsCost } from '../src/emit/js/convKernel.js';
import { maxWinogradTile, winogradMatrices, winogradScheme } from '../src/plan/winograd.js';
import type { JsKernel } from '../src/emit/js/kernel.js';
import { runCompiled } from './load.js';

interface Case {
  batch: number;
  channels: number;
  outChannels: number;
  size: [number, number];
  kernelSize: number | [number, number];
  stride?: number | [number, number];
  dilation?: number | [number, number];
  padding?: number | [number, number] | 'same';
  paddingMode?: PaddingMode;
  bias?: boolean;
  residual?: boolean;
}

function network(c: Case): Graph {
  const x = input([c.batch, c.channels, c.size[0], c.size[1]], { name: 'x' }) as never as { conv2d(o: object): never };
  const conv = x.conv2d({
    outChannels: c.outChannels, kernelSize: c.kernelSize, stride: c.stride ?? 1, dilation: c.dilation ?? 1, padding: c.padding ?? 0,
    paddingMode: c.paddingMode ?? 'zeros', bias: c.bias ?? true, name: 'conv',
  });
  const y = c.residual ? (add(x as never, conv) as unknown as { relu(): never }).relu() : conv;
  return model({ name: 'winograd-rows', inputs: { x: x as never }, outputs: { y } }).toIR();
}

const cases: Case[] = [
  { batch: 1, channels: 1, outChannels: 6, size: [32, 32], kernelSize: 5 },
  { batch: 1, channels: 6, outChannels: 16, size: [14, 14], kernelSize: 5 },
  { batch: 2, channels: 3, outChannels: 7, size: [17, 23], kernelSize: 5, padding: 2, paddingMode: 'reflect' },
  { batch: 1, channels: 4, outChannels: 5, size: [13, 19], kernelSize: [3, 5], padding: [1, 2], paddingMode: 'replicate', bias: false },
  { batch: 1, channels: 2, outChannels: 12, size: [20, 21], kernelSize: [5, 3], stride: [2, 1], padding: 1, paddingMode: 'circular' },
  { batch: 1, channels: 3, outChannels: 8, size: [21, 18], kernelSize: 5, dilation: [2, 1] },
  { batch: 1, channels: 8, outChannels: 8, size: [15, 15], kernelSize: 5, padding: 'same', residual: true },
  { batch: 1, channels: 3, outChannels: 9, size: [29, 30], kernelSize: 7, padding: 3 },
  { batch: 1, channels: 16, outChannels: 16, size: [97, 96], kernelSize: 5, padding: 2 },
  // Few tiles per row, channel blocks 4, 4, 2; then the same in row chunks.
  { batch: 1, channels: 6, outChannels: 10, size: [15, 11], kernelSize: 5 },
  { batch: 1, channels: 64, outChannels: 64, size: [83, 8], kernelSize: 5 },
];

function maxRelative(out: Float32Array, expected: Float32Array): number {
  let scale = 1;
  let diff = 0;
  for (let i = 0; i < expected.length; i++) {
    scale = Math.max(scale, Math.abs(expected[i]));
    diff = Math.max(diff, Math.abs(out[i] - expected[i]));
  }
  return diff / scale;
}

function rowsStep(graph: Graph, batch: number) {
  const compiled = compileGraph(graph, seededWeights(graph, 3), { batch, target: 'js' });
  const index = compiled.program.steps.findIndex((s) => s.kind === 'conv2d');
  return { compiled, step: compiled.program.steps[index], choice: compiled.kernels[index] as JsKernel };
}

describe('conv2d/winograd-rows vs the interpreter', () => {
  it.each(cases.map((c) => [JSON.stringify(c), c] as const))('%s', async (_label, c) => {
    const graph = network(c);
    const weights = seededWeights(graph, 3);
    const { compiled, choice } = rowsStep(graph, c.batch);
    expect(choice.kernel).toBe('conv2d/winograd-rows');
    const random = mulberry32(c.channels * 97 + c.size[1]);
    const data = Float32Array.from({ length: c.batch * c.channels * c.size[0] * c.size[1] }, () => random() * 4 - 2);
    const out = (await runCompiled(compiled, { x: data })).y;
    const expected = interpret(graph, weights, { x: data }).y;
    expect(out.length).toBe(expected.length);
    // Float64 transforms: as close to the interpreter as direct convolution.
    expect(maxRelative(out, expected)).toBeLessThanOrEqual(1e-6);
  });

  it('covers rows of fewer than 4 tiles, whole and in chunks', () => {
    for (const c of [cases[9], cases[10]]) expect(rowsStep(network(c), 1).choice.winogradRows!.tiles).toBeLessThan(4);
    const chunked = rowsStep(network(cases[10]), 1);
    expect(chunked.choice.winogradRows!.chunkRows).toBeLessThan(chunked.step.output.shape[2]);
  });

  it('splits a large layer into row chunks, the last one shorter', () => {
    const { step, choice } = rowsStep(network(cases[8]), 1);
    const plan = choice.winogradRows!;
    expect(plan.chunkRows).toBeLessThan(step.output.shape[2]);
    expect(step.output.shape[2] % plan.chunkRows).not.toBe(0);
  });

  it('keeps NaN and ±∞ to exactly the outputs whose window holds them, chunk by chunk', async () => {
    for (const c of [cases[2], cases[8]]) {
      const graph = network(c);
      const weights = seededWeights(graph, 3);
      const { compiled } = rowsStep(graph, c.batch);
      const [h, w] = c.size;
      const data = Float32Array.from({ length: c.batch * c.channels * h * w }, (_, i) => Math.sin(i) * 0.5);
      data[1 * h * w + 5 * w + 7] = NaN;
      data[(c.channels - 1) * h * w + (h - 3) * w + 2] = Infinity;
      data[(c.channels - 1) * h * w + (h - 3) * w + 3] = -Infinity;
      const out = (await runCompiled(compiled, { x: data })).y;
      const expected = interpret(graph, weights, { x: data }).y;
      let nonFinite = 0;
      for (let i = 0; i < expected.length; i++) {
        if (Number.isNaN(expected[i])) expect(out[i]).toBeNaN();
        else if (!Number.isFinite(expected[i])) expect(out[i]).toBe(expected[i]);
        else expect(Math.abs(out[i] - expected[i])).toBeLessThan(1e-5);
        if (!Number.isFinite(expected[i])) nonFinite++;
      }
      expect(nonFinite).toBeGreaterThan(0);
      expect(nonFinite).toBeLessThan(expected.length / 4);
    }
  });

  it('is chosen only where it applies, and where the cost model expects it to pay', () => {
    const attrsFor = (graph: Graph) => graph.nodes.find((n) => n.op === 'conv2d')!;
    const choose = (c: Case) => {
      const node = attrsFor(network(c)) as Extract<Graph['nodes'][number], { op: 'conv2d' }>;
      const inShape = [c.batch, c.channels, c.size[0], c.size[1]];
      return chooseConv2dKernel(node.attrs, inShape, node.shape as number[], true).kernel;
    };
    const lenetConv2: Case = { batch: 1, channels: 6, outChannels: 16, size: [14, 14], kernelSize: 5 };
    expect(choose(lenetConv2)).toBe('conv2d/winograd-rows');
    expect(choose({ ...lenetConv2, stride: 2 })).not.toBe('conv2d/winograd-rows'); // stride along x
    expect(choose({ ...lenetConv2, dilation: [1, 2] })).not.toBe('conv2d/winograd-rows'); // dilation along x
    expect(choose({ ...lenetConv2, kernelSize: [5, 1] })).not.toBe('conv2d/winograd-rows'); // one tap per row
    const node = attrsFor(network(lenetConv2)) as Extract<Graph['nodes'][number], { op: 'conv2d' }>;
    expect(chooseConv2dKernel(node.attrs, [1, 6, 14, 14], [1, 16, 10, 10], false).kernel).toBe('conv2d/direct-4x4'); // non-finite weights
    // LeNet-5's 6 → 16 layer: the model ranks the tile sizes as they measured on an AMD EPYC (Zen 4)
    // with Node 20, in µs: F(10, 5) 39.9, F(5, 5) 47.5, F(6, 5) 56, F(4, 5) 65, F(8, 5) 66, direct 121.
    const cost = (m: number) => winogradRowsCost(m, 5, 6, 16, 10, 10, 5, 14, 4);
    const ranked = [10, 5, 6, 4, 8].map(cost);
    expect(ranked).toEqual([...ranked].sort((a, b) => a - b));
    expect(ranked.at(-1)!).toBeLessThan(directCost(6, 16, 10, 10, 5, 5, 1, 1));
    expect(choose(lenetConv2)).toBe('conv2d/winograd-rows');
  });
});

/**
 * Checks Aᵀ[(G g) ⊙ (Bᵀ d)] against y_j = Σ_k g_k d_{stride·j + k} for random d and g: the shapes
 * (m × n, n × r, n × n) and every output within 1e-9.
 */
function expectCorrelation(matrices: { AT: number[][]; G: number[][]; BT: number[][] }, m: number, r: number, n: number, stride: number, random: () => number, label: string): void {
  const { AT, G, BT } = matrices;
  expect([AT.length, AT[0].length, G.length, G[0].length, BT.length, BT[0].length]).toEqual([m, n, n, r, n, n]);
  const d = Array.from({ length: n }, () => random() * 2 - 1);
  const g = Array.from({ length: r }, () => random() * 2 - 1);
  const product = G.map((row, x) => row.reduce((s, c, k) => s + c * g[k], 0) * BT[x].reduce((s, c, j) => s + c * d[j], 0));
  for (let i = 0; i < m; i++) {
    const winograd = AT[i].reduce((s, c, x) => s + c * product[x], 0);
    const direct = g.reduce((s, c, k) => s + c * d[stride * i + k], 0);
    expect(Math.abs(winograd - direct), `${label} output ${i}`).toBeLessThan(1e-9);
  }
}

describe('winogradMatrices (Cook–Toom)', () => {
  it('gives Aᵀ[(G g) ⊙ (Bᵀ d)] = the correlation of d with g for every supported F(m, r)', () => {
    const random = mulberry32(11);
    for (let n = 2; n <= maxWinogradTile; n++) {
      for (let r = 1; r < n; r++) {
        const m = n - r + 1;
        expectCorrelation(winogradMatrices(m, r), m, r, n, 1, random, `F(${m}, ${r})`);
      }
    }
  });

  it('at stride 2 gives y_j = Σ_k g_k d_{2j+k} from the even and odd taps side by side', () => {
    const random = mulberry32(12);
    for (const [m, r] of [[2, 3], [4, 3], [3, 5], [2, 7], [4, 7], [4, 2], [3, 4]]) {
      const scheme = winogradScheme(m, r, 2);
      expect(scheme.n, `F(${m}, ${r}/2)`).toBe(2 * m + r - 2);
      expectCorrelation(scheme, m, r, scheme.n, 2, random, `F(${m}, ${r}/2)`);
    }
    // A 1-tap phase is the identity: F(2, 3/2)'s odd phase passes the patch's odd entries through.
    expect(winogradScheme(2, 3, 2).exact.BT.slice(3)).toEqual([['0', '1', '0', '0', '0'], ['0', '0', '0', '1', '0']]);
    expect(winogradScheme(4, 3, 1)).toMatchObject(winogradMatrices(4, 3));
    expect(() => winogradScheme(4, 1, 2)).toThrow(/2 taps or more/);
  });

  it('matches the documented F(2, 3) and refuses tiles past its point list', () => {
    expect(winogradMatrices(2, 3).AT).toEqual([[1, 1, 1, 0], [0, 1, -1, 1]]);
    expect(() => winogradMatrices(maxWinogradTile, 2)).toThrow(/supported are 1…16/);
  });
});
