import { describe, expect, it } from 'vitest';
import { elementCount, opNames } from '../src/ir';

describe('ir', () => {
  it('lists each op once', () => {
    expect(new Set(opNames).size).toBe(opNames.length);
  });
  it('counts elements', () => {
    expect(elementCount([1, 16, 5, 5])).toBe(400);
  });
});
