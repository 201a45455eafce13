/**
 * The type-test harness: type-checks TypeScript with the real TypeScript 7 compiler (the native `tsc`
 * binary) and with the TypeScript 6 API that ts-morph bundles, and returns diagnostics in one shape so
 * suites can assert identical verdicts under both. Also: the editor's hover text (`quickInfo`) and the
 * type-check cost (`instantiationCount`). See README.md beside this file.
 *
 * Checked sources live in a scratch folder under `packages/dsl/node_modules/.typecheck/`, inside the
 * `@stride/dsl` package, so `import … from '@stride/dsl'` resolves to the workspace source exactly as it
 * does for users (a package may import itself by name through its `exports`), and relative imports
 * between the checked files work. The compiler options are the repository's `tsconfig.base.json`.
 *
 * Speed: a `tsc` run costs about a second of start-up, a TypeScript 6 program about two, whatever the
 * number of files; batch many cases into a few files and check them in one call per suite.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Project, ts } from 'ts-morph';

/**
 * Names of the DSL's type-level machinery, which no error message or hover may show: users read the
 * DSL's sentences and the layers' own names (`Conv2dShape<S, { … }>`), never how they are computed.
 */
export const internalNames = /Resolve|Rule|Failure\b|OptionErrors|OptionsFail|ErrorTable|Verdict|Carrier|Spec\b|[bB]rand|#options|Fail</;

/** One compiler error, identical in shape under TypeScript 7 and TypeScript 6. */
export interface Diagnostic {
  /**
   * The file, relative to the scratch folder (so the names given to `scratch` come back unchanged);
   * files outside it (checked by path) relative to the repository root, with `/` separators. `''` for
   * a diagnostic that belongs to no file (e.g. a bad compiler option).
   */
  file: string;
  /** 1-based line; 0 when `file` is `''`. */
  line: number;
  /** 1-based column; 0 when `file` is `''`. */
  column: number;
  /** The error number: 2322 for `TS2322`. */
  code: number;
  /**
   * The full message as tsc prints it with `--pretty false`: the head of the message chain, then one
   * line per nested level, each indented two spaces deeper than its parent.
   */
  message: string;
}

/**
 * What to check:
 * - a folder made by `scratch` (its `tsconfig.json` lists the files), reused across calls;
 * - a record of file name → source, written to a temporary scratch folder that is removed afterwards;
 * - a list of existing file paths (absolute or relative to the working directory), checked in place.
 */
export type Target = string | Record<string, string> | readonly string[];

/** The cost of one type-check: what `tsc --extendedDiagnostics` reports. */
export interface CheckCost {
  /** Type instantiations: deterministic for a given compiler version, so fit for asserted ceilings. */
  instantiations: number;
  /** Types created by the checker. */
  types: number;
  /** Time spent checking (not parsing or binding), in seconds; varies with machine load. */
  checkSeconds: number;
}

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../../..');
const packageRoot = resolve(here, '../..');
const scratchRoot = join(packageRoot, 'node_modules', '.typecheck');
const tscBinary = join(repo, 'node_modules', '.bin', 'tsc');
const baseOptions = JSON.parse(readFileSync(join(repo, 'tsconfig.base.json'), 'utf8')).compilerOptions as Record<string, unknown>;
/** No ambient `@types` packages: cases see only what they import, as in a user's module. */
const compilerOptions = { ...baseOptions, types: [] };

/**
 * Writes `files` (name → source; names may contain `/`) and a `tsconfig.json` listing them into a
 * fresh scratch folder, and returns the folder's path. Remove it with `removeScratch`.
 * @example
 * const folder = scratch({ 'net.ts': "import { input } from '@stride/dsl';\nexport const x = input([1, 3]);" });
 */
export function scratch(files: Record<string, string>): string {
  mkdirSync(scratchRoot, { recursive: true });
  const folder = mkdtempSync(join(scratchRoot, 'case-'));
  for (const [name, source] of Object.entries(files)) {
    if (isAbsolute(name) || name.split(/[\\/]/).includes('..')) {
      throw new Error(`scratch: file name ${JSON.stringify(name)} must be relative and stay inside the scratch folder`);
    }
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), source);
  }
  writeConfig(folder, Object.keys(files));
  return folder;
}

/** Deletes a scratch folder (and forgets its language service, see `quickInfo`). */
export function removeScratch(folder: string): void {
  languageServices.delete(resolve(folder));
  rmSync(folder, { recursive: true, force: true });
}

function writeConfig(folder: string, files: string[]): void {
  writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions, files }, null, 2));
}

