/**
 * A gather between two reshapes lowered as one gather (plan/gather.ts, `composeGather`): ShuffleNet's
 * channel shuffle — reshape to [N, g, C/g, H, W], permute [0, 2, 1, 3, 4], flatten back — and a
 * DCR depth-to-space (6-D reshape, permute, reshape) become one step from the first reshape's input,
 * on both targets, with the interpreter's bits (a gather only copies). A chain that is not separable
 * by output dimension keeps its three steps.
 */
import { describe, expect, it } from 'vitest';
import { input, model, type Graph, type Tensor } from '@stride/dsl';
import { interpret, seededWeights } from '@stride/runtime';
import { compileGraph } from '../src/index.js';
import { composeGather, gatherAxes, stridesOf } from '../src/plan/gather.js';
import { runCompiled } from './load.js';

/** A tensor driven from untyped code (the shapes vary by case), as the property test does. */
type Any = { readonly shape: readonly (number | string)[] } & { [method: string]: (...args: unknown[]) => Any };

/** x.reshape([N, g, C/g, H, W]).permute([0, 2, 1, 3, 4]).flatten(1, 2), as torchvision's ShuffleNetV2 writes it. */
const shuffle = (x: Any, groups: number): Any => {
  const [n, c, h, w] = x.shape as number[];
  return x.reshape([n, groups, c / groups, h, w]).permute([0, 2, 1, 3, 4]).flatten(1, 2);
};

const cases: Array<[label: string, shape: number[], graph: (x: Any) => Any]> = [
  ['a bare shuffle of the graph input, 2 groups of 4', [1, 8, 5, 7], (x) => shuffle(x, 2)],
  ['3 groups of 4 between convolutions, batch 2', [2, 12, 6, 6], (x) => shuffle(x.conv2d({ outChannels: 12, kernelSize: 1 }).relu(), 3).conv2d({ outChannels: 5, kernelSize: 3, padding: 1 })],
  ['2 groups of 3 (6 channels: the last vector is part padding)', [1, 6, 4, 9], (x) => shuffle(x, 2)],
  ['2 groups of 96 (192 channels, more than the unrolled gathers take)', [1, 192, 3, 3], (x) => shuffle(x, 2)],
  // ONNX's DepthToSpace in DCR mode (TensorFlow's order), as the importer writes it: a 6-D reshape, a permute, a reshape.
  ['a depth-to-space in DCR order (r = 2, 3 channels out)', [1, 12, 4, 5], (x) => x.reshape([1, 2, 2, 3, 4, 5]).permute([0, 3, 4, 1, 5, 2]).reshape([1, 3, 8, 10])],
];

const build = (shape: number[], body: (x: Any) => Any): Graph => {
  const x = input(shape, { name: 'image' }) as unknown as Any;
  return model({ name: 'shuffle', inputs: { image: x as unknown as Tensor }, outputs: { out: body(x) as unknown as Tensor } }).toIR();
};

describe.each(['js', 'wasm'] as const)('a channel shuffle on the %s target', (target) => {
  it.each(cases)('%s: one gather step, the interpreter\'s bits', async (_label, shape, body) => {
    const graph = build(shape, body);
    const weights = seededWeights(graph, 3);
    const compiled = compileGraph(graph, weights, { batch: shape[0], target });
    const gathers = compiled.report.layers.filter((l) => l.kernel.startsWith('gather'));
    expect(gathers.map((l) => l.layers.map((label) => label.split(' ')[0]).join('+'))).toEqual([graph.nodes.some((n) => n.op === 'flatten') ? 'reshape+permute+flatten' : 'reshape+permute+reshape']);
    const image = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 0.37) * 3);
    const actual = (await runCompiled(compiled, { image })).out;
    const expected = interpret(graph, weights, { image }).out;
    const convolved = graph.nodes.some((n) => n.op === 'conv2d');
    for (let i = 0; i < expected.length; i++) {
      if (convolved) expect(Math.abs(actual[i] - expected[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected[i])));
      else expect(Object.is(actual[i], expected[i]), `element ${i}`).toBe(true);
    }
  });

  it('a chain that is not separable by output dimension keeps its three steps, and is still right', async () => {
    // [1, 4, 3, 5] → [1, 12, 5] → permute [0, 2, 1] → [1, 4, 3, 5]: output (c, y, x) reads row-major
    // element (x·12 + c·3 + y) split back over [4, 3, 5]'s digits, which no per-axis sum gives.
    const graph = build([1, 4, 3, 5], (x) => x.reshape([1, 12, 5]).permute([0, 2, 1]).reshape([1, 4, 3, 5]));
    const compiled = compileGraph(graph, seededWeights(graph, 0), { batch: 1, target });
    expect(compiled.report.layers.filter((l) => l.kernel.startsWith('gather'))).toHaveLength(1);
    expect(compiled.report.layers.map((l) => l.layers[0].split(' ')[0])).toEqual(expect.arrayContaining(['reshape', 'permute']));
    const image = Float32Array.from({ length: 60 }, (_, i) => i - 30.5);
    const actual = (await runCompiled(compiled, { image })).out;
    expect(Array.from(actual)).toEqual(Array.from(interpret(graph, seededWeights(graph, 0), { image }).out));
  });
});

describe('the wasm gather of a channel shuffle', () => {
  it('makes each output vector from two input vectors and one shuffle, no single floats', () => {
    const graph = build([1, 8, 3, 3], (x) => shuffle(x, 2));
    const text = compileGraph(graph, seededWeights(graph, 0), { batch: 1, target: 'wasm' }).artifact.text!;
    const gather = text.slice(text.indexOf(';; gather'), text.indexOf('(func', text.indexOf(';; gather')));
    expect(gather).toContain('channels unrolled as vector shuffles');
    // Channels 0 4 1 5, then 2 6 3 7: lanes of the input's vectors 0 and 1.
    expect(gather.match(/i8x16\.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23\b/g)).toHaveLength(1);
    expect(gather.match(/i8x16\.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31\b/g)).toHaveLength(1);
    expect(gather).not.toMatch(/f32\.(load|store)/);
  });
});

describe('composeGather', () => {
  it('gives the channel shuffle\'s tables: output channel c·g + i from input channel i·C/g + c', () => {
    const [c, h, w, g] = [6, 2, 3, 2];
    const five = [1, g, c / g, h, w];
    const permuted = [1, c / g, g, h, w];
    const { axes } = gatherAxes({ op: 'permute', attrs: { dims: [0, 2, 1, 3, 4] } } as never, five, permuted);
    const composed = composeGather(axes, permuted, [1, c, h, w])!;
    const plane = h * w;
    expect(composed[1]).toEqual(Array.from({ length: c }, (_, k) => ((k % g) * (c / g) + Math.floor(k / g)) * plane));
    expect(composed[2]).toEqual([0, w]);
    expect(composed[3]).toEqual([0, 1, 2]);
    expect(stridesOf([1, c, h, w])[1]).toBe(plane);
  });

  it('declines a gather that fills (constant padding)', () => {
    const { axes } = gatherAxes({ op: 'pad', attrs: { mode: 'constant', value: 0, padding: { top: 1, bottom: 0, left: 0, right: 0 } } } as never, [1, 2, 3], [1, 3, 3]);
    expect(composeGather(axes, [1, 3, 3], [1, 9])).toBeUndefined();
  });
});
