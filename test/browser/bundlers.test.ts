/**
 * Bundlers, for real: pages built with Vite and esbuild, served on 127.0.0.1 under the README's
 * Content-Security-Policy and run in Chromium, each network's logits against the reference
 * interpreter.
 *
 * - A page importing LeNet-5 through Stride's plugin (`./lenet5.net.ts?stride=js`, `?stride=wasm`):
 *   a Vite production build with `strideVite()`, an esbuild build with `strideEsbuild()`.
 * - A page importing bundles `stride build` wrote with their weights in `index.safetensors`, bundled
 *   again: by Vite with no plugin (it rewrites `new URL('./index.safetensors', import.meta.url)`
 *   itself), and by esbuild with `strideEsbuild()`; and by esbuild without it, which leaves the URL
 *   pointing beside its own output, where no weights are — the failure the plugin exists for.
 *
 * In every working build the weights are an asset with a content hash in its name, fetched from there.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { build as esbuild, type Plugin as EsbuildPlugin } from 'esbuild';
import type { Browser } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, strideEsbuild, strideVite } from '@stride/codegen';
import { serve, type Served } from '../../examples/web-digits/scripts/serve.js';
import { launchChromium, recordPage } from '../support/browser.js';
import { lenetNetwork, lenetWeights, referenceLogits, relativeError, seededImage } from '../support/lenet.js';

declare global {
  interface Window {
    strideThreads(image: number[]): Promise<{ isolated: boolean; threads: number; logits: number[]; same: boolean; fallbacks: string[] } | { error: string }>;
    strideThreadsInWorker(image: number[]): Promise<{ isolated: boolean; threads: number; logits: number[]; same: boolean; fallbacks: string[] } | { error: string }>;
    strideThreadsAway(image: number[]): Promise<{ isolated: boolean; threads: number; logits: number[]; same: boolean; fallbacks: string[] } | { error: string }>;
  }
}

const fixtures = join(import.meta.dirname, 'fixtures');
const image = seededImage(42);
let reference: number[];
let work: string;
let browser: Browser;
const served: Record<string, Served> = {};

/** Every file under a folder, relative to it. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(folder, join(e.parentPath, e.name))).sort();
}

/** An esbuild build of `entry` into `out`, with the page's index.html and icon pointed at main.js. */
async function esbuildPage(page: string, entry: string, out: string, plugins: EsbuildPlugin[]) {
  await esbuild({
    entryPoints: [join(page, entry)], outdir: out, entryNames: 'main', assetNames: 'assets/[name]-[hash]',
    bundle: true, format: 'esm', target: 'es2022', minify: true, logLevel: 'silent', plugins,
  });
  cpSync(join(page, 'favicon.svg'), join(out, 'favicon.svg'));
  writeFileSync(join(out, 'index.html'), readFileSync(join(page, 'index.html'), 'utf8').replace(`src="./${entry}"`, 'src="./main.js"'));
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'stride-bundlers-'));
  const stride = { weights: lenetWeights, declarations: false };
  // The stride-built bundles the second page imports, weights in sidecars.
  const bundlePage = join(work, 'bundle-page');
  cpSync(join(fixtures, 'bundle-page'), bundlePage, { recursive: true });
  for (const target of ['js', 'wasm'] as const) {
    await build({ network: lenetNetwork, weights: lenetWeights, out: join(bundlePage, `lenet-${target}`), target, inlineLimit: 0, log: () => {} });
  }
  const builds = {
    'vite-plugin': () => viteBuild({
      root: join(fixtures, 'plugin-page'), configFile: false, base: './', logLevel: 'silent', plugins: [strideVite(stride)],
      build: { outDir: join(work, 'vite-plugin'), emptyOutDir: true, target: 'es2022' },
    }),
    'esbuild-plugin': () => esbuildPage(join(fixtures, 'plugin-page'), 'main.ts', join(work, 'esbuild-plugin'), [strideEsbuild(stride)]),
    'vite-rebundled': () => viteBuild({
      root: bundlePage, configFile: false, base: './', logLevel: 'silent',
      build: { outDir: join(work, 'vite-rebundled'), emptyOutDir: true, target: 'es2022' },
    }),
    'esbuild-rebundled': () => esbuildPage(bundlePage, 'main.js', join(work, 'esbuild-rebundled'), [strideEsbuild()]),
    'esbuild-no-plugin': () => esbuildPage(bundlePage, 'main.js', join(work, 'esbuild-no-plugin'), []),
  };
  for (const make of Object.values(builds)) await make();
  const names = Object.keys(builds);
  const [launched, logits, ...servers] = await Promise.all([launchChromium(), referenceLogits(image), ...names.map((name) => serve(join(work, name)))]);
  browser = launched;
  reference = logits;
  names.forEach((name, i) => (served[name] = servers[i]));
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(Object.values(served).map((s) => s.close()));
  if (work) rmSync(work, { recursive: true, force: true });
});

