/**
 * The Winograd F(2×2, 3×3) kernel against the reference interpreter (1e-5 relative): odd and even
 * output sizes (partial edge tiles), every padding mode, no padding and uneven padding, batches, bias
 * or none, a fused residual add and activation, several chunks of tile rows and tile counts that are
 * not a multiple of 4, input channels that are not.
 */
import { describe, expect, it } from 'vitest';
import { add, input, model, type Graph, type PaddingMode } from '@stride/dsl';
import { interpret, mulberry32, seededWeights } from '@stride/runtime';
import { compileGraph } from '../src/index.js';
import type { JsKernel } from '../src/emit/js/kernel.js';
import { runCompiled } from './load.js';

interface Case {
  batch: number;
  channels: number;
  outChannels: number;
  size: [number, number];
  padding: 0 | 1 | [number, number] | 'same';
  paddingMode: PaddingMode;
  bias: boolean;
  residual: boolean;
}

function network(c: Case): Graph {
  const x = input([c.batch, c.channels, c.size[0], c.size[1]], { name: 'x' }) as never as { conv2d(o: object): never };
  const conv = x.conv2d({ outChannels: c.outChannels, kernelSize: 3, padding: c.padding, paddingMode: c.paddingMode, bias: c.bias, name: 'conv' });
  // The residual case: conv output + the input, then relu, fused into the Winograd step's epilogue.
  const y = c.residual ? (add(x as never, conv) as unknown as { relu(): never }).relu() : conv;
  return model({ name: 'winograd', inputs: { x: x as never }, outputs: { y } }).toIR();
}

const cases: Case[] = [
  { batch: 1, channels: 16, outChannels: 16, size: [6, 6], padding: 0, paddingMode: 'zeros', bias: true, residual: false },
  { batch: 1, channels: 16, outChannels: 20, size: [7, 9], padding: 1, paddingMode: 'zeros', bias: true, residual: false },
  { batch: 2, channels: 17, outChannels: 16, size: [11, 6], padding: 1, paddingMode: 'reflect', bias: false, residual: false },
  { batch: 1, channels: 24, outChannels: 24, size: [9, 9], padding: 'same', paddingMode: 'replicate', bias: true, residual: true },
  { batch: 3, channels: 16, outChannels: 16, size: [8, 10], padding: 1, paddingMode: 'circular', bias: true, residual: true },
  { batch: 1, channels: 20, outChannels: 32, size: [13, 8], padding: [1, 2], paddingMode: 'zeros', bias: true, residual: false },
  { batch: 1, channels: 48, outChannels: 48, size: [34, 34], padding: 1, paddingMode: 'zeros', bias: true, residual: true },
  { batch: 2, channels: 64, outChannels: 16, size: [21, 27], padding: 0, paddingMode: 'zeros', bias: false, residual: false },
];

describe('conv2d/winograd-2x2 vs the interpreter', () => {
  it.each(cases.map((c) => [JSON.stringify(c), c] as const))('%s', async (_label, c) => {
    const graph = network(c);
    const weights = seededWeights(graph, 7);
    const compiled = compileGraph(graph, weights, { batch: c.batch, target: 'js' });
    expect(compiled.kernels[compiled.program.steps.findIndex((s) => s.kind === 'conv2d')].kernel).toBe('conv2d/winograd-2x2');
    const random = mulberry32(c.channels * 131 + c.size[0]);
    const data = Float32Array.from({ length: c.batch * c.channels * c.size[0] * c.size[1] }, () => random() * 4 - 2);
    const out = (await runCompiled(compiled, { x: data })).y;
    const expected = interpret(graph, weights, { x: data }).y;
    let scale = 1;
    let diff = 0;
    for (let i = 0; i < expected.length; i++) {
      scale = Math.max(scale, Math.abs(expected[i]));
      diff = Math.max(diff, Math.abs(out[i] - expected[i]));
    }
    expect(out.length).toBe(expected.length);
    expect(diff / scale).toBeLessThanOrEqual(1e-5);
  });

  it('keeps NaN and Infinity to the outputs whose window holds them, as direct convolution does', async () => {
    const c = cases[1];
    const graph = network(c);
    const weights = seededWeights(graph, 7);
    const compiled = compileGraph(graph, weights, { target: 'js' });
    const data = new Float32Array(c.channels * c.size[0] * c.size[1]).fill(0.25);
    data[3 * c.size[0] * c.size[1] + 2 * c.size[1] + 4] = NaN;
    data[9 * c.size[0] * c.size[1] + 6 * c.size[1] + 8] = Infinity;
    const out = (await runCompiled(compiled, { x: data })).y;
    const expected = interpret(graph, weights, { x: data }).y;
    // Where the interpreter is finite, so is the Winograd result (and close); where it is NaN, so is
    // Winograd's. An infinite sum may come out as NaN: the transforms add ±∞ terms that direct
    // convolution keeps apart, as in other Winograd implementations.
    for (let i = 0; i < expected.length; i++) {
      if (Number.isFinite(expected[i])) expect(Math.abs(out[i] - expected[i])).toBeLessThan(1e-4);
      else if (Number.isNaN(expected[i])) expect(out[i]).toBeNaN();
      else expect(Number.isFinite(out[i])).toBe(false);
    }
    expect(expected.some(Number.isNaN)).toBe(true);
  });

  it('chunks the 48-channel 34×34 case into several tile-row chunks with a tile tail', () => {
    const graph = network(cases[6]);
    const compiled = compileGraph(graph, seededWeights(graph, 7), { target: 'js' });
    const plan = (compiled.kernels[compiled.program.steps.findIndex((s) => s.kind === 'conv2d')] as JsKernel).winograd;
    expect(plan!.tileRows / plan!.rows).toBeGreaterThan(1);
    expect((plan!.rows * plan!.tileCols) % 4).not.toBe(0);
  });

  it('keeps direct convolution where Winograd does not pay or does not apply', () => {
    const kernelFor = (options: object, channels = 32) => {
      const x = input([1, channels, 12, 12], { name: 'x' }) as never as { conv2d(o: object): never };
      const graph = model({ inputs: { x: x as never }, outputs: { y: x.conv2d({ outChannels: 32, kernelSize: 3, ...options }) } }).toIR();
      return compileGraph(graph, seededWeights(graph, 1), { target: 'js' }).kernels[0].kernel;
    };
    expect(kernelFor({})).toBe('conv2d/winograd-2x2');
    expect(kernelFor({ stride: 2 })).toBe('conv2d/direct-4x4');
    expect(kernelFor({ dilation: 2 })).toBe('conv2d/direct-4x4');
    expect(kernelFor({ groups: 2 })).toBe('conv2d/grouped');
    // Too few input channels to pay for 2-D tile transforms (the cost model may take 1-D Winograd).
    expect(kernelFor({}, 3)).not.toBe('conv2d/winograd-2x2');
  });
});
