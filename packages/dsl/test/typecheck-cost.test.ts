/**
 * Type-check cost ceilings: TypeScript 7's instantiation count for each benchmark network (what its
 * definition adds to a module that imports the DSL) and for importing the DSL itself. Instantiation
 * counts are deterministic for a compiler version, so they are asserted; check time varies with the
 * machine's load and is reported by bench/typecheck.ts instead. `measure` throws on any diagnostic, so
 * every network here also type-checks cleanly (no false error, no TS2589).
 *
 * Measured with TypeScript 7.0.2: lenet5 25,595; resnet50 126,372; mobilenet-v2 124,649; resnet18
 * 56,611; the DSL alone 80,098. Check time at the same commit, on this 2-core machine lightly loaded (load ~1.8): ResNet-50
 * 0.09 s for its definition, 0.16–0.19 s for its whole file with the DSL (the issue's target: under
 * 0.3 s). The ceilings leave about 20 % headroom: a change that costs more than that should be looked
 * at (and the ceiling moved in the same commit, with the reason).
 */
import { describe, expect, it } from 'vitest';
import { measure, networks } from '../bench/typecheck.js';

const ceilings: Record<keyof typeof networks, number> = { 'lenet5': 31_000, 'resnet50': 152_000, 'mobilenet-v2': 150_000, 'resnet18': 68_000 };

describe('type-check cost (TypeScript 7 instantiations)', () => {
  it('importing the DSL stays under 96,000 (the type-level rules are checked once, not per network)', () => {
    const { totalInstantiations, instantiations } = measure(networks.lenet5);
    expect(totalInstantiations - instantiations).toBeLessThan(96_000);
  });
  it.each(Object.entries(networks))('%s type-checks cleanly under its ceiling', (name, path) => {
    const { instantiations } = measure(path);
    expect(instantiations).toBeGreaterThan(0);
    expect(instantiations).toBeLessThan(ceilings[name as keyof typeof networks]);
  });
});