async function runBoth(build: string) {
  const page = await browser.newPage();
  const log = recordPage(page);
  try {
    await page.goto(served[build].url);
    await page.waitForSelector('body[data-state="ready"]', { state: 'attached' });
    const js = await page.evaluate((input) => window.strideRun('js', input), image);
    const wasm = await page.evaluate((input) => window.strideRun('wasm', input), image);
    const violations = await page.evaluate(() => window.strideViolations);
    return { js, wasm, violations, log };
  } finally {
    await page.close();
  }
}

const hashedWeights = /^assets\/[\w.]+-[\w-]{8}\.safetensors$/;

describe.each([
  ['vite-plugin', 'a Vite production build of a page importing ./lenet5.net.ts?stride through strideVite()'],
  ['esbuild-plugin', 'an esbuild build of a page importing ./lenet5.net.ts?stride through strideEsbuild()'],
  ['vite-rebundled', 'stride-built bundles with sidecar weights, bundled again by Vite with no plugin'],
  ['esbuild-rebundled', 'stride-built bundles with sidecar weights, bundled again by esbuild with strideEsbuild()'],
])('%s: %s', (name) => {
  it('emits the weights of both targets as hashed assets, and no index.safetensors', () => {
    const files = filesUnder(join(work, name));
    expect(files.filter((f) => f.endsWith('.safetensors'))).toHaveLength(2);
    for (const file of files.filter((f) => f.endsWith('.safetensors'))) expect(file).toMatch(hashedWeights);
  });

  it('runs both targets in Chromium, fetching those assets, and matches the interpreter', async () => {
    const { js, wasm, violations, log } = await runBoth(name);
    for (const result of [js, wasm]) {
      expect(result, JSON.stringify(result)).toHaveProperty('logits');
      expect(relativeError((result as { logits: number[] }).logits, reference)).toBeLessThanOrEqual(1e-5);
    }
    expect(violations).toEqual([]);
    expect(log.errors, log.errors.join('\n')).toEqual([]);
    const fetched = log.requests.filter((url) => url.endsWith('.safetensors')).map((url) => new URL(url).pathname.slice(1));
    expect(fetched).toHaveLength(2);
    for (const path of fetched) expect(path).toMatch(hashedWeights);
  });
});

describe('esbuild without the plugin', () => {
  it('leaves the sidecar URL pointing beside its own output: create() fails with an io error naming that URL', async () => {
    expect(existsSync(join(work, 'esbuild-no-plugin', 'index.safetensors'))).toBe(false);
    const page = await browser.newPage();
    try {
      await page.goto(served['esbuild-no-plugin'].url);
      await page.waitForSelector('body[data-state="ready"]', { state: 'attached' });
      const result = await page.evaluate((input) => window.strideRun('js', input), image);
      expect(result).toEqual({ code: 'io', error: `StrideError: cannot load weights from ${served['esbuild-no-plugin'].url}index.safetensors: HTTP 404` });
    } finally {
      await page.close();
    }
  });
});

/**
 * Threads (issue 15): LeNet-5 built with every ranged kernel split (`split: 'every'`; the measured
 * plan splits nothing this small), bundled into a page by esbuild, served with COOP/COEP and the
 * 'threads' policy. In the cross-origin isolated page `create({ threads: 2 })` runs on a Web Worker
 * over shared memory and matches both the interpreter and its own single-threaded run bit for bit;
 * the same page without the headers has no SharedArrayBuffer, falls back to one thread and says so
 * once through `onFallback`.
 */
