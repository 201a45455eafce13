/**
 * The type-test harness: type-checks files with the real TypeScript 7 compiler (`tsc`, native) and with
 * the TypeScript 6 API that ts-morph bundles, returning diagnostics in one shape so suites can assert
 * the same verdicts under both. Files are checked in a scratch folder inside this package so
 * `@stride/dsl` and relative imports resolve as they do for users.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Project, ts } from 'ts-morph';

export interface Diagnostic {
  /** Path relative to the scratch folder (or as given). */
  file: string;
  line: number;
  column: number;
  code: number;
  /** The full message chain, one level per line, as tsc prints it. */
  message: string;
}

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../../..');
const packageRoot = resolve(here, '../..');
const baseOptions = JSON.parse(readFileSync(join(repo, 'tsconfig.base.json'), 'utf8')).compilerOptions as Record<string, unknown>;

/** Writes `files` (name → source) into a fresh scratch folder; returns its path. */
export function scratch(files: Record<string, string>): string {
  mkdirSync(join(packageRoot, 'node_modules', '.typecheck'), { recursive: true });
  const folder = mkdtempSync(join(packageRoot, 'node_modules', '.typecheck', 'case-'));
  for (const [name, source] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, name)), { recursive: true });
    writeFileSync(join(folder, name), source);
  }
  writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { ...baseOptions, types: [] },
    files: Object.keys(files),
  }));
  return folder;
}

export function removeScratch(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

/** Type-checks a scratch folder with TypeScript 7's `tsc` and parses its diagnostics. */
export function checkWithTsc(folder: string, extraArgs: string[] = []): { diagnostics: Diagnostic[]; output: string } {
  let output = '';
  try {
    output = execFileSync(join(repo, 'node_modules', '.bin', 'tsc'), ['-p', join(folder, 'tsconfig.json'), '--pretty', 'false', ...extraArgs], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? '') + String((error as { stderr?: string }).stderr ?? '');
  }
  const diagnostics: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const match = /^(.+?)\((\d+),(\d+)\): error TS(\d+): (.*)$/.exec(line);
    if (match) {
      diagnostics.push({ file: relative(folder, resolve(process.cwd(), match[1])), line: Number(match[2]), column: Number(match[3]), code: Number(match[4]), message: match[5] });
    } else if (/^\s+\S/.test(line) && diagnostics.length > 0) {
      diagnostics[diagnostics.length - 1].message += `\n${line.trim()}`;
    }
  }
  return { diagnostics, output };
}

function flatten(chain: string | ts.DiagnosticMessageChain): string {
  if (typeof chain === 'string') return chain;
  const lines: string[] = [];
  const walk = (node: ts.DiagnosticMessageChain) => {
    lines.push(node.messageText);
    for (const next of node.next ?? []) walk(next);
  };
  walk(chain);
  return lines.join('\n');
}

let project: Project | undefined;

/** Type-checks a scratch folder with the TypeScript 6 API bundled in ts-morph. */
export function checkWithTs6(folder: string): Diagnostic[] {
  const options = { ...baseOptions, types: [] } as Record<string, unknown>;
  project = new Project({ tsConfigFilePath: join(folder, 'tsconfig.json'), skipAddingFilesFromTsConfig: false, compilerOptions: {} });
  void options;
  const program = project.getProgram().compilerObject;
  return ts.getPreEmitDiagnostics(program)
    .filter((d) => d.file && d.start !== undefined && d.category === ts.DiagnosticCategory.Error)
    .map((d) => {
      const position = d.file!.getLineAndCharacterOfPosition(d.start!);
      return { file: relative(folder, d.file!.fileName), line: position.line + 1, column: position.character + 1, code: d.code, message: flatten(d.messageText) };
    });
}

/** The editor's hover text for `identifier` on `line` (1-based) of a scratch file, via ts-morph's language service. */
export function quickInfo(folder: string, file: string, line: number, identifier: string): string {
  const local = new Project({ tsConfigFilePath: join(folder, 'tsconfig.json') });
  const source = local.getSourceFileOrThrow(join(folder, file));
  const text = source.getFullText();
  const lineStart = text.split('\n').slice(0, line - 1).reduce((acc, l) => acc + l.length + 1, 0);
  const position = text.indexOf(identifier, lineStart);
  const info = local.getLanguageService().compilerObject.getQuickInfoAtPosition(source.getFilePath(), position);
  return ts.displayPartsToString(info?.displayParts ?? []);
}

/** Check time and instantiation count from `tsc --extendedDiagnostics` (TypeScript 7). */
export function instantiationCount(folder: string): { instantiations: number; checkSeconds: number; types: number } {
  const { output } = checkWithTsc(folder, ['--extendedDiagnostics']);
  const number = (label: string) => Number((new RegExp(`${label}:\\s+([\\d.]+)`).exec(output) ?? [])[1] ?? NaN);
  return { instantiations: number('Instantiations'), checkSeconds: number('Check time'), types: number('Types') };
}
