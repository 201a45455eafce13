/**
 * The gather kernel (pad, slice, permute, pixelShuffle) in NHWC, against the reference interpreter:
 * its byte tables read the input's own buffer (a border a consumer asked for, a channel slice of a
 * wider pixel), whole pixels are copied as vectors exactly when the channels are the input's own in
 * order, and outputs placed as channel slices of a concat (an odd channel count last) keep their
 * neighbours' channels and their padding lanes finite.
 */
import { describe, expect, it } from 'vitest';
import { concat, input, model, type NodeOf } from '@stride/dsl';
import { interpret, seededWeights } from '@stride/runtime';
import { compileGraph } from '../../src/index.js';
import { gatherAxes } from '../../src/plan/gather.js';
import { copiesPixels, gatherByteTables } from '../../src/emit/wasm/kernels/gather.js';
import { placeNhwc, stridesOf } from '../../src/emit/wasm/kernels/buffer.js';
import { runCompiled } from '../load.js';

const tablesOf = (build: (x: ReturnType<typeof input<[2, 6, 5, 7]>>) => { node: unknown }, border = { top: 1, bottom: 2, left: 3, right: 0 }) => {
  const x = input([2, 6, 5, 7]);
  const node = build(x).node as NodeOf<'pad'> & { shape: number[] };
  const buffer = placeNhwc(0, { batch: 2, channels: 6, height: 5, width: 7 }, border);
  const { axes } = gatherAxes(node, [2, 6, 5, 7], node.shape);
  return { tables: gatherByteTables(axes, [2, 6, 5, 7], buffer), buffer, output: placeNhwc(0, { batch: node.shape[0], channels: node.shape[1], height: node.shape[2], width: node.shape[3] }) };
};

describe('gather tables', () => {
  it('are byte offsets in the input buffer, border and all; −1 in constant padding', () => {
    const { tables, buffer } = tablesOf((x) => x.pad([2, 1, 1, 0]));
    const strides = stridesOf(buffer);
    expect(tables.batch).toEqual([0, strides.image]);
    expect(tables.channels).toEqual([0, 4, 8, 12, 16, 20]);
    expect(tables.height).toEqual([-1, 0, 1, 2, 3, 4].map((y) => (y < 0 ? -1 : y * strides.row)));
    expect(tables.width).toEqual([-1, -1, 0, 1, 2, 3, 4, 5, 6, -1].map((x) => (x < 0 ? -1 : x * strides.pixel)));
  });
  it('read reflect, circular and pixelShuffle sources where PyTorch does', () => {
    const reflect = tablesOf((x) => x.pad([2, 2, 0, 0], { mode: 'reflect' }));
    expect(reflect.tables.width.map((b) => b / stridesOf(reflect.buffer).pixel)).toEqual([2, 1, 0, 1, 2, 3, 4, 5, 6, 5, 4]);
    const circular = tablesOf((x) => x.pad([0, 0, 2, 3], { mode: 'circular' }));
    expect(circular.tables.height.map((b) => b / stridesOf(circular.buffer).row)).toEqual([3, 4, 0, 1, 2, 3, 4, 0, 1, 2]);
    const x = input([1, 8, 2, 3]);
    const node = x.pixelShuffle(2).node as unknown as NodeOf<'pixelShuffle'> & { shape: number[] };
    const buffer = placeNhwc(0, { batch: 1, channels: 8, height: 2, width: 3 });
    const t = gatherByteTables(gatherAxes(node, [1, 8, 2, 3], node.shape).axes, [1, 8, 2, 3], buffer);
    const { row, pixel } = stridesOf(buffer);
    // out (c, y, x) ← in (4c + 2·(y mod 2) + x mod 2, ⌊y / 2⌋, ⌊x / 2⌋)
    expect(t.channels).toEqual([0, 16]);
    expect(t.height).toEqual([0, 8, row, row + 8]);
    expect(t.width).toEqual([0, 4, pixel, pixel + 4, 2 * pixel, 2 * pixel + 4]);
  });
  it('copy whole pixels as vectors for pad and slices of H and W, element by element for the rest', () => {
    const vectors = (build: Parameters<typeof tablesOf>[0]) => {
      const { tables, buffer, output } = tablesOf(build);
      return copiesPixels(tables, buffer, output);
    };
    expect(vectors((x) => x.pad(1, { mode: 'replicate' }))).toBe(true);
    expect(vectors((x) => x.slice({ dim: 3, start: 1, step: 2 }))).toBe(true);
    expect(vectors((x) => x.slice({ dim: 0, start: 1 }))).toBe(true);
    expect(vectors((x) => x.slice({ dim: 1, start: 2 }))).toBe(false);
    expect(vectors((x) => x.permute([0, 1, 3, 2]))).toBe(true);
    expect(vectors((x) => x.permute([0, 2, 3, 1]))).toBe(false);
  });
});

