/**
 * The compile-fail suite: every line marked `//! <text>` in fixtures/compile-fail must be a type error
 * containing <text>, reported on that line, and no unmarked line may be one — under TypeScript 7's
 * `tsc` and under the TypeScript 6 API, with identical verdicts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWithTs6, checkWithTsc, removeScratch, scratch, type Diagnostic } from './harness';

const folder = join(import.meta.dirname, 'fixtures', 'compile-fail');
const files = Object.fromEntries(readdirSync(folder).filter((f) => f.endsWith('.ts')).map((f) => [f, readFileSync(join(folder, f), 'utf8')]));

interface Expected { file: string; line: number; text: string }
const expected: Expected[] = Object.entries(files).flatMap(([file, source]) =>
  source.split('\n').flatMap((line, index) => {
    const marker = line.indexOf('//! ');
    return marker >= 0 ? [{ file, line: index + 1, text: line.slice(marker + 4).trim() }] : [];
  }));

let scratchFolder: string;
let tsc: Diagnostic[];
let ts6: Diagnostic[];
beforeAll(() => {
  scratchFolder = scratch(files);
  tsc = checkWithTsc(scratchFolder).diagnostics;
  ts6 = checkWithTs6(scratchFolder);
});
afterAll(() => removeScratch(scratchFolder));

const errorLines = (diagnostics: Diagnostic[]) => [...new Set(diagnostics.map((d) => `${d.file}:${d.line}`))].sort();

describe('compile-fail fixtures', () => {
  it('marks at least one case per error kind', () => {
    expect(expected.length).toBeGreaterThanOrEqual(35);
  });
  for (const compiler of ['tsc (TypeScript 7)', 'TypeScript 6 API'] as const) {
    describe(compiler, () => {
      const diagnostics = () => (compiler === 'tsc (TypeScript 7)' ? tsc : ts6);
      it.each(expected.map((e) => [`${e.file}:${e.line}`, e] as const))('reports %s', (_label, e) => {
        const here = diagnostics().filter((d) => d.file === e.file && d.line === e.line);
        expect(here.map((d) => d.message).join('\n')).toContain(e.text);
      });
      it('reports nothing on unmarked lines', () => {
        const marked = new Set(expected.map((e) => `${e.file}:${e.line}`));
        expect(errorLines(diagnostics()).filter((l) => !marked.has(l))).toEqual([]);
      });
    });
  }
  it('gives identical verdicts under both compilers', () => {
    expect(errorLines(tsc)).toEqual(errorLines(ts6));
  });
});