/** Resolves a target to a scratch folder, runs `body` on it, and removes the folder if it made one. */
function withFolder<Result>(target: Target, body: (folder: string) => Result): Result {
  if (typeof target === 'string') {
    if (!existsSync(join(target, 'tsconfig.json'))) {
      throw new Error(`type-check: ${target} has no tsconfig.json; pass a folder made by scratch(), a record of sources or a list of paths`);
    }
    return body(target);
  }
  let folder: string;
  if (Array.isArray(target)) {
    const paths = (target as readonly string[]).map((path) => resolve(path));
    const missing = paths.filter((path) => !existsSync(path));
    if (missing.length > 0) throw new Error(`type-check: no such file: ${missing.join(', ')}`);
    folder = scratch({});
    writeConfig(folder, paths);
  } else {
    folder = scratch(target as Record<string, string>);
  }
  try {
    return body(folder);
  } finally {
    removeScratch(folder);
  }
}

function displayName(folder: string, fileName: string): string {
  const absolute = resolve(folder, fileName);
  const inside = relative(folder, absolute);
  const name = inside.startsWith('..') || isAbsolute(inside) ? relative(repo, absolute) : inside;
  return name.split(sep).join('/');
}

/**
 * Type-checks with TypeScript 7's native `tsc` (`--noEmit --pretty false`) and parses its diagnostics.
 * `output` is tsc's full text (with `extraArgs` such as `--extendedDiagnostics`, also its statistics).
 * Throws if tsc fails without printing a diagnostic (a crash), so a broken run never reads as "no errors".
 * @example
 * checkWithTsc({ 'a.ts': 'const x: string = 1;' }).diagnostics
 * //=> [{ file: 'a.ts', line: 1, column: 7, code: 2322, message: "Type 'number' is not assignable to type 'string'." }]
 */
export function checkWithTsc(target: Target, extraArgs: readonly string[] = []): { diagnostics: Diagnostic[]; output: string } {
  return withFolder(target, (folder) => {
    let output: string;
    let failed = false;
    try {
      output = execFileSync(tscBinary, tscArgs(folder, extraArgs), { ...tscOptions(folder), stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      output = `${stdout ?? ''}${stderr ?? ''}`;
      failed = true;
    }
    return tscResult(folder, output, failed);
  });
}

const tscArgs = (folder: string, extraArgs: readonly string[]) => ['-p', join(folder, 'tsconfig.json'), '--noEmit', '--pretty', 'false', ...extraArgs];
const tscOptions = (folder: string) => ({ encoding: 'utf8' as const, cwd: folder, maxBuffer: 256 * 1024 * 1024 });

/** tsc's output read as the harness reads it; a failed run that printed no diagnostic is a crash. */
function tscResult(folder: string, output: string, failed: boolean): { diagnostics: Diagnostic[]; output: string } {
  const diagnostics = sortDiagnostics(parseTscOutput(folder, output));
  if (failed && diagnostics.length === 0) throw new Error(`tsc failed without diagnostics:\n${output}`);
  return { diagnostics, output };
}

/**
 * `checkWithTsc` of a scratch folder in a child process that runs while the caller goes on (e.g. to
 * check the same folder with the TypeScript 6 API in this one): the same diagnostics and output, as a promise.
 * @example
 * const pending = checkWithTscAsync(folder);
 * const ts6 = checkWithTs6(folder);
 * const { diagnostics } = await pending;
 */
export async function checkWithTscAsync(folder: string, extraArgs: readonly string[] = []): Promise<{ diagnostics: Diagnostic[]; output: string }> {
  // A scratch folder only (made by `scratch`, removed by the caller): a temporary one would have to outlive the call.
  return withFolder(folder, () => new Promise((done, fail) => {
    execFile(tscBinary, tscArgs(folder, extraArgs), tscOptions(folder), (error, stdout, stderr) => {
      try {
        done(tscResult(folder, error ? `${stdout ?? ''}${stderr ?? ''}` : stdout, error !== null));
      } catch (crash) {
        fail(crash);
      }
    });
  }));
}

/**
 * Parses `tsc --pretty false` output: `file(line,col): error TSxxxx: head`, continuation lines of the
 * message chain indented below it, and file-less `error TSxxxx: …` lines.
 */
function parseTscOutput(folder: string, output: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let last: Diagnostic | undefined;
  for (const line of output.split(/\r?\n/)) {
    const located = /^(.+?)\((\d+),(\d+)\): error TS(\d+): (.*)$/.exec(line);
    const global = /^error TS(\d+): (.*)$/.exec(line);
    if (located) {
      last = { file: displayName(folder, located[1]), line: Number(located[2]), column: Number(located[3]), code: Number(located[4]), message: located[5] };
      diagnostics.push(last);
    } else if (global) {
      last = { file: '', line: 0, column: 0, code: Number(global[1]), message: global[2] };
      diagnostics.push(last);
    } else if (last && /^ {2,}\S/.test(line)) {
      last.message += `\n${line}`;
    } else {
      last = undefined; // statistics or a blank line end the chain
    }
  }
  return diagnostics;
}

/** One order for both compilers: by file, line, column, then code. */
function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || a.code - b.code));
}