describe('gather in networks, compiled for wasm and JS = interpreted', () => {
  it('into channel slices of a concat, from buffers with borders, and through 5-D permutes', async () => {
    const image = input([2, 6, 7, 5], { name: 'image' });
    const features = image.conv2d({ outChannels: 8, kernelSize: 1 });
    // Both pads are placed into the concat's channels (8 then 6: the last ends mid-vector); the concat
    // is read by a zero-padded conv, so it carries a border; the conv's output is read with one too.
    const joined = concat([features.pad([1, 1, 2, 0], { mode: 'reflect' }), image.pad([1, 1, 2, 0], { mode: 'circular' })]);
    const mixed = joined.conv2d({ outChannels: 12, kernelSize: 3, padding: 1 });
    const cropped = mixed.slice({ dim: 2, start: 1, end: -1 }).slice({ dim: 1, start: 2, end: 11, step: 3 });
    const shuffled = mixed.pixelShuffle(2).conv2d({ outChannels: 3, kernelSize: 3, padding: 1, paddingMode: 'circular' });
    const nhwc = mixed.permute([0, 2, 3, 1]).reshape([2, 9, 7, 3, 4]).permute([4, 0, 2, 1, 3]);
    const net = model({ name: 'gather', inputs: { image }, outputs: { cropped, shuffled, nhwc, filled: mixed.pad([0, 0, 1, 2], { value: 2.5 }) } });
    const graph = net.toIR();
    const weights = seededWeights(graph, 7);
    const inputs = { image: Float32Array.from({ length: 2 * 6 * 7 * 5 }, (_, i) => Math.sin(i * 0.37)) };
    const expected = interpret(graph, weights, inputs);
    for (const target of ['wasm', 'js'] as const) {
      const actual = await runCompiled(compileGraph(graph, weights, { batch: 2, target }), inputs);
      for (const name of Object.keys(expected)) {
        const worst = expected[name].reduce((w, v, i) => Math.max(w, Math.abs(v - actual[name][i])), 0);
        expect(worst, `${target} ${name}`).toBeLessThan(1e-5);
      }
    }
  });
  it('unrolls the channels where nothing is filled and a pixel has at most 128 of them (1024 where each vector is a shuffle of two), and loops over them otherwise', async () => {
    const image = input([1, 8, 6, 6], { name: 'image' });
    const wide = image.conv2d({ outChannels: 160, kernelSize: 1 });
    const wider = image.conv2d({ outChannels: 640, kernelSize: 1 });
    const net = model({
      name: 'unrolled', inputs: { image },
      outputs: {
        // ShuffleNet's channel shuffle (reshape, swap, reshape) and a pixel shuffle: unrolled.
        shuffle: image.reshape([1, 2, 4, 6, 6]).permute([0, 2, 1, 3, 4]).reshape([1, 8, 6, 6]),
        pixels: image.pixelShuffle(2),
        // 159 channels from channel 1 on: each vector from two (shuffled), so unrolled too.
        wide: wide.slice({ dim: 1, start: 1 }),
        // 160 channels each from a vector of its own (channel 4c of 640): the loop; features (channels of
        // the 4-D view) padded with a constant: the loop with its fill test.
        scattered: wider.pixelShuffle(2),
        padded: image.adaptiveAvgPool2d(1).flatten().pad([1, 2], { value: 1.5 }),
      },
    });
    const graph = net.toIR();
    const weights = seededWeights(graph, 3);
    const compiled = compileGraph(graph, weights, { batch: 1, target: 'wasm' });
    const gathers = compiled.artifact.text!.split('\n').filter((line) => line.includes('by tables'));
    expect(gathers.filter((line) => line.includes('channels unrolled')).length).toBe(3);
    expect(gathers.filter((line) => !line.includes('channels unrolled') && !line.includes('as vectors')).length).toBe(2);
    const inputs = { image: Float32Array.from({ length: 8 * 36 }, (_, i) => Math.sin(i * 0.23)) };
    const expected = interpret(graph, weights, inputs);
    const actual = await runCompiled(compiled, inputs);
    for (const name of Object.keys(expected)) {
      // What is gathered from the image is its values exactly; the convolution's and the pooling's, to rounding.
      if (!['wide', 'scattered', 'padded'].includes(name)) expect(Array.from(actual[name]), name).toEqual(Array.from(expected[name]));
      else expect(expected[name].reduce((w, v, i) => Math.max(w, Math.abs(v - actual[name][i])), 0), name).toBeLessThan(1e-5);
    }
  });
  it('with a symbolic batch, bound when the network is built', async () => {
    const image = input(['batch', 8, 6, 6], { name: 'image' });
    const y = image.pad([1, 2, 2, 1], { mode: 'replicate' }).slice({ dim: -1, start: 1, end: -1 }).pixelShuffle(2).permute([0, 1, 3, 2]);
    const graph = model({ name: 'symbolic', inputs: { image }, outputs: { y } }).toIR();
    expect(graph.nodes.at(-1)!.shape).toEqual(['batch', 2, 14, 18]);
    const inputs = { image: Float32Array.from({ length: 3 * 8 * 6 * 6 }, (_, i) => Math.cos(i * 0.11)) };
    const expected = interpret(graph, new Map(), inputs);
    for (const target of ['wasm', 'js'] as const) {
      const actual = await runCompiled(compileGraph(graph, new Map(), { batch: 3, target }), inputs);
      expect(actual.y, target).toEqual(expected.y);
    }
  });
});
