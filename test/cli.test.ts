/**
 * The `stride` command from source: what it prints and how it exits (a real child process through the
 * workspace launcher `packages/codegen/bin/stride.js`), and what its commands do when run in-process on
 * real files. test/install.test.ts runs the packed command in a user's project.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeSafetensors } from '@stride/runtime';
import { parseArgs, UsageError } from '../packages/codegen/src/cli/args.js';
import { init, typescriptRange } from '../packages/codegen/src/cli/commands/init.js';
import { commands } from '../packages/codegen/src/cli/registry.js';
import { build, loadNetwork } from '../packages/codegen/src/index.js';

const repo = join(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'stride-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const lenet = join(repo, 'examples/lenet-mnist/src/lenet5.ts');
const quiet = () => {};

async function stride(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [join(repo, 'packages/codegen/bin/stride.js'), ...args], { cwd: work });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const { stdout, stderr, code } = error as { stdout: string; stderr: string; code: number };
    return { stdout, stderr, code };
  }
}

describe('stride, the command', () => {
  it('prints its version, its commands, and each command\'s options; exits 2 with a sentence for what it does not know', async () => {
    const [version, overview, buildHelp, unknown, badFlag, missing] = await Promise.all([
      stride(['--version']), stride(['--help']), stride(['build', '--help']), stride(['bild']),
      stride(['summary', 'net.ts', '--weights', 'w']), stride(['build', 'net.ts', '--random-weights', '0']),
    ]);
    expect(version).toEqual({ stdout: `${JSON.parse(readFileSync(join(repo, 'packages/codegen/package.json'), 'utf8')).version}\n`, stderr: '', code: 0 });
    for (const command of commands) expect(overview.stdout).toContain(`  ${command.name.padEnd(11)}  ${command.description.split(' ').slice(0, 4).join(' ')}`);
    expect(buildHelp.stdout).toMatch(/^usage: stride build <network\.ts> \(--weights <file\.safetensors> \| --random-weights <seed>\) --out <dir> \[options\]\n/);
    for (const flag of commands.find((c) => c.name === 'build')!.flags) expect(buildHelp.stdout).toContain(`  --${flag.name}`);
    expect(unknown).toEqual({ stdout: '', stderr: "stride: unknown command 'bild'; the commands are init, build, summary, export-onnx, import-onnx (stride --help)\n", code: 2 });
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toBe('stride summary: unknown option --weights (the options are none)\nusage: stride summary <network.ts> (stride summary --help for the options)\n');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('stride build: --out <dir> is required: the folder to write the bundle into\nusage: stride build ');
  });

  it('names its own flag when the weights hold tensors the network does not use, and says it once', async () => {
    const weights = serializeSafetensors({ 'head.weight': { dtype: 'F32', shape: [2], data: new Float32Array(2) } });
    writeFileSync(join(work, 'extra.safetensors'), weights);
    const refused = await stride(['build', lenet, '--weights', 'extra.safetensors', '--out', 'out']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("stride build: weights do not fit model 'lenet5-mnist':\n  - missing tensor conv1.weight (expected shape [6, 1, 5, 5])");
    expect(refused.stderr).toContain('unexpected tensors not used by the model: head.weight (pass --allow-unexpected-weights (option allowUnexpectedWeights) to ignore them)');
    expect(refused.stderr).not.toMatch(/stride build: stride|allowUnexpected: true/);
  });
});

describe('stride build', () => {
  it('refuses --batch for a network whose inputs have no symbolic dimension, and sizes the ones that do', async () => {
    await expect(build({ network: lenet, randomWeights: 0, out: join(work, 'b8'), batch: 8, log: quiet })).rejects.toThrow(
      "--batch 8 (option batch): model 'lenet5-mnist' has no symbolic dimension to size, its inputs are image [1, 1, 32, 32]; declare the batch as a name, e.g. input(['batch', 1, 32, 32]), to choose its size at build time, or write the size into the input's shape",
    );
    const batched = join(work, 'batched.ts');
    writeFileSync(batched, readFileSync(lenet, 'utf8').replace('input([1, 1, 32, 32]', "input(['batch', 1, 32, 32]"));
    const { compiled } = await build({ network: batched, randomWeights: 0, out: join(work, 'b4'), batch: 4, log: quiet });
    expect(compiled.inputs[0].shape).toEqual([4, 1, 32, 32]);
  });
});

describe('loading a network', () => {
  it('leaves nothing in TMPDIR and reports a throw at the line of the network file that threw', async () => {
    const temporary = join(work, 'tmp');
    mkdirSync(temporary);
    const file = join(work, 'throws.ts');
    writeFileSync(file, "import { input } from '@stride/dsl';\nconst x = input([1, 2]);\nif (x.shape.length === 2) throw new Error('made to fail');\nexport default x;\n");
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = temporary;
    try {
      await expect(loadNetwork(lenet)).resolves.toMatchObject({ graph: { name: 'lenet5-mnist' } });
      const error = await loadNetwork(file).catch((e: Error) => e);
      expect((error as Error).message).toBe('made to fail');
      expect((error as Error).stack).toContain(`${file}:3:`);
      expect(readdirSync(temporary)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });

  it('takes @stride/dsl from the command when the network\'s folder has none', async () => {
    // tmpdir() has no node_modules above it; the workspace's examples resolve their own.
    const lone = join(work, 'lone.ts');
    writeFileSync(lone, readFileSync(lenet));
    expect((await loadNetwork(lone)).graph.nodes.length).toBe(13);
  });

  it('says which file and line esbuild could not read', async () => {
    writeFileSync(join(work, 'broken.ts'), "import { input } from '@stride/dsl';\nconst x = ;\n");
    await expect(loadNetwork(join(work, 'broken.ts'))).rejects.toThrow(/^cannot load network .*broken\.ts:\n {2}.*broken\.ts:2:11: Unexpected ";"$/);
    await expect(loadNetwork(join(work, 'absent.ts'))).rejects.toThrow(`cannot load network ${join(work, 'absent.ts')}: there is no file ${join(work, 'absent.ts')}`);
  });
});

describe('stride init', () => {
  it('writes the template with ^version dependencies, or file: tarballs, and never over existing files', async () => {
    const version = JSON.parse(readFileSync(join(repo, 'packages/codegen/package.json'), 'utf8')).version as string;
    const folder = join(work, 'My Net');
    const cwd = process.cwd();
    process.chdir(work);
    const write = process.stdout.write;
    process.stdout.write = () => true;
    try {
      await init.run(['My Net']);
      await expect(init.run(['My Net'])).rejects.toThrow("My Net already has package.json, tsconfig.json, src/net.ts, src/main.js, .gitignore; init writes a new project and changes no existing file");
      await expect(init.run(['other', '--tarballs', 'nowhere'])).rejects.toThrow(UsageError);
      mkdirSync(join(work, 'packed'));
      writeFileSync(join(work, 'packed', `stride-dsl-${version}.tgz`), '');
      await expect(init.run(['other', '--tarballs', 'packed'])).rejects.toThrow(`--tarballs packed: expected stride-runtime-${version}.tgz (pnpm pack in packages/runtime), found stride-dsl-${version}.tgz`);
      for (const name of ['runtime', 'codegen']) writeFileSync(join(work, 'packed', `stride-${name}-${version}.tgz`), '');
      await init.run(['other', '--tarballs', 'packed']);
    } finally {
      process.stdout.write = write;
      process.chdir(cwd);
    }
    const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
    expect(manifest.name).toBe('my-net');
    expect(manifest.dependencies).toEqual({ '@stride/runtime': `^${version}` });
    expect(manifest.devDependencies).toEqual({ '@stride/codegen': `^${version}`, '@stride/dsl': `^${version}`, typescript: typescriptRange });
    expect(JSON.parse(readFileSync(join(work, 'other/package.json'), 'utf8')).devDependencies['@stride/dsl']).toBe(`file:../packed/stride-dsl-${version}.tgz`);
    expect(existsSync(join(folder, '.gitignore'))).toBe(true);
  });

  it('import-onnx: a model exported by export-onnx comes back as source and weights that build, with its help and its refusals', async () => {
    const exported = await stride(['export-onnx', lenet, '--random-weights', '0', '--out', 'lenet5.onnx']);
    expect(exported.code).toBe(0);
    const imported = await stride(['import-onnx', 'lenet5.onnx', '--out', 'imported']);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toMatch(/^wrote imported\/lenet5\.ts \(\d+ lines, 13 layers, opset 17\) and imported\/lenet5\.safetensors \(10 tensors\) in \d+\.\d s\n$/);
    const source = readFileSync(join(work, 'imported', 'lenet5.ts'), 'utf8');
    expect(source).toContain(".conv2d({ outChannels: 6, kernelSize: 5, name: 'conv1' })");
    expect(source).toContain('export default model(');
    const { graph } = await loadNetwork(join(work, 'imported', 'lenet5.ts'));
    expect(graph.nodes.filter((n) => Object.keys(n.params).length > 0).map((n) => n.name)).toEqual((await loadNetwork(lenet)).graph.nodes.filter((n) => Object.keys(n.params).length > 0).map((n) => n.name));
    await build({ network: join(work, 'imported', 'lenet5.ts'), weights: join(work, 'imported', 'lenet5.safetensors'), out: join(work, 'imported-dist'), log: quiet });
    expect(existsSync(join(work, 'imported-dist', 'index.js'))).toBe(true);

    const [help, noOut, missing] = await Promise.all([stride(['import-onnx', '--help']), stride(['import-onnx', 'lenet5.onnx']), stride(['import-onnx', 'none.onnx', '--out', 'x'])]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('stride import-onnx <model.onnx> --out <dir>');
    expect(noOut).toMatchObject({ code: 2, stderr: expect.stringContaining('--out <dir> is required') });
    expect(missing.code).not.toBe(0);
    expect(existsSync(join(work, 'x'))).toBe(false);
  }, 120_000);

  it('asks for the TypeScript the workspace tests the DSL with', () => {
    const workspace = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).devDependencies.typescript as string;
    expect(typescriptRange).toBe(`^${workspace}`);
  });
});

describe('parseArgs', () => {
  const flags = [{ name: 'out', value: 'dir', description: '' }, { name: 'f16', description: '' }];
  it('reads --name value, --name=value, switches and positionals', () => {
    expect(parseArgs(['a.ts', '--out', 'x', '--f16'], flags)).toEqual({ positionals: ['a.ts'], flags: { out: 'x', f16: true } });
    expect(parseArgs(['--out=x=y', 'a.ts'], flags)).toEqual({ positionals: ['a.ts'], flags: { out: 'x=y' } });
  });
  it('refuses what does not fit, saying what was expected and what came', () => {
    expect(() => parseArgs(['--ouT', 'x'], flags)).toThrow('unknown option --ouT (the options are --out, --f16)');
    expect(() => parseArgs(['--out'], flags)).toThrow('--out needs a value (--out <dir>), got nothing');
    expect(() => parseArgs(['--out', '--f16'], flags)).toThrow('--out needs a value (--out <dir>), got --f16');
    expect(() => parseArgs(['--f16=yes'], flags)).toThrow('--f16 is a switch and takes no value, got --f16=yes');
  });
});
