/**
 * The exact-shape type tests (every layer and option in layers.test.ts, whole networks in
 * shapes.test.ts) are checked in place under TypeScript 7's `tsc` and under the TypeScript 6 API, and
 * must be clean under both — so `vitest run` alone verifies them, not only the repository's `tsc` step.
 * A wrong expected shape is a compile error in these files (`expectTypeOf(…).toEqualTypeOf<…>()`).
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { checkWithTs6, checkWithTsc, type Diagnostic } from './harness/index.js';

const files = ['layers.test.ts', 'shapes.test.ts'].map((f) => join(import.meta.dirname, f));
const report = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => !d.file.includes('node_modules')).map((d) => `${d.file}:${d.line}: TS${d.code} ${d.message}`);

it('layers.test.ts and shapes.test.ts type-check cleanly under TypeScript 7', () => {
  expect(report(checkWithTsc(files).diagnostics)).toEqual([]);
}, 120_000);

it('layers.test.ts and shapes.test.ts type-check cleanly under TypeScript 6', () => {
  expect(report(checkWithTs6(files))).toEqual([]);
}, 120_000);
