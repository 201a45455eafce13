/** The short soak: 5,000 inferences in a fresh process (the long one is `pnpm soak`). */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { soak } from './soak/soak-core.js';

it.each(['js', 'wasm'] as const)('keeps memory flat and outputs bit-identical across runs and instances (%s target)', async (target) => {
  const result = await soak(5000, join(import.meta.dirname, 'node_modules', '.soak', target), target);
  console.log(`soak (${target}): ${result.inferences} inferences, RSS ${result.rssStartMb.toFixed(1)} → ${result.rssEndMb.toFixed(1)} MB, ${result.mismatches} mismatches`);
  expect(result.mismatches).toBe(0);
  expect(result.growth).toBeLessThan(0.05);
});