describe('threads in Chromium', () => {
  const pages: Record<'isolated' | 'plain', Served> = {} as never;
  beforeAll(async () => {
    const page = join(work, 'threads-page');
    await build({ network: lenetNetwork, weights: lenetWeights, out: join(page, 'lenet'), target: 'wasm', split: 'every', inlineLimit: 0, log: () => {} });
    writeFileSync(join(page, 'index.html'), '<!doctype html><meta charset="utf-8"><title>threads</title><link rel="icon" href="./favicon.svg"><script type="module" src="./main.js"></script>');
    // One thread against two, the same in the page and in its worker.
    writeFileSync(join(page, 'compare.js'), `
import { create, createInWorker } from './lenet/index.js';
const bits = (v) => JSON.stringify(Array.from(new Uint32Array(Float32Array.from(v).buffer)));
// One thread here against \`open(onFallback)\`'s network, over \`runs\` runs (awaited: a worker's run is a promise).
async function compare(image, open, runs) {
  const fallbacks = [];
  try {
    const one = await create();
    const other = await open((message) => fallbacks.push(message));
    const input = { image: Float32Array.from(image) };
    const a = bits(one.run(input).logits);
    let same = true, b;
    for (let i = 0; i < runs; i++) {
      b = Array.from((await other.run(input)).logits);
      same &&= bits(b) === a;
    }
    const result = { isolated: globalThis.crossOriginIsolated === true, threads: other.threads, logits: b, same, fallbacks };
    one.dispose();
    other.dispose();
    return result;
  } catch (error) {
    return { error: error.name + ': ' + error.message };
  }
}
export const compareThreads = (image) => compare(image, (onFallback) => create({ threads: 2, onFallback }), 1);
// createInWorker({ threads: 2 }) from here: its worker runs the network with a helper of its own.
// Several runs: the first ones alternate between the helper's way and the worker's alone.
export const compareThreadsAway = (image) => compare(image, (onFallback) => createInWorker({ threads: 2, onFallback }), 10);
`);
    writeFileSync(join(page, 'entry.js'), `
import { compareThreads, compareThreadsAway } from './compare.js';
window.strideThreads = compareThreads;
window.strideThreadsAway = compareThreadsAway;
// The page's own module worker, which runs the bundle on two threads there: off the page's main
// thread and on two cores (its workers nested in it).
window.strideThreadsInWorker = (image) => new Promise((resolve) => {
  const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (event) => { resolve(event.data); worker.terminate(); };
  worker.onerror = (event) => { resolve({ error: 'worker: ' + event.message }); worker.terminate(); };
  worker.postMessage(image);
});
document.body.dataset.state = 'ready';
`);
    writeFileSync(join(page, 'worker.js'), `
import { compareThreads } from './compare.js';
self.onmessage = async (event) => self.postMessage(await compareThreads(event.data));
`);
    const out = join(work, 'threads-built');
    await esbuild({
      entryPoints: { main: join(page, 'entry.js'), worker: join(page, 'worker.js') }, outdir: out, entryNames: '[name]', assetNames: 'assets/[name]-[hash]',
      bundle: true, format: 'esm', target: 'es2022', minify: true, logLevel: 'silent', plugins: [strideEsbuild()],
    });
    cpSync(join(page, 'index.html'), join(out, 'index.html'));
    cpSync(join(fixtures, 'bundle-page', 'favicon.svg'), join(out, 'favicon.svg'));
    pages.isolated = await serve(out, { policy: 'threads', crossOriginIsolated: true });
    pages.plain = await serve(out, { policy: 'threads' });
  }, 120_000);
  afterAll(async () => Promise.all(Object.values(pages).map((s) => s.close())));

  const run = async (which: 'isolated' | 'plain', where: 'page' | 'worker' | 'away' = 'page') => {
    const page = await browser.newPage();
    const log = recordPage(page);
    try {
      await page.goto(pages[which].url);
      await page.waitForSelector('body[data-state="ready"]', { state: 'attached' });
      return { result: await page.evaluate(([input, how]) => (how === 'worker' ? window.strideThreadsInWorker(input) : how === 'away' ? window.strideThreadsAway(input) : window.strideThreads(input)), [image, where] as const), log };
    } finally {
      await page.close();
    }
  };

  it('runs the wasm target on 2 threads in a cross-origin isolated page: the bytes of 1 thread, the interpreter\'s logits', async () => {
    const { result, log } = await run('isolated');
    expect(result, JSON.stringify(result)).toMatchObject({ isolated: true, threads: 2, same: true, fallbacks: [] });
    expect(relativeError((result as { logits: number[] }).logits, reference)).toBeLessThanOrEqual(1e-5);
    expect(log.errors, log.errors.join('\n')).toEqual([]);
  });

  it('runs on 2 threads inside a module worker of the page, its workers nested in it: off the main thread and on two cores', async () => {
    const { result, log } = await run('isolated', 'worker');
    expect(result, JSON.stringify(result)).toMatchObject({ isolated: true, threads: 2, same: true, fallbacks: [] });
    expect(relativeError((result as { logits: number[] }).logits, reference)).toBeLessThanOrEqual(1e-5);
    expect(log.errors, log.errors.join('\n')).toEqual([]);
  });

  it('createInWorker({ threads: 2 }) from the page: its worker runs the network with a helper of its own, the bytes of 1 thread', async () => {
    const { result, log } = await run('isolated', 'away');
    expect(result, JSON.stringify(result)).toMatchObject({ isolated: true, threads: 2, same: true, fallbacks: [] });
    expect(relativeError((result as { logits: number[] }).logits, reference)).toBeLessThanOrEqual(1e-5);
    expect(log.errors, log.errors.join('\n')).toEqual([]);
  });

  it('createInWorker({ threads: 2 }) without COOP/COEP: one thread in its worker, and says why once', async () => {
    const { result } = await run('plain', 'away');
    expect(result, JSON.stringify(result)).toMatchObject({ isolated: false, threads: 1, same: true });
    const { fallbacks } = result as { fallbacks: string[] };
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toMatch(/running on 1 thread instead of 2: the page is not cross-origin isolated/);
  });

  it('falls back to 1 thread without COOP/COEP, and says why once', async () => {
    const { result } = await run('plain');
    expect(result, JSON.stringify(result)).toMatchObject({ isolated: false, threads: 1, same: true });
    const { fallbacks } = result as { fallbacks: string[] };
    expect(fallbacks).toHaveLength(1);
    expect(fallbacks[0]).toMatch(/running on 1 thread instead of 2: the page is not cross-origin isolated \(serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp\)/);
  });
});

