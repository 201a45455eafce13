/**
 * strideVite() with the real Vite: `vite build` emits the weights as a hashed asset the bundle finds
 * at run time (run here in Node, against the interpreter); a shape error fails the build with the
 * DSL's sentence at the network's file and line; the dev server serves the weights (inline for
 * server-side modules), and rebuilds the module when the network changes — after a shape error too.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, createServer, type Plugin, type ViteDevServer } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { strideVite, type StridePluginOptions } from '../../src/index.js';
import { reference, scratchFolder, shapeSentence, testImage, tinyNetwork } from './networks.js';

// The plugin's own types, written without Vite, fit Vite's: this line does not compile otherwise.
const asVitePlugin: Plugin = strideVite();
void asVitePlugin;

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const folder = scratchFolder('vite-plugin', files);
  folders.push(folder);
  return folder;
}

const options: StridePluginOptions = { randomWeights: 0, declarations: false };

async function viteBuild(folder: string) {
  await build({
    root: folder, configFile: false, logLevel: 'silent', plugins: [strideVite(options)], base: './',
    build: {
      outDir: join(folder, 'out'), modulePreload: false, target: 'es2022',
      rolldownOptions: { input: join(folder, 'main.ts'), preserveEntrySignatures: 'exports-only', output: { entryFileNames: 'main.js' } },
    },
  });
}

describe('strideVite: vite build', () => {
  it.each(['js', 'wasm'] as const)('bundles the network for %s with its weights as a hashed asset, found at run time', async (target) => {
    const folder = project({ 'net.ts': tinyNetwork(), 'main.ts': `export { create } from './net.ts?stride=${target}';\n` });
    await viteBuild(folder);
    const assets = readdirSync(join(folder, 'out', 'assets'));
    expect(assets).toEqual([expect.stringMatching(new RegExp(`^net\\.${target}-[\\w-]{8}\\.safetensors$`))]);
    const { create } = (await import(pathToFileURL(join(folder, 'out', 'main.js')).href)) as { create(): Promise<{ run(i: { image: Float32Array }): { logits: Float32Array } }> };
    const { logits } = (await create()).run({ image: testImage });
    const expected = (await reference(join(folder, 'net.ts'), testImage)).logits;
    for (let i = 0; i < expected.length; i++) expect(logits[i]).toBeCloseTo(expected[i], 5);
  });

  it("fails a shape error with the DSL's sentence at the network's file and line", async () => {
    const folder = project({ 'net.ts': tinyNetwork({ kernelSize: 50 }), 'main.ts': "export { create } from './net.ts?stride';\n" });
    const failure = await viteBuild(folder).then(() => undefined, (error: Error) => error);
    expect(failure?.message).toContain(shapeSentence);
    expect(failure?.message).toContain(`${join(folder, 'net.ts')}:5:`);
    expect(failure?.message).toContain("5 |   .conv2d({ outChannels: 4, kernelSize: 50, name: 'conv' })");
  });
});

describe('strideVite: dev server', () => {
  it('serves the module and its weights, and rebuilds it when the network changes, a shape error included', async () => {
    const folder = project({ 'net.ts': tinyNetwork(), 'main.ts': "export { create } from './net.ts?stride';\n" });
    let server: ViteDevServer | undefined;
    try {
      server = await createServer({ root: folder, configFile: false, logLevel: 'silent', plugins: [strideVite(options)], server: { host: '127.0.0.1', port: 0 } });
      await server.listen();
      const dev = server;
      const origin = dev.resolvedUrls!.local[0];
      const code = async () => (await dev.transformRequest('/net.ts?stride'))!.code;
      /** Polls until the module's code passes `check` (the watcher tells Vite of a change a little later). */
      const eventually = async (check: (code: string) => boolean, what: string) => {
        const deadline = performance.now() + 20_000;
        for (;;) {
          const latest = await code().catch((error: Error) => `error: ${error.message}`);
          if (check(latest)) return latest;
          if (performance.now() > deadline) throw new Error(`the dev server did not rebuild (${what}); last: ${latest.slice(0, 400)}`);
          await new Promise((r) => setTimeout(r, 100));
        }
      };

      const first = await code();
      expect(first).toContain('"logits"');
      const weightsPath = /new URL\("(\/@stride\/weights\/net\.(?:js|wasm)-[0-9a-f]{10}\.safetensors)",\s*globalThis\.location\.href\)/.exec(first)?.[1];
      expect(weightsPath).toBeDefined();
      const served = await fetch(new URL(weightsPath!, origin));
      expect(served.status).toBe(200);
      expect((await served.arrayBuffer()).byteLength).toBeGreaterThan(4 * 10 * 4 * 36);

      // Server-side (SSR, Vitest) the weights are inline: the module runs in Node as it is.
      const ssr = (await dev.ssrLoadModule('/net.ts?stride')) as { create(): Promise<{ run(i: { image: Float32Array }): { logits: Float32Array } }> };
      const expected = (await reference(join(folder, 'net.ts'), testImage)).logits;
      expect((await ssr.create()).run({ image: testImage }).logits[3]).toBeCloseTo(expected[3], 5);

      writeFileSync(join(folder, 'net.ts'), tinyNetwork({ output: 'scores' }));
      await eventually((c) => c.includes('"scores"'), 'output renamed');

      writeFileSync(join(folder, 'net.ts'), tinyNetwork({ output: 'scores', kernelSize: 50 }));
      const failed = await eventually((c) => c.startsWith('error: '), 'shape error');
      expect(failed).toContain(shapeSentence);

      writeFileSync(join(folder, 'net.ts'), tinyNetwork({ output: 'fixed' }));
      await eventually((c) => c.includes('"fixed"'), 'shape error fixed');
      expect(readFileSync(join(folder, 'net.ts'), 'utf8')).toContain('fixed');
    } finally {
      await server?.close();
    }
  }, 90_000);
});
