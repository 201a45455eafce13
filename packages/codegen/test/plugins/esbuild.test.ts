/**
 * strideEsbuild() with the real esbuild: a `?stride` import becomes the bundle, its weights a hashed
 * asset found at run time (run here in Node, against the interpreter); bad input gets a sentence
 * naming what was expected; a shape error fails the build with the DSL's sentence at the network's
 * file and line; `context.watch()` rebuilds when the network changes, after a failed build too.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, context, type BuildResult, type Message } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { strideEsbuild, type StridePluginOptions } from '../../src/index.js';
import { reference, scratchFolder, seededWeightsFile, shapeSentence, testImage, tinyNetwork } from './networks.js';

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const folder = scratchFolder('esbuild-plugin', files);
  folders.push(folder);
  return folder;
}

const importing = (specifier: string) => `export { create, spec } from ${JSON.stringify(specifier)};\n`;

async function bundle(folder: string, options: StridePluginOptions = { randomWeights: 0, declarations: false }, entry = 'main.ts'): Promise<BuildResult> {
  return build({
    entryPoints: [join(folder, entry)], outdir: join(folder, 'out'), entryNames: '[name]', assetNames: 'assets/[name]-[hash]',
    bundle: true, format: 'esm', platform: 'neutral', logLevel: 'silent', absWorkingDir: folder, plugins: [strideEsbuild(options)],
  });
}

/** The build's errors, whether esbuild threw them or returned them. */
async function errorsOf(run: Promise<BuildResult>): Promise<Message[]> {
  try {
    return (await run).errors;
  } catch (error) {
    return (error as { errors: Message[] }).errors;
  }
}

describe('strideEsbuild: ?stride imports', () => {
  it.each(['js', 'wasm'] as const)('bundles the network for %s with its weights as a hashed asset, found at run time', async (target) => {
    const folder = project({ 'net.ts': tinyNetwork(), 'main.ts': importing(`./net.ts?stride=${target}`) });
    await bundle(folder);
    const assets = readdirSync(join(folder, 'out', 'assets'));
    expect(assets).toEqual([expect.stringMatching(new RegExp(`^net\\.${target}-[A-Z0-9]{8}\\.safetensors$`))]);
    const code = readFileSync(join(folder, 'out', 'main.js'), 'utf8');
    expect(code).toContain(`./assets/${assets[0]}`);
    expect(code).not.toContain('index.safetensors');
    const { create } = (await import(pathToFileURL(join(folder, 'out', 'main.js')).href)) as { create(): Promise<{ run(i: { image: Float32Array }): { logits: Float32Array } }> };
    const { logits } = (await create()).run({ image: testImage });
    const expected = (await reference(join(folder, 'net.ts'), testImage)).logits;
    for (let i = 0; i < expected.length; i++) expect(logits[i]).toBeCloseTo(expected[i], 5);
  });

  it('takes the weights beside the network when none are given', async () => {
    const folder = project({ 'lenet.net.ts': tinyNetwork(), 'main.ts': importing('./lenet.net.ts?stride') });
    writeFileSync(join(folder, 'lenet.safetensors'), await seededWeightsFile(join(folder, 'lenet.net.ts'), 3));
    const result = await bundle(folder, { declarations: false });
    expect(result.errors).toEqual([]);
    const { create } = (await import(pathToFileURL(join(folder, 'out', 'main.js')).href)) as { create(): Promise<{ run(i: { image: Float32Array }): { logits: Float32Array } }> };
    const expected = (await reference(join(folder, 'lenet.net.ts'), testImage, 3)).logits;
    expect((await create()).run({ image: testImage }).logits[0]).toBeCloseTo(expected[0], 5);
  });

  it('fails a shape error with the DSL\'s sentence at the network\'s file and line', async () => {
    const folder = project({ 'net.ts': tinyNetwork({ kernelSize: 50 }), 'main.ts': importing('./net.ts?stride') });
    const [error, ...more] = await errorsOf(bundle(folder));
    expect(more).toEqual([]);
    expect(error.text).toContain(shapeSentence);
    expect(error.location).toMatchObject({ file: 'net.ts', line: 5, lineText: "  .conv2d({ outChannels: 4, kernelSize: 50, name: 'conv' })" });
  });

  it.each([
    ['a module that is not a network', { 'util.ts': 'export const answer = 42;\n', 'main.ts': importing('./util.ts?stride') }, /util\.ts must default-export a model \(`export default model\(\{ inputs, outputs \}\)`\); its default export is missing \(named exports: answer\)/],
    ['a file that is not a module', { 'data.json': '{}\n', 'main.ts': importing('./data.json?stride') }, /data\.json is not a network module: a \?stride import names a TypeScript or JavaScript file/],
    ['a network that is not there', { 'main.ts': importing('./missing.ts?stride') }, /stride: cannot find the network \.\/missing\.ts \(imported as \.\/missing\.ts\?stride\)/],
    ['an unknown target', { 'net.ts': tinyNetwork(), 'main.ts': importing('./net.ts?stride=gpu') }, /unknown target 'gpu'; expected \?stride, \?stride=js or \?stride=wasm/],
  ])('refuses %s with a sentence naming what was expected', async (_label, files, sentence) => {
    const folder = project(files);
    const errors = await errorsOf(bundle(folder));
    expect(errors.map((e) => e.text).join('\n')).toMatch(sentence);
  });

  it('refuses a missing weights path, and a network with no weights to be found, saying where it looked', async () => {
    const folder = project({ 'net.ts': tinyNetwork(), 'main.ts': importing('./net.ts?stride') });
    const missing = await errorsOf(bundle(folder, { weights: 'weights/net.safetensors' }));
    expect(missing[0].text).toBe(`stride: the weights file ${join(folder, 'weights', 'net.safetensors')} for network ${join(folder, 'net.ts')} does not exist (plugin option \`weights\`: "weights/net.safetensors", relative to ${folder})`);
    const none = await errorsOf(bundle(folder, {}));
    expect(none[0].text).toMatch(new RegExp(`^stride: no weights for network ${join(folder, 'net.ts')}: expected ${join(folder, 'net.safetensors')} beside it, or the plugin option \`weights\``));
  });
});

