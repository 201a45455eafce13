/**
 * Loading a network definition: the user's TypeScript module is bundled with esbuild into a
 * temporary ES module and imported; its default export must be the model.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import type { Graph } from '@stride/dsl';

export interface LoadedNetwork {
  graph: Graph;
  summary: () => string;
}

let counter = 0;

export async function loadNetwork(file: string): Promise<LoadedNetwork> {
  const entry = resolve(file);
  let code: string;
  try {
    const result = await build({
      entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent',
      // Node built-ins stay imports; everything else (the DSL included) is bundled.
      packages: 'bundle', external: ['node:*'],
    });
    code = result.outputFiles[0].text;
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string; line: number } }[] }).errors;
    const detail = errors?.map((e) => `${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${e.text}`).join('\n  ') ?? String(error);
    throw new Error(`stride: cannot load network ${file}:\n  ${detail}`);
  }
  const folder = join(tmpdir(), 'stride-networks');
  mkdirSync(folder, { recursive: true });
  const bundled = join(folder, `network-${process.pid}-${counter++}.mjs`);
  writeFileSync(bundled, code);
  const module = (await import(pathToFileURL(bundled).href)) as { default?: unknown };
  const model = module.default as { toIR?: () => Graph; summary?: () => string } | undefined;
  if (!model || typeof model.toIR !== 'function') {
    const exported = Object.keys(module).filter((k) => k !== 'default');
    throw new Error(`stride: ${file} must default-export a model (\`export default model({ inputs, outputs })\`); ` +
      `its default export is ${model === undefined ? 'missing' : typeof model}${exported.length ? ` (named exports: ${exported.join(', ')})` : ''}`);
  }
  return { graph: model.toIR(), summary: () => model.summary!() };
}
