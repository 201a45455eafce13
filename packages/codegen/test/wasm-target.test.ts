/**
 * The wasm target's own pieces, beside the kernels' tests in test/wasm/: the load-time Winograd
 * filter expansion (helper source text the bundle runs) writes exactly what the build-time packing
 * computes, bit for bit; and whole networks through wasm bundles match the interpreter.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '@stride/runtime';
import { wasmHelpers } from '../src/emit/wasm/helpers.js';
import { packWinogradWeights, type WinogradParams } from '../src/emit/wasm/kernels/winograd.js';
import { winogradMatrices } from '../src/plan/winograd.js';

const folder = join(import.meta.dirname, '..', 'node_modules', '.generated');

async function helper(): Promise<(s: Float32Array, from: number, m: Float32Array, to: number, ...args: number[]) => void> {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `wasm-helpers-${process.pid}.mjs`);
  writeFileSync(file, `${wasmHelpers.winogradFilters}\nexport { winogradFilters };\n`);
  return ((await import(pathToFileURL(file).href)) as { winogradFilters: never }).winogradFilters;
}

describe('the load-time Winograd filter expansion', () => {
  const cases = ([[2, 16, 16], [2, 17, 13], [4, 64, 64], [4, 21, 30], [2, 256, 8]] as const).map(([m, c, o]) => [`F(${m}×${m}, 3×3) for ${c} → ${o} channels`, m, c, o] as const);
  it.each(cases)('%s equals the build-time packing bit for bit', async (_label, m, inChannels, outChannels) => {
    const winogradFilters = await helper();
    const random = mulberry32(m * 1000 + inChannels);
    const raw = Float32Array.from({ length: outChannels * inChannels * 9 }, () => random() * 2 - 1);
    const none = { top: 0, bottom: 0, left: 0, right: 0 };
    const p: WinogradParams = {
      name: 'w', m, padding: { top: 1, left: 1 }, weights: 0, scratch: 0,
      input: { offset: 0, batch: 1, height: 20, width: 20, channels: inChannels, border: { top: 1, bottom: 1, left: 1, right: 1 } },
      output: { offset: 0, batch: 1, height: 20, width: 20, channels: outChannels, border: none },
    };
    const expected = packWinogradWeights(p, raw);
    const memory = new Float32Array(expected.length + 8).fill(NaN);
    const { n, G } = winogradMatrices(m, 3);
    winogradFilters(raw, 0, memory, 3, outChannels, inChannels, n, 16, ...G.flat());
    expect(memory.subarray(3, 3 + expected.length)).toEqual(expected);
    expect(Number.isNaN(memory[2]) && Number.isNaN(memory[3 + expected.length])).toBe(true);
  });
});
