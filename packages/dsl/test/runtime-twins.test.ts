/**
 * Every compile-time error is also a run-time error with the same sentence: each marked line of the
 * compile-fail fixtures is run as plain JavaScript (bundled with esbuild, types erased) and must throw a
 * `ShapeError` containing the text the type checker showed. Lines whose error only exists for the type
 * checker (assigning a tensor to a declared type of another shape) are skipped. The type checker
 * reports a block that does not fit at `apply` (or `repeat`) with its prefix; at run time the layer
 * inside the block throws the same sentence itself.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const folder = join(import.meta.dirname, 'fixtures', 'compile-fail');
const typeOnly = (text: string) => text.startsWith("Type '");

const suites: { file: string; cases: { line: number; text: string }[]; outcomes: Map<number, string> }[] = [];
{
  const outDir = join(import.meta.dirname, '..', 'node_modules', '.typecheck');
  mkdirSync(outDir, { recursive: true });
  for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
    const cases: { line: number; text: string }[] = [];
    const source = readFileSync(join(folder, file), 'utf8').split('\n').map((line, index) => {
      const marker = line.indexOf('//! ');
      // An indented marked line is inside a generic block's body, which the type checker checks where it
      // is written and which runs only when applied: not a statement of its own.
      if (marker < 0 || /^\s/.test(line)) return line;
      const text = line.slice(marker + 4).trim().replace(/^@\S+\s+/, ''); // `@token`: where the editor underlines
      if (typeOnly(text)) return line;
      cases.push({ line: index + 1, text });
      return `__outcomes.push([${index + 1}, (() => { try { ${line.slice(0, marker).trim()} return 'no error'; } catch (e) { return e.name + ': ' + e.message; } })()]);`;
    });
    const entry = join(outDir, `twins-${file}`);
    writeFileSync(entry, `const __outcomes: [number, string][] = [];\n(globalThis as any).__twins = __outcomes;\n${source.join('\n')}\n`);
    const bundle = join(outDir, `twins-${file.replace(/\.ts$/, '.mjs')}`);
    await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', outfile: bundle, logLevel: 'silent' });
    await import(`${pathToFileURL(bundle).href}?${Date.now()}`);
    suites.push({ file, cases, outcomes: new Map((globalThis as unknown as { __twins: [number, string][] }).__twins) });
  }
}

describe('runtime twins throw the type checker’s sentences', () => {
  for (const { file, cases, outcomes } of suites) {
    it.each(cases.map((c) => [`${file}:${c.line}`, c] as const))('%s', (_label, c) => {
      const thrown = outcomes.get(c.line) ?? 'not run';
      expect(thrown).toMatch(/^ShapeError: /);
      expect(thrown).toContain(c.text.replace(/^(apply|repeat): the block does not fit its input: /, ''));
    });
  }
});
