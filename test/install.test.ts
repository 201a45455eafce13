/**
 * Stride as a user's project gets it. The three packages are packed with `pnpm pack` (compiled by
 * their `prepack`), installed with `npm` into a project outside the workspace, and used there the way
 * the README says: `tsc` under `nodenext` and `bundler`, `npx stride build`, plain `node` running the
 * bundle, `npx stride init` → `npm install` → `npm run build` → `npm start`.
 *
 * No network: npm resolves the packages' own dependencies (esbuild, ts-morph, protobufjs, typescript)
 * from a registry on 127.0.0.1 that serves the workspace's installed copies (support/registry.ts), with
 * a fresh npm cache, so what passes here is what the tarballs declare, not what a cache happens to hold.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interpret, loadSafetensors, strideErrorCodes } from '@stride/runtime';
import lenet5 from '../examples/lenet-mnist/src/lenet5.js';
import { checkWithTs6, checkWithTsc, type Diagnostic } from '../packages/dsl/test/harness/index.js';
import { maxAbsDiff, tolerance } from './fixtures/index.js';
import { startRegistry, type LocalRegistry } from './support/registry.js';

const run = promisify(execFile);
const repo = join(import.meta.dirname, '..');
const names = ['dsl', 'runtime', 'codegen'] as const;
const work = mkdtempSync(join(tmpdir(), 'stride-install-'));
const tarballs = join(work, 'tarballs');
const project = join(work, 'project');
/** TMPDIR of every command run in the projects: what the CLI leaves behind would show here. */
const scratch = join(work, 'tmp');
let registry: LocalRegistry;
let npmEnv: NodeJS.ProcessEnv;

interface Ran { stdout: string; stderr: string; code: number }

/** Runs a command in `cwd` with the isolated npm environment; never throws, so tests can read failures. */
async function sh(command: string, args: string[], cwd: string): Promise<Ran> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd, env: npmEnv, maxBuffer: 64 << 20, timeout: 240_000 });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const { stdout = '', stderr = '', code } = error as { stdout?: string; stderr?: string; code?: number | string };
    return { stdout, stderr, code: typeof code === 'number' ? code : -1 };
  }
}

