/**
 * A declared input that no output depends on stays in the IR (docs/ir.md), so compiled code must take
 * it too: `compileGraph` lists it with its own arena slot, and a bundle's `run()` accepts it, checks it,
 * and computes what the interpreter computes.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { elementCount, input, model } from '@stride/dsl';
import { interpret, seededWeights } from '@stride/runtime';
import { bundleProgram, compileGraph } from '../src/index.js';
import { runBundle } from './load.js';

const image = input([1, 2, 6, 6], { name: 'image' });
const mask = input([1, 1, 6, 6], { name: 'mask' });
const scale = input([4], { name: 'scale' });
const y = image.conv2d({ outChannels: 3, kernelSize: 3, name: 'conv' }).relu();
const graph = model({ name: 'masked', inputs: { image, mask, scale }, outputs: { y } }).toIR();
const weights = seededWeights(graph, 11);
const inputs = { image: Float32Array.from({ length: 72 }, (_, i) => Math.cos(i * 0.3)), mask: new Float32Array(36).fill(-1), scale: new Float32Array(4) };

describe('compiled code with inputs nothing reads', () => {
  it('compileGraph lists every declared input, each in its own arena slot', () => {
    const compiled = compileGraph(graph, weights);
    expect(compiled.inputs.map((i) => [i.name, i.shape])).toEqual([['image', [1, 2, 6, 6]], ['mask', [1, 1, 6, 6]], ['scale', [4]]]);
    const spans = compiled.inputs.map((i) => [i.offset, i.offset + elementCount(i.shape)]).sort((a, b) => a[0] - b[0]);
    for (let k = 1; k < spans.length; k++) expect(spans[k][0]).toBeGreaterThanOrEqual(spans[k - 1][1]);
    expect(spans[spans.length - 1][1]).toBeLessThanOrEqual(compiled.artifact.memoryBytes / 4);
  });
  it.each(['js', 'wasm'] as const)('a bundle’s run() takes them and matches the interpreter (%s target)', async (target) => {
    const compiled = compileGraph(graph, weights, { target });
    const out = await runBundle(compiled, inputs, 'masked');
    const expected = interpret(graph, weights, inputs).y;
    // The JS kernels sum in the interpreter's order; the wasm ones in their own (float32 lanes).
    if (target === 'js') expect(out.y).toEqual(expected);
    else for (let i = 0; i < expected.length; i++) expect(Math.abs(out.y[i] - expected[i])).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(expected[i])));
  });
  it('a bundle’s run() checks them like any declared input', async () => {
    const { code } = await bundleProgram(compileGraph(graph, weights), 'masked', { inlineLimit: Infinity });
    const folder = join(import.meta.dirname, '..', 'node_modules', '.generated');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `declared-inputs-${process.pid}.mjs`);
    writeFileSync(file, code);
    const { create } = (await import(pathToFileURL(file).href)) as { create: () => Promise<{ run(inputs: Record<string, Float32Array>): unknown }> };
    const net = await create();
    expect(() => net.run({ image: inputs.image, scale: inputs.scale })).toThrow("missing input 'mask' (Float32Array, shape [1, 1, 6, 6], 36 values)");
    expect(() => net.run({ ...inputs, scale: new Float32Array(3) })).toThrow("input 'scale' has 3 values; expected 4");
  });
});