describe('strideEsbuild: watch mode', () => {
  it('rebuilds when the network changes, shows a shape error, and rebuilds once it is fixed', async () => {
    const folder = project({ 'net.ts': tinyNetwork(), 'main.ts': importing('./net.ts?stride') });
    const results: BuildResult[] = [];
    let notify: (() => void) | undefined;
    const ctx = await context({
      entryPoints: [join(folder, 'main.ts')], outdir: join(folder, 'out'), entryNames: '[name]', assetNames: 'assets/[name]-[hash]',
      bundle: true, format: 'esm', platform: 'neutral', logLevel: 'silent', absWorkingDir: folder,
      plugins: [strideEsbuild({ randomWeights: 0, declarations: false }), { name: 'results', setup: (b) => b.onEnd((r) => { results.push(r); notify?.(); }) }],
    });
    const next = (count: number) => new Promise<BuildResult>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no rebuild ${count} within 20 s`)), 20_000);
      notify = () => {
        if (results.length >= count) {
          clearTimeout(timer);
          done(results[count - 1]);
        }
      };
      notify();
    });
    try {
      await ctx.watch();
      expect((await next(1)).errors).toEqual([]);
      expect(readFileSync(join(folder, 'out', 'main.js'), 'utf8')).toContain('"logits"');

      writeFileSync(join(folder, 'net.ts'), tinyNetwork({ output: 'scores' }));
      expect((await next(2)).errors).toEqual([]);
      expect(readFileSync(join(folder, 'out', 'main.js'), 'utf8')).toContain('"scores"');

      writeFileSync(join(folder, 'net.ts'), tinyNetwork({ output: 'scores', kernelSize: 50 }));
      const failed = await next(3);
      expect(failed.errors[0].text).toContain(shapeSentence);
      expect(failed.errors[0].location).toMatchObject({ file: 'net.ts', line: 5 });

      writeFileSync(join(folder, 'net.ts'), tinyNetwork({ output: 'fixed' }));
      expect((await next(4)).errors).toEqual([]);
      expect(readFileSync(join(folder, 'out', 'main.js'), 'utf8')).toContain('"fixed"');
    } finally {
      await ctx.dispose();
    }
  }, 90_000);
});