/** Like `sh`, but a failure fails the test with everything the command printed. */
async function ok(command: string, args: string[], cwd: string): Promise<Ran> {
  const ran = await sh(command, args, cwd);
  if (ran.code !== 0) {
    // Platform packages of other systems are expected misses; anything else is worth showing.
    const misses = registry?.misses.filter((m) => !/^GET \/@(esbuild\/|typescript\/typescript-)/.test(m)) ?? [];
    throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${ran.code}\n${ran.stdout}\n${ran.stderr}${misses.length ? `\nregistry misses: ${misses.join(', ')}` : ''}`);
  }
  return ran;
}

/** pnpm: the one running this suite (`pnpm test`), else the one `.ci/run` put in npx's cache. */
function pnpm(args: string[]): [string, string[]] {
  const execPath = process.env.npm_execpath ?? '';
  if (/pnpm\.c?js$/.test(execPath)) return [process.execPath, [execPath, ...args]];
  return ['npx', ['--offline', '-y', 'pnpm@10', ...args]];
}

/** `tsc --pretty false` output (run in `folder`) as the harness reads it: head lines and their indented message chains. */
function parseTsc(output: string, folder: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  let last: Diagnostic | undefined;
  for (const line of output.split(/\r?\n/)) {
    const head = /^(.+?)\((\d+),(\d+)\): error TS(\d+): (.*)$/.exec(line);
    if (head) {
      last = { file: relative(folder, join(folder, head[1])).split('\\').join('/'), line: Number(head[2]), column: Number(head[3]), code: Number(head[4]), message: head[5] };
      diagnostics.push(last);
    } else if (last && /^ {2,}\S/.test(line)) last.message += `\n${line}`;
    else last = undefined;
  }
  return diagnostics.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || a.code - b.code));
}

/**
 * A diagnostic as users read it: where, which error, and the sentences the DSL typed into it (the whole
 * message when it has none). TypeScript abbreviates the types around a sentence (a block's generic type
 * as `Resolve<...>` or spelled out) by how much of the program it has checked, so those may differ.
 */
function verdicts(diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const sentences = [...new Set([...d.message.matchAll(/(?:ShapeErrorMessage|Failure)<"(.*?)">/g)].map((m) => m[1]))];
    // A method called on a tensor it does not fit is TS2684 under TypeScript 6 and the same check
    // reported by its elaboration, TS2741, under TypeScript 7.0 (packages/dsl/test/compile-fail.test.ts).
    const code = d.code === 2684 ? 2741 : d.code;
    return `${d.file}:${d.line}:${d.column} TS${code} ${sentences.length ? sentences.join(' | ') : d.message}`;
  });
}

/** Files under `folder`, relative, with `/`. */
function listFiles(folder: string, prefix = ''): string[] {
  return readdirSync(join(folder, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(folder, path) : [path];
  });
}

const misfit = [
  "import { input, model } from '@stride/dsl';",
  '',
  "const image = input([1, 1, 32, 32], { name: 'image' });",
  "const features = image.conv2d({ outChannels: 6, kernelSize: 50, name: 'c1' });",
  'export default model({ inputs: { image }, outputs: { features } });',
  '',
].join('\n');
/** The DSL's compile-fail fixtures: every type-level rule's errors, to compare with the workspace's verdicts. */
const fixtureFolder = join(repo, 'packages/dsl/test/fixtures/compile-fail');
const typeCases: Record<string, string> = {
  'misfit.ts': misfit,
  ...Object.fromEntries(readdirSync(fixtureFolder).filter((f) => f.endsWith('.ts')).map((f) => [`fixtures/${f}`, readFileSync(join(fixtureFolder, f), 'utf8')])),
};

beforeAll(async () => {
  const t0 = performance.now();
  mkdirSync(tarballs, { recursive: true });
  mkdirSync(scratch, { recursive: true });
  // Packing runs each package's prepack (tsc into dist/); pnpm turns workspace:^ into ^version.
  await Promise.all(names.map(async (name) => {
    const [command, args] = pnpm(['pack', '--pack-destination', tarballs]);
    const { stderr } = await run(command, args, { cwd: join(repo, 'packages', name), maxBuffer: 64 << 20 }).catch((error: { stdout: string; stderr: string }) => {
      throw new Error(`pnpm pack in packages/${name} failed:\n${error.stdout}\n${error.stderr}`);
    });
    return stderr;
  }));
  const packed = performance.now();
  const codegenModules = join(repo, 'packages/codegen/node_modules');
  registry = await startRegistry([
    ...['esbuild', 'protobufjs', 'ts-morph'].map((name) => join(codegenModules, name)),
    join(repo, 'node_modules/typescript'),
  ], join(work, 'registry'));
  const served = performance.now();
  writeFileSync(join(work, 'npmrc'), '');
  // pnpm's npm_config_* variables would reach npm: start from the machine's environment without them.
  npmEnv = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_|^pnpm_/i.test(key)));
  Object.assign(npmEnv, {
    npm_config_registry: registry.url, npm_config_cache: join(work, 'npm-cache'), npm_config_userconfig: join(work, 'npmrc'),
    npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', npm_config_loglevel: 'error',
    TMPDIR: scratch,
  });
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, 'package.json'), `${JSON.stringify({ name: 'user-project', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`);
  const typescript = JSON.parse(readFileSync(join(repo, 'node_modules/typescript/package.json'), 'utf8')).version as string;
  await ok('npm', ['install', ...names.map((name) => join(tarballs, `stride-${name}-0.1.0.tgz`)), `typescript@${typescript}`], project);
  const seconds = (from: number, to: number) => `${((to - from) / 1000).toFixed(1)} s`;
  console.log(`install test: pnpm pack ${seconds(t0, packed)}, registry of ${registry.packages.length} packages ${seconds(packed, served)}, npm install ${seconds(served, performance.now())}`);
}, 300_000);

afterAll(async () => {
  await registry?.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the packed packages', () => {
  it('are small tarballs of compiled ES modules with declarations, a README and a license', () => {
    const sizes = Object.fromEntries(names.map((name) => [name, statSync(join(tarballs, `stride-${name}-0.1.0.tgz`)).size]));
    console.log(`tarballs: ${names.map((name) => `@stride/${name} ${(sizes[name] / 1024).toFixed(1)} KB`).join(', ')}`);
    for (const name of names) {
      const folder = join(project, 'node_modules/@stride', name);
      const files = listFiles(folder);
      expect(files.filter((f) => !/^(dist\/.*\.(js|d\.ts)|template\/.*|package\.json|README\.md|LICENSE)$/.test(f)), name).toEqual([]);
      expect(files.filter((f) => f.startsWith('dist/') && f.endsWith('.js')).every((f) => files.includes(f.replace(/\.js$/, '.d.ts'))), name).toBe(true);
      // codegen holds the compiler with both targets, the ONNX exporter and importer, the threaded
      // executor's plan and the plugins: 239 KB packed after issues 15 and 16 (188 KB before).
      expect(sizes[name], name).toBeLessThan((name === 'codegen' ? 280 : 200) * 1024);
    }
  });

  it('share one version, name each other by range, and point every export at a file that exists', () => {
    const manifests = names.map((name) => JSON.parse(readFileSync(join(project, 'node_modules/@stride', name, 'package.json'), 'utf8')));
    const workspace = names.map((name) => JSON.parse(readFileSync(join(repo, 'packages', name, 'package.json'), 'utf8')));
    expect(new Set([...manifests, ...workspace].map((m) => m.version)).size).toBe(1);
    const version = manifests[0].version as string;
    for (const manifest of manifests) {
      expect(manifest.license).toBe('MIT');
      expect(manifest.engines.node).toBe('>=20.19');
      expect(manifest.private).toBeUndefined();
      for (const [dependency, range] of Object.entries(manifest.dependencies ?? {})) {
        if (dependency.startsWith('@stride/')) expect(range).toBe(`^${version}`);
      }
      for (const [path, target] of Object.entries(manifest.exports as Record<string, string | Record<string, string>>)) {
        if (typeof target === 'string') {
          expect(path).toBe('./package.json');
          continue;
        }
        expect(Object.keys(target)).toEqual(['types', 'import']);
        for (const file of Object.values(target)) expect(existsSync(join(project, 'node_modules', manifest.name, file)), `${manifest.name} ${path} → ${file}`).toBe(true);
      }
    }
    const codegen = manifests[2];
    expect(codegen.bin).toEqual({ stride: './dist/cli.js' });
    expect(readFileSync(join(project, 'node_modules/@stride/codegen/dist/cli.js'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });
});

describe('TypeScript in the project', () => {
  const resolutions = ['nodenext', 'bundler'] as const;
  /** The workspace's diagnostics on the same files: what a user's project must see. */
  let reference: Diagnostic[];
  const installed = new Map<(typeof resolutions)[number], { tsc: Ran & { diagnostics: Diagnostic[] }; ts6: Diagnostic[] }>();
  beforeAll(async () => {
    const folders = resolutions.map((resolution) => {
      const folder = join(project, `check-${resolution}`);
      for (const [file, source] of Object.entries(typeCases)) {
        mkdirSync(join(folder, file, '..'), { recursive: true });
        writeFileSync(join(folder, file), source);
      }
      // A user's strict project; skipLibCheck off, so the packages' declaration files are checked too.
      writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({
        compilerOptions: {
          target: 'ES2022', lib: ['ES2022'], types: [], strict: true, noEmit: true, skipLibCheck: false,
          module: resolution === 'nodenext' ? 'nodenext' : 'esnext', moduleResolution: resolution,
        },
        files: Object.keys(typeCases),
      }, null, 2));
      return folder;
    });
    // The project's own tsc runs in child processes while the TypeScript 6 API checks in this one.
    const running = folders.map((folder) => sh(join(project, 'node_modules/.bin/tsc'), ['--pretty', 'false'], folder));
    reference = checkWithTsc(typeCases).diagnostics;
    const ts6 = folders.map((folder) => checkWithTs6(folder));
    const tsc = await Promise.all(running);
    resolutions.forEach((resolution, i) => installed.set(resolution, { tsc: { ...tsc[i], diagnostics: parseTsc(tsc[i].stdout, folders[i]) }, ts6: ts6[i] }));
  }, 120_000);

  it('reports the misfitting conv on its line, and nothing else in that file', () => {
    const here = reference.filter((d) => d.file === 'misfit.ts');
    expect(here.map((d) => `${d.line}:${d.column} TS${d.code}`)).toEqual(['4:49 TS2322']);
    expect(here[0].message).toContain('conv2d: kernel 50 is larger than padded input 32 (input 32, padding 0, dilation 1)');
    expect(reference.length).toBeGreaterThanOrEqual(75); // the fixtures' cases are there too
  });

  for (const resolution of resolutions) {
    it(`gives the workspace's diagnostics under moduleResolution ${resolution}, with tsc and with the TypeScript 6 API`, () => {
      const { tsc, ts6 } = installed.get(resolution)!;
      expect(tsc.code).not.toBe(0);
      expect(verdicts(tsc.diagnostics)).toEqual(verdicts(reference));
      expect(verdicts(ts6)).toEqual(verdicts(reference));
    });
  }
});