/** A TypeScript 6 program for a scratch folder's tsconfig, with its check cost. */
function runTs6(folder: string): { diagnostics: Diagnostic[]; cost: CheckCost } {
  // Through ts-morph's Project rather than bare `ts.createProgram`: the bundled compiler has no lib
  // .d.ts files on disk, and Project serves them from memory.
  const project = new Project({ tsConfigFilePath: join(folder, 'tsconfig.json'), compilerOptions: { noEmit: true } });
  const program = project.getProgram().compilerObject;
  const start = performance.now();
  const all = ts.getPreEmitDiagnostics(program);
  const checkSeconds = (performance.now() - start) / 1000;
  const diagnostics = sortDiagnostics(all
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d): Diagnostic => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
      if (!d.file || d.start === undefined) return { file: '', line: 0, column: 0, code: d.code, message };
      const position = d.file.getLineAndCharacterOfPosition(d.start);
      return { file: displayName(folder, d.file.fileName), line: position.line + 1, column: position.character + 1, code: d.code, message };
    }));
  return { diagnostics, cost: { instantiations: program.getInstantiationCount(), types: program.getTypeCount(), checkSeconds } };
}

/**
 * Type-checks with the TypeScript 6 API bundled in ts-morph, giving diagnostics in the same shape
 * and order (by file, line, column, code) as `checkWithTsc`; message chains are flattened the way tsc
 * prints them.
 * @example
 * checkWithTs6({ 'a.ts': 'const x: string = 1;' })
 * //=> [{ file: 'a.ts', line: 1, column: 7, code: 2322, message: "Type 'number' is not assignable to type 'string'." }]
 */
export function checkWithTs6(target: Target): Diagnostic[] {
  return withFolder(target, (folder) => runTs6(folder).diagnostics);
}

/**
 * The type-check cost and diagnostics of a target under TypeScript 7 (`tsc --extendedDiagnostics`,
 * the default) or the TypeScript 6 API (`program.getInstantiationCount()`, check time measured around
 * `getPreEmitDiagnostics`). Instantiation counts differ between the two compilers; compare like with like.
 * @example
 * instantiationCount(folder) //=> { instantiations: 127678, types: 35334, checkSeconds: 0.27, diagnostics: [] }
 */
export function instantiationCount(target: Target, compiler: 'tsc' | 'ts6' = 'tsc'): CheckCost & { diagnostics: Diagnostic[] } {
  if (compiler === 'ts6') {
    return withFolder(target, (folder) => {
      const { diagnostics, cost } = runTs6(folder);
      return { ...cost, diagnostics };
    });
  }
  const { diagnostics, output } = checkWithTsc(target, ['--extendedDiagnostics']);
  const statistic = (label: string): number | undefined => {
    const match = new RegExp(`^${label}:\\s+([\\d.]+)`, 'm').exec(output);
    return match ? Number(match[1]) : undefined;
  };
  const [instantiations, types, checkSeconds] = [statistic('Instantiations'), statistic('Types'), statistic('Check time')];
  if (instantiations === undefined || types === undefined) throw new Error(`tsc --extendedDiagnostics printed no statistics:\n${output}`);
  // tsc skips checking (and its "Check time" line) when a file does not parse; the syntax errors are in `diagnostics`.
  if (checkSeconds === undefined && diagnostics.length === 0) throw new Error(`tsc --extendedDiagnostics printed no check time:\n${output}`);
  return { instantiations, types, checkSeconds: checkSeconds ?? 0, diagnostics };
}

/** One language service per scratch folder: building it costs seconds, queries milliseconds. */
const languageServices = new Map<string, Project>();

/**
 * The editor's hover text (TypeScript 6 language service, via ts-morph) for the first whole-word
 * occurrence of `identifier` on `line` (1-based) of `file` in a scratch folder.
 * Throws if the identifier is not on that line.
 * @example
 * quickInfo(folder, 'lenet.ts', 3, 'features') //=> 'const features: Tensor<[1, 6, 14, 14]>'
 */
export function quickInfo(folder: string, file: string, line: number, identifier: string): string {
  const key = resolve(folder);
  let project = languageServices.get(key);
  if (!project) {
    project = new Project({ tsConfigFilePath: join(key, 'tsconfig.json') });
    languageServices.set(key, project);
  }
  const source = project.getSourceFileOrThrow(join(key, file));
  const lines = source.getFullText().split('\n');
  const text = lines[line - 1];
  if (text === undefined) throw new Error(`quickInfo: ${file} has ${lines.length} lines, asked for line ${line}`);
  const escaped = identifier.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?<![\\w$])${escaped}(?![\\w$])`).exec(text);
  if (!match) throw new Error(`quickInfo: ${JSON.stringify(identifier)} is not on line ${line} of ${file}: ${JSON.stringify(text)}`);
  const position = lines.slice(0, line - 1).reduce((sum, previous) => sum + previous.length + 1, 0) + match.index;
  const info = project.getLanguageService().compilerObject.getQuickInfoAtPosition(source.getFilePath(), position);
  if (!info) throw new Error(`quickInfo: the language service has no information for ${identifier} at ${file}:${line}`);
  return ts.displayPartsToString(info.displayParts ?? []);
}
