/**
 * The wasm target's channel slices as views (emit/wasm/views.ts): a slice of whole vectors of
 * channels (`chunk`, `split`, `slice` on dim 1) runs no code and its readers read the input's
 * storage; the rest stay gathers. Each case against the interpreter (1e-5 relative; a slice read as
 * it lies by an exact consumer, bit for bit), and on two threads with every kernel split, the bits
 * of one.
 */
import { describe, expect, it } from 'vitest';
import { add, concat, input, model, type Graph, type Tensor } from '@stride/dsl';
import { interpret, seededWeights } from '@stride/runtime';
import { compileGraph, wasmTargetWith } from '../src/index.js';
import { importBundle, runCompiled } from './load.js';

/** A tensor driven from untyped code (the shapes vary by case), as the property test does. */
type Any = { readonly shape: readonly (number | string)[] } & { [method: string]: (...args: unknown[]) => Any };

/** Each case: the network's body, and how many of its slices are views. */
const cases: Array<[label: string, shape: number[], body: (x: Any) => Record<string, Any>, views: number]> = [
  ['ShuffleNetV2\'s unit: halves by chunk, a branch on one, concat, channel shuffle', [1, 16, 8, 8], (x) => {
    const [left, right] = x.conv2d({ outChannels: 16, kernelSize: 1 }).relu().chunk(2, 1) as unknown as Any[];
    const branch = right.conv2d({ outChannels: 8, kernelSize: 1 }).relu().conv2d({ outChannels: 8, kernelSize: 3, padding: 1, groups: 8 }).conv2d({ outChannels: 8, kernelSize: 1 }).relu();
    const joined = concat([left, branch] as never) as unknown as Any;
    return { out: joined.reshape([1, 2, 8, 8, 8]).permute([0, 2, 1, 3, 4]).flatten(1, 2) };
  }, 2],
  ['every kind of reader: 3×3 (direct and Winograd) and 1×1 convolutions, depthwise, max and average pools, add, an activation (not in place); a flatten (a view) keeps its slice a gather', [2, 24, 7, 7], (x) => {
    const y = x.conv2d({ outChannels: 24, kernelSize: 1 });
    const [a, b, c] = y.split([12, 8, 4], 1) as unknown as Any[];
    return {
      conv: a.conv2d({ outChannels: 5, kernelSize: 3, padding: 1 }),
      wide: a.conv2d({ outChannels: 16, kernelSize: 3, padding: 1 }).conv2d({ outChannels: 16, kernelSize: 3, padding: 1 }),
      pools: add(a.maxPool2d({ kernelSize: 3, stride: 1, padding: 1 }) as never, a.avgPool2d({ kernelSize: 3, stride: 1, padding: 1 }) as never) as unknown as Any,
      depthwise: b.conv2d({ outChannels: 8, kernelSize: 3, padding: 1, groups: 8 }),
      pointwise: b.conv2d({ outChannels: 6, kernelSize: 1 }),
      sum: add(b.sigmoid() as never, b as never) as unknown as Any,
      head: c.flatten().linear({ outFeatures: 3 }),
      kept: y.conv2d({ outChannels: 2, kernelSize: 1 }),
    };
  }, 2],
  ['readers that fill their border by a padding mode (reflect, replicate, circular) fill only their slice\'s lanes', [1, 16, 6, 7], (x) => {
    const [a, b] = x.conv2d({ outChannels: 24, kernelSize: 1 }).chunk(2, 1) as unknown as Any[];
    return {
      reflect: a.conv2d({ outChannels: 4, kernelSize: 3, padding: 1, paddingMode: 'reflect' }),
      replicate: b.conv2d({ outChannels: 4, kernelSize: 3, padding: 2, dilation: 2, paddingMode: 'replicate' }),
      circular: add(a.conv2d({ outChannels: 12, kernelSize: 3, padding: 1, groups: 12, paddingMode: 'circular' }) as never, b as never) as unknown as Any,
    };
  }, 2],
  ['the last slice ends mid-vector (channels 8–13 of 14), a middle one does not (2–5): a view and a gather', [1, 14, 5, 6], (x) => {
    const y = x.conv2d({ outChannels: 14, kernelSize: 1 }).relu();
    return {
      tail: y.slice({ dim: 1, start: 8 }).conv2d({ outChannels: 3, kernelSize: 1 }),
      middle: y.slice({ dim: 1, start: 2, end: 6 }).conv2d({ outChannels: 3, kernelSize: 1 }),
    };
  }, 1],
  ['a slice read by a few-channel stem walking window rows (4 channels, 3×3) stays a gather, and a graph output too', [1, 8, 6, 6], (x) => {
    const [a, b] = x.chunk(2, 1) as unknown as Any[];
    return { stem: a.conv2d({ outChannels: 8, kernelSize: 3, padding: 1 }), raw: b };
  }, 0],
];

const build = (shape: number[], body: (x: Any) => Record<string, Any>): Graph => {
  const x = input(shape, { name: 'image' }) as unknown as Any;
  return model({ name: 'slices', inputs: { image: x as unknown as Tensor }, outputs: body(x) as unknown as Record<string, Tensor> }).toIR();
};

describe('channel slices as views (wasm)', () => {
  it.each(cases)('%s', async (_label, shape, body, views) => {
    const graph = build(shape, body);
    const weights = seededWeights(graph, 7);
    const compiled = compileGraph(graph, weights, { batch: shape[0], target: 'wasm' });
    expect(compiled.report.layers.filter((l) => l.kernel === 'slice/view')).toHaveLength(views);
    const image = Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i * 0.61) * 2);
    const actual = await runCompiled(compiled, { image });
    const expected = interpret(graph, weights, { image });
    for (const name of Object.keys(expected)) {
      const worst = expected[name].reduce((w, v, i) => Math.max(w, Math.abs(v - actual[name][i]) / Math.max(1, Math.abs(v))), 0);
      expect(worst, name).toBeLessThanOrEqual(1e-5);
    }
    // Two threads, every ranged kernel split: the bits of one.
    const bundle = await importBundle(compileGraph(graph, weights, { batch: shape[0], target: wasmTargetWith({ split: 'every' }) }), 'slices');
    const [one, two] = [await bundle.create({ threads: 1 }), await bundle.create({ threads: 2 })];
    try {
      const first = Object.fromEntries(Object.entries(one.run({ image })).map(([k, v]) => [k, Array.from(v)]));
      for (let run = 0; run < 3; run++) {
        for (const [name, values] of Object.entries(two.run({ image }))) expect(Array.from(values), name).toEqual(first[name]);
      }
    } finally {
      one.dispose();
      two.dispose();
    }
  });
});