describe('npx stride', () => {
  it('answers --version and --help for every command', async () => {
    const commands = ['init', 'build', 'summary', 'export-onnx'];
    // npx for the version; the bin npx runs for the rest (npx itself costs a second each).
    const stride = join(project, 'node_modules/.bin/stride');
    const [version, overview, ...helps] = await Promise.all([
      ok('npx', ['stride', '--version'], project),
      ...[['--help'], ...commands.map((c) => [c, '--help'])].map((args) => ok(stride, args, project)),
    ]);
    expect(version.stdout).toBe('0.1.0\n');
    expect(helps[1].stdout).toContain('\n  --weights <file.safetensors>  The trained weights');
    commands.forEach((command, i) => {
      expect(overview.stdout).toContain(`  ${command} `);
      expect(helps[i].stdout).toMatch(new RegExp(`^usage: stride ${command}( .*)?\n\n\\S`));
    });
  });

  it('builds a network with weights; plain node runs the bundle with @stride/runtime\'s helpers, as the interpreter does', async () => {
    mkdirSync(join(project, 'src'), { recursive: true });
    mkdirSync(join(project, 'weights'), { recursive: true });
    writeFileSync(join(project, 'src/lenet5.ts'), readFileSync(join(repo, 'examples/lenet-mnist/src/lenet5.ts')));
    writeFileSync(join(project, 'weights/lenet5.safetensors'), readFileSync(join(repo, 'examples/lenet-mnist/weights/lenet5-mnist.safetensors')));
    const built = await ok('npx', ['stride', 'build', 'src/lenet5.ts', '--weights', 'weights/lenet5.safetensors', '--out', 'dist/lenet5'], project);
    expect(built.stdout).toContain('lenet5-mnist');
    expect(readdirSync(scratch)).toEqual([]); // loading the network left nothing in TMPDIR
    writeFileSync(join(project, 'run.js'), [
      "import { imageToTensor, loadSafetensors, topK } from '@stride/runtime';",
      "import { create, StrideError } from './dist/lenet5/index.js';",
      '',
      "const weights = await loadSafetensors('weights/lenet5.safetensors');",
      '// A 32×32 RGBA picture of a vertical stroke; LeNet-5 reads one grey plane, the first of imageToTensor\'s three.',
      'const rgba = new Uint8Array(32 * 32 * 4);',
      'for (let y = 6; y < 26; y++) for (let x = 14; x < 18; x++) rgba.fill(255, (y * 32 + x) * 4, (y * 32 + x) * 4 + 4);',
      'const image = imageToTensor(rgba, { width: 32, height: 32 }).subarray(0, 32 * 32);',
      'const net = await create();',
      'const logits = Array.from(net.run({ image }).logits);',
      'let refused;',
      'try { net.run({ imag: image }); } catch (error) { refused = { bundleClass: error instanceof StrideError, code: error.code, message: error.message }; }',
      "console.log(JSON.stringify({ tensors: weights.tensors.size, image: Array.from(image), logits, top: topK(logits, 3, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']), refused }));",
      '',
    ].join('\n'));
    const ran = JSON.parse((await ok(process.execPath, ['run.js'], project)).stdout) as {
      tensors: number; image: number[]; logits: number[]; top: { label: string; value: number }[]; refused: { bundleClass: boolean; code: string; message: string };
    };
    expect(ran.tensors).toBe(10);
    expect(ran.image.filter((v) => v === 1)).toHaveLength(80);
    const expected = interpret(lenet5.toIR(), await loadSafetensors(join(repo, 'examples/lenet-mnist/weights/lenet5-mnist.safetensors')), { image: Float32Array.from(ran.image) }).logits;
    expect(maxAbsDiff(Float32Array.from(ran.logits), expected)).toBeLessThanOrEqual(tolerance(expected));
    expect(ran.top[0].label).toBe('1');
    expect(ran.refused).toEqual({ bundleClass: true, code: 'input', message: "missing input 'image' (Float32Array, shape [1, 1, 32, 32], 1024 values); got 'imag' — did you mean 'image'?" });
    // The bundle's declarations name StrideError and every code the README lists.
    const declarations = readFileSync(join(project, 'dist/lenet5/index.d.ts'), 'utf8');
    expect(declarations).toContain('export declare class StrideError extends Error');
    for (const code of Object.keys(strideErrorCodes)) expect(declarations).toContain(`"${code}"`);
  });

  it('writes a bundle that loads in a project without "type": "module" too, from .mjs and from CommonJS', async () => {
    const legacy = join(work, 'legacy');
    mkdirSync(legacy, { recursive: true });
    writeFileSync(join(legacy, 'package.json'), `${JSON.stringify({ name: 'legacy', version: '1.0.0', private: true }, null, 2)}\n`);
    await ok('npx', ['stride', 'build', 'src/lenet5.ts', '--random-weights', '1', '--out', '../legacy/dist/net'], project);
    // An ES module beside CommonJS files, and a CommonJS file importing the bundle.
    writeFileSync(join(legacy, 'main.mjs'), "import { create } from './dist/net/index.js';\nconst net = await create();\nconsole.log(net.run({ image: new Float32Array(1024) }).logits.length);\n");
    writeFileSync(join(legacy, 'main.js'), "import('./dist/net/index.js').then(async ({ create }) => console.log((await create()).run({ image: new Float32Array(1024) }).logits.length));\n");
    for (const file of ['main.mjs', 'main.js']) expect((await ok(process.execPath, [file], legacy)).stdout, file).toBe('10\n');
  });

  it('builds, summarizes and exports a lone network file with its own copy of @stride/dsl, and says what went wrong in one prefix', async () => {
    const lone = join(work, 'lone');
    mkdirSync(lone, { recursive: true });
    writeFileSync(join(lone, 'net.ts'), readFileSync(join(repo, 'examples/lenet-mnist/src/lenet5.ts')));
    const [, summary, onnx] = await Promise.all([
      ok('npx', ['stride', 'build', '../lone/net.ts', '--random-weights', '0', '--out', '../lone/dist'], project),
      ok('npx', ['stride', 'summary', '../lone/net.ts'], project),
      ok('npx', ['stride', 'export-onnx', '../lone/net.ts', '--random-weights', '0', '--out', '../lone/net.onnx'], project),
    ]);
    expect(existsSync(join(lone, 'dist/index.js'))).toBe(true);
    expect(summary.stdout).toMatch(/^Model: lenet5-mnist\n/);
    expect(onnx.stdout).toMatch(/^wrote \.\.\/lone\/net\.onnx \(lenet5-mnist: 13 layers, .* KiB, opset 17\)\n$/);
    expect(statSync(join(lone, 'net.onnx')).size).toBeGreaterThan(200_000);
    const refused = await sh('npx', ['stride', 'build', '../lone/net.ts', '--random-weights', '0', '--out', '../lone/dist', '--batch', '8'], project);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^stride build: --batch 8 \(option batch\): model 'lenet5-mnist' has no symbolic dimension to size/m);
    expect(refused.stderr).not.toContain('stride build: stride');
    expect(readdirSync(scratch)).toEqual([]);
  });
});

