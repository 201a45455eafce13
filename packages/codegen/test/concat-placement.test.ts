/**
 * The wasm target's concat as placement (emit/wasm/placement.ts): which inputs a channel concat lets
 * their producers write in place, and that the result is the interpreter's (1e-5 relative) and, on
 * two threads with every ranged kernel split, the bits of one thread. The kernels' own slice tests
 * (test/wasm/, `Memory({ slices: true })`) check that no kernel touches a neighbour's lanes.
 */
import { describe, expect, it } from 'vitest';
import { add, concat, input, model, type Graph, type Tensor } from '@stride/dsl';
import { interpret, seededWeights } from '@stride/runtime';
import { compileGraph, wasmTargetWith } from '../src/index.js';
import { importBundle, runCompiled } from './load.js';

const image = () => input([2, 8, 9, 9], { name: 'image' });

/** Each case: a network, and the kernel its concat gets. */
const cases: Array<[label: string, graph: () => Graph, kernel: string | string[]]> = [
  ['a dense block: each concat read by the next layer and placed into the next concat (one storage, nothing copied)', () => {
    const x = image();
    const layer = (c: Tensor) => c.batchNorm2d().relu().conv2d({ outChannels: 8, kernelSize: 1 }).relu().conv2d({ outChannels: 4, kernelSize: 3, padding: 1 });
    let block: Tensor = x.conv2d({ outChannels: 8, kernelSize: 1 });
    for (let k = 0; k < 3; k++) block = concat([block, layer(block)]);
    return model({ name: 'densenet', inputs: { image: x }, outputs: { out: block.batchNorm2d().relu().conv2d({ outChannels: 3, kernelSize: 1 }) } }).toIR();
  }, ['concat/placement', 'concat/placement', 'concat/placement']],
  ['torchvision\'s dense block: each layer concatenates every earlier feature afresh; every such concat is a view of the block\'s last, which places them all', () => {
    const x = image();
    const layer = (c: Tensor) => c.batchNorm2d().relu().conv2d({ outChannels: 8, kernelSize: 1 }).relu().conv2d({ outChannels: 4, kernelSize: 3, padding: 1 });
    const features: Tensor[] = [x.conv2d({ outChannels: 8, kernelSize: 1 })];
    features.push(layer(features[0]));
    for (let k = 0; k < 3; k++) features.push(layer(concat(features)));
    return model({ name: 'densenet', inputs: { image: x }, outputs: { out: concat(features).batchNorm2d().relu().conv2d({ outChannels: 3, kernelSize: 1 }) } }).toIR();
  }, ['concat/view', 'concat/view', 'concat/view', 'concat/placement']],
  ['a skip connection its concat reads far later (a U-Net\'s) is copied, the upsampled half placed', () => {
    const x = image();
    const skip = x.conv2d({ outChannels: 8, kernelSize: 3, padding: 1 }).relu();
    let deep: Tensor = skip.maxPool2d({ kernelSize: 3, stride: 3 });
    for (let k = 0; k < 9; k++) deep = deep.conv2d({ outChannels: 8, kernelSize: 3, padding: 1 }).relu();
    const out = concat([skip, deep.upsample({ scaleFactor: 3 }).conv2d({ outChannels: 4, kernelSize: 1 })]).conv2d({ outChannels: 3, kernelSize: 1 });
    return model({ name: 'unet', inputs: { image: x }, outputs: { out } }).toIR();
  }, 'concat/placement+copy'],
  ['a Fire module: both expand convolutions write their channels', () => {
    const x = image();
    const squeeze = x.conv2d({ outChannels: 4, kernelSize: 1 }).relu();
    const out = concat([squeeze.conv2d({ outChannels: 8, kernelSize: 1 }).relu(), squeeze.conv2d({ outChannels: 12, kernelSize: 3, padding: 1 }).relu()]).conv2d({ outChannels: 5, kernelSize: 3, padding: 1 });
    return model({ name: 'fire', inputs: { image: x }, outputs: { out } }).toIR();
  }, 'concat/placement'],
  ['the last input may end mid-vector (6 channels of 8 lanes at channel 8)', () => {
    const x = image();
    const out = concat([x.conv2d({ outChannels: 8, kernelSize: 3, padding: 1 }).sigmoid(), x.maxPool2d({ kernelSize: 3, stride: 1, padding: 1 }).conv2d({ outChannels: 6, kernelSize: 1 }).sigmoid()]).adaptiveAvgPool2d(1).flatten().linear({ outFeatures: 3 });
    return model({ name: 'tail', inputs: { image: x }, outputs: { out } }).toIR();
  }, 'concat/placement'],
  ['an input read elsewhere is copied, the convolution beside it placed', () => {
    const x = image();
    const y = x.conv2d({ outChannels: 8, kernelSize: 1 }).relu();
    const out = add(concat([y, y.conv2d({ outChannels: 4, kernelSize: 3, padding: 1 })]).conv2d({ outChannels: 3, kernelSize: 1 }), y.conv2d({ outChannels: 3, kernelSize: 1 }));
    return model({ name: 'dense', inputs: { image: x }, outputs: { out } }).toIR();
  }, 'concat/placement+copy'],
  ['the graph input is copied', () => {
    const x = image();
    const out = concat([x, x.conv2d({ outChannels: 4, kernelSize: 3, padding: 1 })]).conv2d({ outChannels: 3, kernelSize: 1 });
    return model({ name: 'skip', inputs: { image: x }, outputs: { out } }).toIR();
  }, 'concat/placement+copy'],
  ['an input of 6 channels that is not last is copied, and so is the one after it (channel 6 is mid-vector)', () => {
    const x = image();
    const out = concat([x.conv2d({ outChannels: 6, kernelSize: 1 }), x.conv2d({ outChannels: 8, kernelSize: 1 })]).conv2d({ outChannels: 3, kernelSize: 1 });
    return model({ name: 'unaligned', inputs: { image: x }, outputs: { out } }).toIR();
  }, 'concat/copy'],
  ['a graph output is copied', () => {
    const x = image();
    const a = x.conv2d({ outChannels: 4, kernelSize: 1 });
    const out = concat([a, x.conv2d({ outChannels: 4, kernelSize: 1 })]).relu();
    return model({ name: 'shown', inputs: { image: x }, outputs: { out, a } }).toIR();
  }, 'concat/placement+copy'],
  ['a concat along the height is copied', () => {
    const x = image();
    const out = concat([x.conv2d({ outChannels: 4, kernelSize: 1 }), x.conv2d({ outChannels: 4, kernelSize: 1 })], 2).relu();
    return model({ name: 'rows', inputs: { image: x }, outputs: { out } }).toIR();
  }, 'concat/copy'],
];

