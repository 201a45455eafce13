/**
 * The wasm target stores a network input of a few channels packed — C floats per pixel, no padding
 * lane (emit/wasm/kernels/buffer.ts) — when every reader is a stem walking window rows (conv2d's
 * `taps: 'rows'`), so the stem's k-loop multiplies no zero lane. Each case: whether the input is
 * packed, the interpreter's result (1e-5 relative), the same bits on a second run from the memory
 * the first left (the border refilled), and on two threads with every ranged kernel split the bits
 * of one thread.
 */
import { describe, expect, it } from 'vitest';
import { input, model, type Graph } from '@stride/dsl';
import { interpret, seededWeights } from '@stride/runtime';
import { compileGraph, wasmTargetWith } from '../src/index.js';
import { importBundle } from './load.js';
import { bytesOf, placeNhwc, stridesOf } from '../src/emit/wasm/kernels/buffer.js';
import { conv2dKernel } from '../src/emit/wasm/kernels/conv2d.js';
import { depthwiseKernel } from '../src/emit/wasm/kernels/depthwise.js';

/** Each case: a network, its input's [N, C, H, W], and whether the input is stored packed. */
const cases: Array<[label: string, graph: () => Graph, shape: [number, number, number, number], packed: boolean]> = [
  ['an RGB stem, 7×7/2 with padding 3 (ResNet\'s), width a multiple of 4', () => {
    const x = input([2, 3, 20, 16], { name: 'image' });
    const out = x.conv2d({ outChannels: 16, kernelSize: 7, stride: 2, padding: 3, bias: false }).relu().conv2d({ outChannels: 4, kernelSize: 1 });
    return model({ name: 'stem7', inputs: { image: x }, outputs: { out } }).toIR();
  }, [2, 3, 20, 16], true],
  ['an RGB stem, 3×3/2 with padding 1, width 4k + 3 (the row\'s last pixels one by one)', () => {
    const x = input([1, 3, 13, 15], { name: 'image' });
    const out = x.conv2d({ outChannels: 8, kernelSize: 3, stride: 2, padding: 1 }).relu6();
    return model({ name: 'stem3', inputs: { image: x }, outputs: { out } }).toIR();
  }, [1, 3, 13, 15], true],
  ['two stems read the input', () => {
    const x = input([1, 3, 12, 12], { name: 'image' });
    const a = x.conv2d({ outChannels: 8, kernelSize: 3, padding: 1 });
    const b = x.conv2d({ outChannels: 8, kernelSize: 5, padding: 2 });
    return model({ name: 'twostems', inputs: { image: x }, outputs: { a, b } }).toIR();
  }, [1, 3, 12, 12], true],
  ['5 channels (the scalar conversion), 3×3 without padding', () => {
    const x = input([1, 5, 9, 10], { name: 'image' });
    const out = x.conv2d({ outChannels: 12, kernelSize: 3 }).sigmoid();
    return model({ name: 'five', inputs: { image: x }, outputs: { out } }).toIR();
  }, [1, 5, 9, 10], true],
  ['an input a pooling also reads keeps whole-vector pixels', () => {
    const x = input([1, 3, 12, 12], { name: 'image' });
    const a = x.conv2d({ outChannels: 8, kernelSize: 3, padding: 1 });
    const b = x.maxPool2d({ kernelSize: 2 });
    return model({ name: 'pooled', inputs: { image: x }, outputs: { a, b } }).toIR();
  }, [1, 3, 12, 12], false],
  ['reflect padding keeps whole-vector pixels', () => {
    const x = input([1, 3, 12, 12], { name: 'image' });
    const out = x.conv2d({ outChannels: 8, kernelSize: 3, padding: 1, paddingMode: 'reflect' });
    return model({ name: 'reflect', inputs: { image: x }, outputs: { out } }).toIR();
  }, [1, 3, 12, 12], false],
  ['4 channels (no padding lane to save) keep whole-vector pixels', () => {
    const x = input([1, 4, 12, 12], { name: 'image' });
    const out = x.conv2d({ outChannels: 8, kernelSize: 3, padding: 1 });
    return model({ name: 'four', inputs: { image: x }, outputs: { out } }).toIR();
  }, [1, 4, 12, 12], false],
];