describe('npx stride init', () => {
  it('writes a project where npm install, npm run build and npm start print a prediction, and tsc underlines a broken layer', async () => {
    const app = join(work, 'my-network');
    const init = await ok('npx', ['stride', 'init', '../my-network', '--tarballs', '../tarballs'], project);
    expect(init.stdout).toContain('npm install');
    expect(listFiles(app).sort()).toEqual(['.gitignore', 'package.json', 'src/main.js', 'src/net.ts', 'tsconfig.json']);
    const started = performance.now();
    await ok('npm', ['install'], app);
    await ok('npm', ['run', 'build'], app);
    const start = await ok('npm', ['start'], app);
    console.log(`stride init: npm install → npm run build → npm start in ${((performance.now() - started) / 1000).toFixed(1)} s (packages from the local registry and tarballs)`);
    expect(start.stdout).toMatch(/^prediction: \d \(\d+\.\d %\)$/m);

    const again = await sh('npx', ['stride', 'init', '../my-network'], project);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('stride init: ../my-network already has package.json, tsconfig.json, src/net.ts, src/main.js, .gitignore');

    const net = readFileSync(join(app, 'src/net.ts'), 'utf8');
    const broken = net.replace("kernelSize: 5, name: 'conv2'", "kernelSize: 50, name: 'conv2'");
    expect(broken).not.toBe(net);
    writeFileSync(join(app, 'src/net.ts'), broken);
    const line = broken.split('\n').findIndex((l) => l.includes('kernelSize: 50')) + 1;
    const tsc = await sh('npx', ['tsc', '--pretty', 'false'], app);
    expect(parseTsc(tsc.stdout, app).map((d) => `${d.file}:${d.line} TS${d.code}`)).toEqual([`src/net.ts:${line} TS2322`]);
    expect(tsc.stdout).toContain('conv2d: kernel 50 is larger than padded input 14 (input 14, padding 0, dilation 1)');
    expect((await sh('npm', ['run', 'build'], app)).code).not.toBe(0);
    expect(basename(app)).toBe(JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).name);
  });
});
