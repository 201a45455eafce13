import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fnv1a32, seededTensor } from '../src/seeded.js';

// Values recorded by the Python twin, examples/torchvision/seeded.py: the two must agree bit for bit,
// or PyTorch's outputs for seeded torchvision models would not be reproducible here.
const recorded = JSON.parse(readFileSync(new URL('./fixtures/seeded.json', import.meta.url), 'utf8')) as {
  cases: { name: string; shape: number[]; seed: number; values: number[] }[];
};

describe('seededTensor', () => {
  it.each(recorded.cases.map((c) => [c.name, c] as const))('matches the Python twin for %s', (_name, c) => {
    expect(Array.from(seededTensor(c.name, c.shape, c.seed))).toEqual(c.values);
  });
  it('hashes names with FNV-1a over UTF-8', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
  });
  it('depends on the seed and the name', () => {
    expect(seededTensor('x.weight', [4, 4], 1)).not.toEqual(seededTensor('x.weight', [4, 4], 2));
    expect(seededTensor('x.weight', [4, 4], 1)).not.toEqual(seededTensor('y.weight', [4, 4], 1));
  });
});
