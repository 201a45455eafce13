/**
 * Kernels take their tensors' offsets as parameters: layers of the same shape and fusion share one
 * function, called from `forward` with each layer's offsets as literals.
 */
import { describe, expect, it } from 'vitest';
import { input, model } from '@stride/dsl';
import { interpret, seededWeights } from '@stride/runtime';
import { compileGraph } from '../src/index.js';
import { runBundle } from './load.js';

describe('kernels shared between layers of one shape', () => {
  // Three 3×3 convolutions 8 → 8 at 12×12: the first two alike (ReLU), the third without activation.
  const x = input([1, 8, 12, 12], { name: 'x' });
  const y = x
    .conv2d({ outChannels: 8, kernelSize: 3, padding: 1, name: 'a' }).relu()
    .conv2d({ outChannels: 8, kernelSize: 3, padding: 1, name: 'b' }).relu()
    .conv2d({ outChannels: 8, kernelSize: 3, padding: 1, name: 'c' });
  const graph = model({ name: 'shared', inputs: { x }, outputs: { y } }).toIR();
  const weights = seededWeights(graph, 5);
  const compiled = compileGraph(graph, weights, { target: 'js' });
  const calls = /export function forward\(a, w, d, u\) \{\n([\s\S]*?)\n\}/.exec(compiled.source)![1].trim().split('\n').map((line) => line.trim());

  it('emits one function for the two alike layers and calls it with each one\'s offsets', () => {
    expect(calls).toHaveLength(3);
    const names = calls.map((call) => call.slice(0, call.indexOf('(')));
    expect(names[0]).toBe(names[1]);
    expect(names[2]).not.toBe(names[0]);
    expect(calls[0]).not.toBe(calls[1]);
    expect(compiled.source.match(/^function k\d+\(/gm)).toHaveLength(2);
    expect(compiled.source).toMatch(/\/\/ conv2d\/[^\n]*: 2 layers \(a \+ relu\[\d+\], b \+ relu\[\d+\]\)/);
  });

  it('computes what the interpreter does', async () => {
    const data = Float32Array.from({ length: 8 * 12 * 12 }, (_, i) => Math.sin(i * 0.37));
    const out = (await runBundle(compiled, { x: data })).y;
    const expected = interpret(graph, weights, { x: data }).y;
    let worst = 0;
    for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(out[i] - expected[i]));
    expect(worst).toBeLessThan(1e-5);
  });
});
