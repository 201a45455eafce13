/** The comments in src/mistakes.ts are what the editor says: checked under TypeScript 7 and 6. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkWithTs6, checkWithTsc, internalNames, removeScratch, scratch, type Diagnostic } from '../../../packages/dsl/test/harness/index.js';

const source = readFileSync(join(import.meta.dirname, '..', 'src', 'mistakes.ts'), 'utf8');
const marked = source.split('\n').flatMap((line, index) => (line.includes('//! ') ? [{ line: index + 1, text: line.slice(line.indexOf('//! ') + 4).trim() }] : []));
let folder: string;
let tsc: Diagnostic[];
let ts6: Diagnostic[];
beforeAll(() => {
  folder = scratch({ 'mistakes.ts': source });
  tsc = checkWithTsc(folder).diagnostics;
  ts6 = checkWithTs6(folder);
});
afterAll(() => removeScratch(folder));

it.each(marked.map((m) => [m.line, m] as const))('line %i says what its comment says, the DSL’s sentence on its first line', (_line, m) => {
  for (const diagnostics of [tsc, ts6]) {
    const here = diagnostics.filter((d) => d.line === m.line);
    expect(here.map((d) => d.message).join('\n')).toContain(m.text);
    if (/^[a-z][A-Za-z0-9]*: /.test(m.text)) expect(here.some((d) => d.message.split('\n')[0].includes(m.text))).toBe(true);
    expect(here.filter((d) => internalNames.test(d.message)).map((d) => d.message)).toEqual([]);
  }
});
it('reports each as the sentence on the option, the argument or the tensor a layer is called on (assignability), never TS2589', () => {
  expect([...tsc, ...ts6].map((d) => d.code).filter((code) => ![2322, 2345, 2684, 2741].includes(code))).toEqual([]);
});
it('has no other errors', () => {
  const lines = new Set(marked.map((m) => m.line));
  expect([...tsc, ...ts6].filter((d) => !lines.has(d.line)).map((d) => `${d.line}: ${d.message}`)).toEqual([]);
});
