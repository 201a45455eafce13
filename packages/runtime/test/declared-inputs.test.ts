/**
 * A declared input that no output depends on stays in the IR (docs/ir.md): the interpreter takes it,
 * checks it like any input, and computes the outputs exactly as the same network without it does.
 */
import { describe, expect, it } from 'vitest';
import { input, model } from '@stride/dsl';
import { interpret, seededWeights, StrideError } from '../src/index.js';

const image = input(['batch', 2, 6, 6], { name: 'image' });
const mask = input([1, 1, 6, 6], { name: 'mask' });
const y = image.conv2d({ outChannels: 3, kernelSize: 3, name: 'conv' }).relu();
const withMask = model({ name: 'masked', inputs: { image, mask }, outputs: { y } }).toIR();
const alone = model({ name: 'alone', inputs: { image }, outputs: { y } }).toIR();
const weights = seededWeights(alone, 7);
const pixels = Float32Array.from({ length: 2 * 72 }, (_, i) => Math.sin(i * 0.7));

describe('interpret with an input nothing reads', () => {
  it('takes it and gives the outputs of the network without it', () => {
    expect(withMask.nodes.filter((n) => n.op === 'input').map((n) => n.name)).toEqual(['image', 'mask']);
    const out = interpret(withMask, weights, { image: pixels, mask: new Float32Array(36).fill(5) });
    expect(out.y).toEqual(interpret(alone, weights, { image: pixels }).y);
    expect(out.y.length).toBe(2 * 3 * 4 * 4);
  });
  it('checks it like any declared input', () => {
    expect(() => interpret(withMask, weights, { image: pixels })).toThrow(StrideError);
    expect(() => interpret(withMask, weights, { image: pixels })).toThrow("missing input 'mask' (Float32Array, shape [1, 1, 6, 6], 36 values)");
    expect(() => interpret(withMask, weights, { image: pixels, mask: new Float32Array(35) })).toThrow("input 'mask' has 35 values; expected 36");
  });
});
