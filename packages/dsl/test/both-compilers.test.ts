/**
 * The exact-shape type tests (layers, whole networks) hold under the TypeScript 6 API too: the files
 * `tsc` checks in `pnpm test` are checked again in place with ts-morph's compiler, and must be clean.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { checkWithTs6 } from './harness';

it('layers.test.ts and shapes.test.ts type-check cleanly under TypeScript 6', () => {
  const files = ['layers.test.ts', 'shapes.test.ts'].map((f) => join(import.meta.dirname, f));
  const diagnostics = checkWithTs6(files).filter((d) => !d.file.includes('node_modules'));
  expect(diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`)).toEqual([]);
}, 120_000);
