#!/usr/bin/env node
/**
 * Builds one package for packing (`pnpm pack` runs it as `prepack`): `dist/` from scratch, compiled by
 * `tsc -p tsconfig.build.json` (ES modules and declaration files, relative imports already carrying
 * `.js`), then the declaration fix-ups listed below. Run from the package's folder.
 *
 * Inside the workspace the packages export their TypeScript source; only packed tarballs point at
 * `dist/` (`publishConfig.exports` in each package.json).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Directives that `tsc` drops from declaration files, put back. A user's project checks our `.d.ts`
 * files unless it sets `skipLibCheck`, so an error the source silences must stay silenced there.
 * `@ts-ignore` rather than `@ts-expect-error`: a later TypeScript that verifies the annotation must
 * not turn the directive itself into an error in users' projects.
 */
const fixups = {
  '@stride/dsl': [{
    file: 'dist/tensor.d.ts',
    // Tensor's `out S` variance annotation: the source silences TS2636 above the type parameter
    // (see its comment in src/tensor.ts); the declaration puts the parameter on the class's line.
    before: 'export declare class Tensor<out S extends Shape = Shape> {',
    line: '// @ts-ignore TS2636: covariant by intent; TypeScript cannot verify it through the shape rules (see src/tensor.ts).',
  }],
};

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
rmSync('dist', { recursive: true, force: true });
const tsc = createRequire(join(process.cwd(), 'package.json')).resolve('typescript/package.json').replace(/package\.json$/, 'bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
for (const fixup of fixups[manifest.name] ?? []) {
  const text = readFileSync(fixup.file, 'utf8');
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trim() === fixup.before);
  if (at < 0 || lines.filter((l) => l.trim() === fixup.before).length !== 1) {
    throw new Error(`build ${manifest.name}: expected one line \`${fixup.before}\` in ${fixup.file} to put \`${fixup.line}\` above; ` +
      `found ${at < 0 ? 'none' : 'several'}. Update the fix-up in scripts/build-package.mjs to the new declaration (or drop it if the source no longer needs it).`);
  }
  const indent = /^\s*/.exec(lines[at])[0];
  lines.splice(at, 0, `${indent}${fixup.line}`);
  writeFileSync(fixup.file, lines.join('\n'));
}
