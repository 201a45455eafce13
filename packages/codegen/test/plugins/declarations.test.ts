/**
 * The bundle's `index.d.ts` reaches code importing a network with `?stride`: the plugin writes
 * `<network>.stride.d.ts` beside it, ambient modules matching the import specifiers, and the
 * importing code then type-checks against the network's own input and output names and shapes under
 * TypeScript 7 (`tsc`) and the TypeScript 6 API (editors) — a misnamed input or output is an error.
 * The declarations committed beside the demo's and the browser tests' networks are what the plugin
 * writes for them.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { checkWithTs6, checkWithTsc, scratch } from '../../../dsl/test/harness/index.js';
import { strideEsbuild } from '../../src/index.js';
import { declarationsPath, strideModule } from '../../src/plugins/core.js';
import { tinyNetwork } from './networks.js';

const repo = join(import.meta.dirname, '..', '..', '..', '..');
const lenetWeights = join(repo, 'examples', 'lenet-mnist', 'weights', 'lenet5-mnist.safetensors');

const importer = `import { create, type Network } from './net.ts?stride';
import { create as createWasm, createInWorker } from './net.ts?stride=wasm';
import * as plain from './net.ts?stride';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;

const net = await create();
export const inputShape: Equal<(typeof net.inputs)[0]['shape'], readonly [1, 1, 8, 8]> = true;
export const outputName: Equal<Network['outputs'][0]['name'], 'logits'> = true;
export const logits: Float32Array = net.run({ image: new Float32Array(64) }).logits;
// @ts-expect-error the input is named image
net.run({ img: new Float32Array(64) });
const wasm = await createWasm();
// @ts-expect-error there is no output named scores
wasm.run({ image: new Float32Array(64) }).scores;
// The wasm specifier has createInWorker; the plain one (either target) does not promise it.
const away = await createInWorker();
export const awayLogits: Promise<Float32Array> = away.run({ image: new Float32Array(64) }).then((out) => out.logits);
// @ts-expect-error only ?stride=wasm declares createInWorker
plain.createInWorker;
`;

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('types of ?stride imports', () => {
  it('reach the importing code under TypeScript 7 and the TypeScript 6 API', async () => {
    // The declarations file is listed in the scratch tsconfig, as a project's include would find it.
    const folder = scratch({ 'net.ts': tinyNetwork(), 'net.stride.d.ts': '', 'main.ts': importer });
    folders.push(folder);
    await build({
      entryPoints: [join(folder, 'main.ts')], bundle: true, write: false, format: 'esm', logLevel: 'silent',
      plugins: [strideEsbuild({ randomWeights: 0 })],
    });
    const written = readFileSync(join(folder, 'net.stride.d.ts'), 'utf8');
    expect(written).toContain('declare module "*/net.ts?stride" {');
    expect(written).toContain('readonly inputs: readonly [TensorSpec<"image", readonly [1, 1, 8, 8]>];');
    expect(written).toContain('declare module "*/net.ts?stride=js" {\n  export * from "*/net.ts?stride";\n}');
    expect(written).toMatch(/declare module "\*\/net.ts\?stride=wasm" \{\n[^]*export function createInWorker\(/);
    expect(checkWithTsc(folder).diagnostics).toEqual([]);
    expect(checkWithTs6(folder)).toEqual([]);
  });

  it.each([
    ['the demo', join(repo, 'examples', 'web-digits', 'src', 'lenet5.net.ts')],
    ['the browser tests\' plugin page', join(repo, 'test', 'browser', 'fixtures', 'plugin-page', 'lenet5.net.ts')],
  ])('committed beside %s, are what the plugin writes', async (_label, network) => {
    const module = await strideModule(network, 'js', { weights: lenetWeights, declarations: false }, { root: repo, emitWeights: () => '""' });
    expect(readFileSync(declarationsPath(network), 'utf8')).toBe(module.declarations);
  });
});
