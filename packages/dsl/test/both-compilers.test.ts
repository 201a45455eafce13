/**
 * The type tests (*.test-d.ts, which Vitest's typecheck mode runs with TypeScript 7's tsc) hold under
 * the TypeScript 6 API too: each file type-checks cleanly there, so a wrong expected shape or a
 * sentence that differs between the two compilers fails here. A runtime test of the compiler's verdict.
 * (internal/arithmetic.test-d.ts is checked under the TypeScript 6 API by the property test beside it.)
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { checkWithTs6, type Diagnostic } from './harness/index.js';

const typeTests = readdirSync(import.meta.dirname, { recursive: true, encoding: 'utf8' })
  .filter((name) => name.endsWith('.test-d.ts') && !name.includes('node_modules') && !name.startsWith('internal'))
  .map((name) => join(import.meta.dirname, name));
const report = (diagnostics: Diagnostic[]) => diagnostics.filter((d) => !d.file.includes('node_modules')).map((d) => `${d.file}:${d.line}: TS${d.code} ${d.message}`);

it('the type tests type-check cleanly under the TypeScript 6 API', () => {
  expect(typeTests.length).toBeGreaterThanOrEqual(3);
  expect(report(checkWithTs6(typeTests))).toEqual([]);
}, 120_000);