/** A case's network, by the start of its label. */
const caseOf = (start: string) => cases.find(([label]) => label.startsWith(start))![1];

function kernelOf(graph: Graph, target: 'js' | 'wasm' = 'wasm'): string[] {
  return compileGraph(graph, seededWeights(graph, 1), { batch: 2, target }).report.layers.filter((l) => l.layers.some((name) => name.startsWith('concat'))).map((l) => l.kernel);
}

describe('concat as placement (wasm)', () => {
  it.each(cases)('%s', async (_label, make, kernel) => {
    const graph = make();
    expect(kernelOf(graph)).toEqual([kernel].flat());
    const weights = seededWeights(graph, 1);
    const inputs = { image: Float32Array.from({ length: 2 * 8 * 81 }, (_, i) => Math.sin(0.37 * i)) };
    const compiled = compileGraph(graph, weights, { batch: 2, target: 'wasm' });
    const actual = await runCompiled(compiled, inputs);
    const expected = interpret(graph, weights, inputs);
    for (const name of Object.keys(expected)) {
      const scale = Math.max(1, ...expected[name].map(Math.abs));
      const worst = Math.max(...expected[name].map((v, i) => Math.abs(actual[name][i] - v)));
      expect(worst / scale, name).toBeLessThanOrEqual(1e-5);
    }
  });

  it.each(cases)('%s: two threads give the bits of one', async (_label, make) => {
    const graph = make();
    const weights = seededWeights(graph, 1);
    const inputs = { image: Float32Array.from({ length: 2 * 8 * 81 }, (_, i) => Math.cos(0.29 * i)) };
    const compiled = compileGraph(graph, weights, { batch: 2, target: wasmTargetWith({ split: 'every' }) });
    const bundle = await importBundle(compiled, graph.name);
    const one = await bundle.create();
    const two = await bundle.create({ threads: 2 });
    try {
      expect(two.threads).toBe(2);
      const bits = (outputs: Record<string, Float32Array>) => Object.fromEntries(Object.entries(outputs).map(([name, v]) => [name, Array.from(new Uint32Array(v.buffer, v.byteOffset, v.length))]));
      expect(bits(two.run(inputs))).toEqual(bits(one.run(inputs)));
    } finally {
      one.dispose();
      two.dispose();
    }
  });

  it("a placed input shares its concat's storage; one read elsewhere keeps its own", () => {
    const graph = caseOf('an input read elsewhere')();
    const compiled = compileGraph(graph, seededWeights(graph, 1), { batch: 2, target: 'wasm' });
    const index = compiled.program.steps.findIndex((s) => s.kind === 'concat');
    const step = compiled.program.steps[index] as Extract<(typeof compiled.program.steps)[number], { kind: 'concat' }>;
    expect(compiled.kernels[index].within).toEqual(['in1']);
    const at = (id: number) => compiled.memory.values[id];
    // in1 (the 3×3 convolution) lies in the concat's output; in0 (read again by the last convolution) has its own bytes.
    expect(at(step.reads.in1.id)).toBe(at(step.output.id));
    expect(at(step.reads.in0.id)).not.toBe(at(step.output.id));
  });

  it('the JavaScript target copies as before', () => {
    expect(kernelOf(caseOf('a Fire module')(), 'js')[0]).not.toMatch(/placement/);
  });
});