const inputOf = (shape: number[], phase: number) => ({ image: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(0.37 * i + phase)) });
const bits = (outputs: Record<string, Float32Array>) => Object.fromEntries(Object.entries(outputs).map(([name, v]) => [name, Array.from(new Uint32Array(v.buffer, v.byteOffset, v.length))]));

describe('a packed network input (wasm)', () => {
  it.each(cases)('%s', async (_label, make, shape, packed) => {
    const graph = make();
    const weights = seededWeights(graph, 1);
    const compiled = compileGraph(graph, weights, { batch: shape[0], target: 'wasm' });
    expect(compiled.artifact.text).toContain('NCHW → NHWC');
    expect(compiled.artifact.text!.includes(`NHWC packed (${shape[1]} floats per pixel)`)).toBe(packed);
    const bundle = await importBundle(compiled, graph.name);
    const net = await bundle.create();
    try {
      const inputs = inputOf(shape, 0);
      const actual = Object.fromEntries(Object.entries(net.run(inputs)).map(([name, v]) => [name, v.slice()]));
      const expected = interpret(graph, weights, inputs);
      for (const name of Object.keys(expected)) {
        const scale = Math.max(1, ...expected[name].map(Math.abs));
        const worst = Math.max(...expected[name].map((v, i) => Math.abs(actual[name][i] - v)));
        expect(worst / scale, name).toBeLessThanOrEqual(1e-5);
      }
      // Another input, then the first again: the same bits from the memory the runs left.
      net.run(inputOf(shape, 1));
      expect(bits(net.run(inputs))).toEqual(bits(actual));
    } finally {
      net.dispose();
    }
  });

  it.each(cases)('%s: two threads give the bits of one', async (_label, make, shape) => {
    const graph = make();
    const compiled = compileGraph(graph, seededWeights(graph, 1), { batch: shape[0], target: wasmTargetWith({ split: 'every' }) });
    const bundle = await importBundle(compiled, graph.name);
    const one = await bundle.create();
    const two = await bundle.create({ threads: 2 });
    try {
      expect(two.threads).toBe(2);
      const inputs = inputOf(shape, 2);
      expect(bits(two.run(inputs))).toEqual(bits(one.run(inputs)));
    } finally {
      one.dispose();
      two.dispose();
    }
  });

  it('only kernels that say they read packed pixels get their strides: any other refuses one when it is generated', () => {
    const packed = placeNhwc(0, { batch: 1, height: 8, width: 8, channels: 3 }, { top: 1, bottom: 1, left: 1, right: 1 }, true);
    expect(stridesOf(packed, { packed: true })).toEqual({ pixel: 12, row: 120, image: 1200 });
    expect(bytesOf(packed)).toBe(1200);
    expect(() => stridesOf(packed)).toThrow(/packed buffer \(3 floats per pixel, no padding lane\)/);
    const output = placeNhwc(4096, { batch: 1, height: 8, width: 8, channels: 3 });
    const window = { kernel: [3, 3] as [number, number], stride: [1, 1] as [number, number], dilation: [1, 1] as [number, number], padding: { top: 1, left: 1 } };
    expect(() => depthwiseKernel({ name: 'dw', input: packed, output, ...window, weights: 8192 })).toThrow(/packed buffer/);
    // The stem reads it by window rows; tap by tap it would be a vector kernel's read.
    expect(() => conv2dKernel({ name: 'taps', input: packed, output, ...window, groups: 1, weights: 8192 })).toThrow(/packed buffer/);
    expect(() => conv2dKernel({ name: 'rows', input: packed, output, ...window, groups: 1, weights: 8192, taps: 'rows' })).not.toThrow();
  });
});
