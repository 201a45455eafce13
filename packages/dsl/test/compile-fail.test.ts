/**
 * The compile-fail suite: every line marked `//! <text>` in fixtures/compile-fail must be a type error
 * containing <text>, reported on that line, and no unmarked line may be one — under TypeScript 7's
 * `tsc` and under the TypeScript 6 API, with identical verdicts. A marker `//! @token <text>` also
 * requires the error to start at `token` (which occurs once on the line as a whole word): the option
 * or argument the editor underlines. When <text> is one of the DSL's sentences (`conv2d: …`), the
 * first line of the error must carry it — what the editor shows first — and no error may name the
 * DSL's internal machinery.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWithTs6, checkWithTsc, internalNames, removeScratch, scratch, type Diagnostic } from './harness/index.js';

const folder = join(import.meta.dirname, 'fixtures', 'compile-fail');
const files = Object.fromEntries(readdirSync(folder).filter((f) => f.endsWith('.ts')).map((f) => [f, readFileSync(join(folder, f), 'utf8')]));

interface Expected { file: string; line: number; text: string; column?: number }

/** The 1-based column of the only whole-word occurrence of `token` in `code`. */
function columnOf(token: string, code: string, where: string): number {
  const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const matches = [...code.matchAll(new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`, 'g'))];
  if (matches.length !== 1) throw new Error(`${where}: @${token} must occur exactly once before the marker, found ${matches.length}`);
  return matches[0].index + 1;
}

const expected: Expected[] = Object.entries(files).flatMap(([file, source]) =>
  source.split('\n').flatMap((line, index) => {
    const marker = line.indexOf('//! ');
    if (marker < 0) return [];
    const where = `${file}:${index + 1}`;
    const body = line.slice(marker + 4).trim();
    const at = /^@(\S+)\s+(.*)$/.exec(body);
    if (!at) return [{ file, line: index + 1, text: body }];
    return [{ file, line: index + 1, text: at[2], column: columnOf(at[1], line.slice(0, marker), where) }];
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

/** A DSL sentence starts with the op or function it is about: `conv2d: …`, `apply: …`. */
const isSentence = (text: string) => /^[a-z][A-Za-z0-9]*: /.test(text);
/**
 * The code of an error in one vocabulary: a `this` argument that does not fit (flatten(), batchNorm2d())
 * is TS2684 under TypeScript 6 ("The 'this' context of type … is not assignable to method's 'this' …")
 * and, under TypeScript 7.0, the same check reported by its elaboration alone, TS2741 ("Property
 * '"<sentence>"' is missing in type …"), at the same place with the same sentence.
 */
const codeOf = (d: Diagnostic) => (d.code === 2684 ? 2741 : d.code);

describe('compile-fail fixtures', () => {
  it('mark at least one case per error kind, most of them with the column', () => {
    expect(expected.length).toBeGreaterThanOrEqual(75);
    expect(expected.filter((e) => e.column !== undefined).length).toBeGreaterThanOrEqual(45);
  });
  for (const compiler of ['tsc (TypeScript 7)', 'TypeScript 6 API'] as const) {
    describe(compiler, () => {
      const diagnostics = () => (compiler === 'tsc (TypeScript 7)' ? tsc : ts6);
      it.each(expected.map((e) => [`${e.file}:${e.line}`, e] as const))('reports %s', (_label, e) => {
        const here = diagnostics().filter((d) => d.file === e.file && d.line === e.line);
        expect(here.map((d) => d.message).join('\n')).toContain(e.text);
        // The sentence typed onto an option or argument (2322, 2345) or onto the tensor a method is
        // called on (2684, or 2741 under TypeScript 7) — never "not callable" (2349), a missing argument
        // (2554), or a crash of the type-level arithmetic such as TS2589 (instantiation excessively deep).
        expect(here.map((d) => d.code).filter((code) => ![2322, 2345, 2684, 2741].includes(code))).toEqual([]);
        if (e.column !== undefined) expect(here.map((d) => d.column)).toContain(e.column);
        if (isSentence(e.text)) expect(here.map((d) => d.message.split('\n')[0]).filter((first) => first.includes(e.text))).not.toEqual([]);
        expect(here.map((d) => d.message).filter((message) => internalNames.test(message))).toEqual([]);
      });
      it('reports nothing on unmarked lines', () => {
        const marked = new Set(expected.map((e) => `${e.file}:${e.line}`));
        expect(errorLines(diagnostics()).filter((l) => !marked.has(l))).toEqual([]);
      });
    });
  }
  it('gives identical verdicts under both compilers: same lines, columns, codes and sentences', () => {
    const verdicts = (diagnostics: Diagnostic[]) => diagnostics.map((d) => {
      const sentence = /ShapeErrorMessage<"(.*?)">/.exec(d.message)?.[1] ?? d.message.split('\n')[0];
      return `${d.file}:${d.line}:${d.column} TS${codeOf(d)} ${sentence}`;
    });
    expect(verdicts(ts6)).toEqual(verdicts(tsc));
  });
});
