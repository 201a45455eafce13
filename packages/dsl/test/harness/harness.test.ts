/**
 * The harness checked on snippets whose errors are known exactly, so a compile-fail suite built on it
 * can trust that "no diagnostics" means the compiler found none, and that both compilers are read alike.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkWithTs6, checkWithTsc, instantiationCount, quickInfo, removeScratch, scratch, type Diagnostic } from './index.js';

const files = {
  // Line 1: the textbook error. Line 3: a four-level message chain. Line 5: two errors on one line.
  'errors.ts': [
    'const x: string = 1;',
    'export const ok: number = 2;',
    'export const f: (p: { a: string }) => void = (p: { a: number }) => { void p; };',
    "import { same } from './sub/same';",
    "export const pair: [string, number] = [same, 'two'];",
    'void x;',
  ].join('\n'),
  // A relative import into a subfolder, and the package resolving itself by name.
  'sub/same.ts': "import { input } from '@stride/dsl';\nexport const same = 3;\nexport const image = input([1, 3, 8, 8]);\n",
  'clean.ts': 'export const answer: number = 42;\n',
};

const chain = [
  "Type '(p: { a: number; }) => void' is not assignable to type '(p: { a: string; }) => void'.",
  "  Types of parameters 'p' and 'p' are incompatible.",
  "    Type '{ a: string; }' is not assignable to type '{ a: number; }'.",
  "      Types of property 'a' are incompatible.",
  "        Type 'string' is not assignable to type 'number'.",
].join('\n');

const expected: Diagnostic[] = [
  { file: 'errors.ts', line: 1, column: 7, code: 2322, message: "Type 'number' is not assignable to type 'string'." },
  { file: 'errors.ts', line: 3, column: 14, code: 2322, message: chain },
  { file: 'errors.ts', line: 5, column: 40, code: 2322, message: "Type 'number' is not assignable to type 'string'." },
  { file: 'errors.ts', line: 5, column: 46, code: 2322, message: "Type 'string' is not assignable to type 'number'." },
];

let folder: string;
beforeAll(() => {
  folder = scratch(files);
});
afterAll(() => removeScratch(folder));

describe('checkWithTsc and checkWithTs6', () => {
  it('TypeScript 7 reports each error at its line and column with its full message chain', () => {
    expect(checkWithTsc(folder).diagnostics).toEqual(expected);
  });

  it('the TypeScript 6 API reports the same diagnostics, field for field', () => {
    expect(checkWithTs6(folder)).toEqual(expected);
  });

  it('takes a record of sources directly and cleans up after itself', () => {
    const sources = { 'only.ts': 'export const y: boolean = "no";\n' };
    const want = [{ file: 'only.ts', line: 1, column: 14, code: 2322, message: "Type 'string' is not assignable to type 'boolean'." }];
    expect(checkWithTsc(sources).diagnostics).toEqual(want);
    expect(checkWithTs6(sources)).toEqual(want);
  });

  it('checks existing files in place, naming them from the repository root', () => {
    const dir = join(import.meta.dirname, '..', '..', 'node_modules', '.typecheck', 'by-path');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'bad.ts'), 'export const z: string = 0;\n');
    try {
      const want = [{ file: 'packages/dsl/node_modules/.typecheck/by-path/bad.ts', line: 1, column: 14, code: 2322, message: "Type 'number' is not assignable to type 'string'." }];
      expect(checkWithTsc([join(dir, 'bad.ts')]).diagnostics).toEqual(want);
      expect(checkWithTs6([join(dir, 'bad.ts')])).toEqual(want);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a diagnostic that belongs to no file instead of dropping it', () => {
    const missingImport = { 'a.ts': "import { nothing } from './absent';\nexport { nothing };\n" };
    expect(checkWithTsc(missingImport).diagnostics.map((d) => [d.file, d.line, d.code])).toEqual([['a.ts', 1, 2307]]);
    const broken = scratch({ 'a.ts': 'export {};\n' });
    try {
      writeFileSync(join(broken, 'tsconfig.json'), JSON.stringify({ compilerOptions: { target: 'ES2022', noEmit: true, strict: true, moduleResolution: 'bundler', module: 'ESNext', jsx: 'not-a-mode' }, files: ['a.ts'] }));
      const tsc = checkWithTsc(broken).diagnostics;
      const ts6 = checkWithTs6(broken);
      expect(tsc.length).toBeGreaterThan(0);
      expect(tsc.every((d) => d.file === '' || d.file === 'tsconfig.json')).toBe(true);
      expect(ts6.map((d) => d.code)).toEqual(tsc.map((d) => d.code));
    } finally {
      removeScratch(broken);
    }
  });

  it('refuses a folder without a tsconfig and paths that do not exist, naming them', () => {
    expect(() => checkWithTsc('/nonexistent/folder')).toThrow('/nonexistent/folder has no tsconfig.json');
    expect(() => checkWithTs6(['/nonexistent/file.ts'])).toThrow('no such file: /nonexistent/file.ts');
    expect(() => scratch({ '../escape.ts': '' })).toThrow('must be relative and stay inside the scratch folder');
  });
});

describe('quickInfo', () => {
  it('returns the hover text of an identifier on a given line', () => {
    expect(quickInfo(folder, 'sub/same.ts', 2, 'same')).toBe('const same: 3');
    expect(quickInfo(folder, 'sub/same.ts', 3, 'image')).toBe('const image: Tensor<[1, 3, 8, 8]>');
    expect(quickInfo(folder, 'errors.ts', 2, 'ok')).toBe('const ok: number');
  });

  it('matches whole words only and says so when the identifier is not on the line', () => {
    expect(() => quickInfo(folder, 'errors.ts', 1, 'ok')).toThrow('"ok" is not on line 1 of errors.ts');
    expect(() => quickInfo(folder, 'errors.ts', 99, 'x')).toThrow('errors.ts has 6 lines, asked for line 99');
  });
});

describe('instantiationCount', () => {
  it('reads check cost under both compilers, and it grows with the work the checker does', () => {
    const small = { 'a.ts': 'export type T = [1, 2];\n' };
    const recursive = {
      'a.ts': [
        'type Count<N extends number, Acc extends 0[] = []> = Acc["length"] extends N ? Acc : Count<N, [...Acc, 0]>;',
        'export type T = [Count<300>["length"], Count<301>["length"], Count<302>["length"]];',
      ].join('\n'),
    };
    for (const compiler of ['tsc', 'ts6'] as const) {
      const base = instantiationCount(small, compiler);
      const more = instantiationCount(recursive, compiler);
      expect(base.diagnostics).toEqual([]);
      expect(more.diagnostics).toEqual([]);
      expect(base.instantiations).toBeGreaterThanOrEqual(0);
      expect(base.types).toBeGreaterThan(0);
      expect(more.checkSeconds).toBeGreaterThanOrEqual(0);
      // Three loops of ~300 steps each instantiate at least one alias per step.
      expect(more.instantiations - base.instantiations).toBeGreaterThan(900);
    }
  });
});
