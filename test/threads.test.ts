/**
 * Threads (issue 15): a network on 2 threads gives the bytes it gives on 1, for every golden
 * network, with every ranged kernel split (`split: 'every'`, so that small networks exercise each
 * kernel's partition) and with the measured plan; and threaded networks end their workers when
 * disposed, so a process that made a hundred of them exits by itself without growing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileGraph, wasmTargetWith, bundleProgram } from '@stride/codegen';
import { add, input, model } from '@stride/dsl';
import { seededWeights } from '@stride/runtime';
import { importBundle } from '../packages/codegen/test/load.js';
import { loadNetworkCases } from './fixtures/index.js';

/** The outputs' bits: NaN payloads and signed zeros count. */
const bits = (outputs: Record<string, Float32Array>) => Object.fromEntries(Object.entries(outputs).map(([name, v]) => [name, Array.from(new Uint32Array(v.buffer, v.byteOffset, v.length))]));

/** Runs `bundle` on 2 and 3 threads (`runs` times each) and expects the bytes of one thread. */
async function expectSameBytes(bundle: Awaited<ReturnType<typeof importBundle>>, inputs: Record<string, Float32Array>, runs = 1): Promise<void> {
  const one = await bundle.create();
  const expected = bits(one.run(inputs));
  for (const threads of [2, 3]) {
    const many = await bundle.create({ threads });
    for (let i = 0; i < runs; i++) expect(bits(many.run(inputs))).toEqual(expected);
    many.dispose();
  }
  one.dispose();
}

/** The ResNet block built with every ranged kernel split, bundled (weights inline) into `bundle.mjs` of a folder under test/node_modules, for child processes and workers to import. */
async function resnetBundleIn(name: string) {
  const c = loadNetworkCases().find((n) => n.id === 'resnet-basic')!;
  const compiled = compileGraph(c.graph, c.weights, { batch: 1, target: wasmTargetWith({ split: 'every' }) });
  const { code } = await bundleProgram(compiled, c.id, { inlineLimit: Infinity });
  const folder = join(import.meta.dirname, 'node_modules', name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'bundle.mjs'), code);
  return { c, folder };
}

describe('2 threads give the bytes of 1', () => {
  it.each(loadNetworkCases().flatMap((c) => (['every', 'measured'] as const).map((split) => [`${c.id}, split ${split}`, c, split] as const)))('network %s', async (_label, c, split) => {
    const compiled = compileGraph(c.graph, c.weights, { batch: 1, target: wasmTargetWith({ split }) });
    const bundle = await importBundle(compiled, c.id);
    const one = await bundle.create();
    const two = await bundle.create({ threads: 2 });
    try {
      const splits = bundle.spec.threads!.splits.length;
      if (split === 'every') expect(splits).toBeGreaterThan(1);
      expect(two.threads).toBe(splits > 0 ? 2 : 1);
      expect(one.threads).toBe(1);
      const expected = bits(one.run(c.inputs));
      // Twice: the second run starts from the memory the first left.
      expect(bits(two.run(c.inputs))).toEqual(expected);
      expect(bits(two.run(c.inputs))).toEqual(expected);
    } finally {
      one.dispose();
      two.dispose();
    }
  });

  it('two threaded networks taking turns, their workers lingering and stopped by each other\'s runs, give the bytes of 1', async () => {
    // Runs back to back keep each network's worker spinning between its runs (threads.ts, lingerMs)
    // until the other network starts one (turns()); then it sleeps, and its own next run wakes it.
    const cases = ['cifar-vgg', 'resnet-basic'].map((id) => loadNetworkCases().find((n) => n.id === id)!);
    const nets = await Promise.all(cases.map(async (c) => {
      const bundle = await importBundle(compileGraph(c.graph, c.weights, { batch: 1, target: wasmTargetWith({ split: 'every' }) }), c.id);
      const one = await bundle.create();
      const expected = bits(one.run(c.inputs));
      one.dispose();
      return { c, two: await bundle.create({ threads: 2 }), expected };
    }));
    try {
      for (let round = 0; round < 40; round++) {
        for (const { c, two, expected } of nets) {
          // Some rounds the same network twice in a row, some with a pause longer than the linger.
          if (round % 5 === 4) await new Promise((resolve) => setTimeout(resolve, 3));
          expect(bits(two.run(c.inputs))).toEqual(expected);
          if (round % 3 === 0) expect(bits(two.run(c.inputs))).toEqual(expected);
        }
      }
    } finally {
      for (const { two } of nets) two.dispose();
    }
  });

  it('a convolution of few channel blocks (LeNet-5\'s first: 6 channels, one block) is shared by output rows: 2 and 3 threads give the bytes of 1', async () => {
    const c = loadNetworkCases().find((n) => n.id === 'lenet5')!;
    const bundle = await importBundle(compileGraph(c.graph, c.weights, { batch: 1, target: wasmTargetWith({ split: 'every' }) }), c.id);
    const splits = bundle.spec.threads!.splits as Array<{ kernel: string; units: number }>;
    expect(splits.find((s) => s.kernel === 's0_conv2d_rows')?.units).toBe(28);
    await expectSameBytes(bundle, c.inputs);
  });

  it('a convolution whose filters fit in L2 is shared by output rows, one with more by channel blocks; 7 rows keep channel blocks: 2 and 3 threads give the bytes of 1', async () => {
    // kernels/conv2d.ts, conv2dRowsSplit: 96→576 1×1 is 221 KB of filters (rows), 576→512 1×1 is
    // 1.2 MB (channel blocks); at 7² the 1×1 of 221 KB keeps its channel blocks (7 rows balance worse).
    const image = input([1, 96, 14, 14], { name: 'image' });
    const a = image.conv2d({ outChannels: 576, kernelSize: 1 }).relu();
    const b = a.conv2d({ outChannels: 512, kernelSize: 1 }).relu();
    const c = b.conv2d({ outChannels: 96, kernelSize: 2, stride: 2 }).conv2d({ outChannels: 576, kernelSize: 1 });
    const graph = model({ name: 'rows-gemm', inputs: { image }, outputs: { y: c } }).toIR();
    const bundle = await importBundle(compileGraph(graph, seededWeights(graph, 9), { batch: 1, target: wasmTargetWith({ split: 'every' }) }), 'rows-gemm');
    const splits = bundle.spec.threads!.splits as Array<{ kernel: string; units: number }>;
    expect(splits.filter((s) => s.kernel !== 'input0_rows').map((s) => [s.kernel, s.units])).toEqual([['s0_conv2d_rows', 14], ['s1_conv2d', 64], ['s2_conv2d', 12], ['s3_conv2d', 72]]);
    const inputs = { image: Float32Array.from({ length: 96 * 14 * 14 }, (_, i) => Math.sin(i * 0.29)) };
    await expectSameBytes(bundle, inputs);
  });

  it('3 threads (parts of unequal size) on the ResNet block', async () => {
    const c = loadNetworkCases().find((n) => n.id === 'resnet-basic')!;
    const bundle = await importBundle(compileGraph(c.graph, c.weights, { batch: 1, target: wasmTargetWith({ split: 'every' }) }), c.id);
    const one = await bundle.create();
    const three = await bundle.create({ threads: 3 });
    expect(three.threads).toBe(3);
    expect(bits(three.run(c.inputs))).toEqual(bits(one.run(c.inputs)));
    one.dispose();
    three.dispose();
  });

  it('a layer of one whole-image Winograd chunk (14² and 13² at batch 1) is shared by output-channel blocks: 2 and 3 threads give the bytes of 1', async () => {
    // Filters past 1 MB keep a few-tile image one chunk (kernels/conv2d.ts, cachedFilterBytes).
    // 13² leaves a partial last tile row; 132 output channels a narrower last block; the residual
    // add and ReLU run in the shared output transform. The first Winograd layer's channel blocks
    // transform the second's input as they go, and so does the 2×2 direct layer's for the last.
    const image = input([1, 128, 14, 14], { name: 'image' });
    const a = image.conv2d({ outChannels: 132, kernelSize: 3, padding: 1 }).relu();
    const b = add(a.conv2d({ outChannels: 132, kernelSize: 3, padding: 1 }), a).relu();
    const c = b.conv2d({ outChannels: 128, kernelSize: 2 }).conv2d({ outChannels: 132, kernelSize: 3, padding: 1 }).relu();
    const graph = model({ name: 'shared-winograd', inputs: { image }, outputs: { y: c } }).toIR();
    const compiled = compileGraph(graph, seededWeights(graph, 5), { batch: 1, target: wasmTargetWith({ split: 'every' }) });
    const bundle = await importBundle(compiled, 'shared-winograd');
    const kernels = (bundle.spec.threads!.splits as Array<{ kernel: string }>).map((s) => s.kernel);
    expect(kernels.filter((k) => k.endsWith('_blocks')).length).toBe(2);
    expect(kernels.filter((k) => /_s\d+_conv2d_in$/.test(k))).toEqual(['s0_conv2d_blocks_s1_conv2d_in', 's2_conv2d_s3_conv2d_in']);
    // Each call of a Winograd channel split reads all of V: one piece per thread (WorkRange.pieces).
    const pieces = (bundle.spec.threads!.splits as Array<{ kernel: string; pieces?: number }>).filter((s) => s.pieces !== undefined);
    expect(pieces.map((s) => [s.kernel, s.pieces])).toEqual([['s0_conv2d_blocks_s1_conv2d_in', 1], ['s1_conv2d_blocks', 1], ['s3_conv2d_blocks', 1]]);
    const inputs = { image: Float32Array.from({ length: 128 * 14 * 14 }, (_, i) => Math.sin(i * 0.37)) };
    // Run after run, each such split is cut where the threads' measured paces meet (threads.ts,
    // cutAt), which moves with the machine: every run the bytes of one thread.
    await expectSameBytes(bundle, inputs, 12);
  });

  it('a few-tile Winograd layer whose filters fit in L2 is shared by tile rows (chunks of one), 2 and 3 threads give the bytes of 1', async () => {
    // cifar-vgg's shape: 32² F(4×4) 32 → 32 (147 KB of filters), a pool, 16² F(2×2) 32 → 64.
    const image = input([1, 32, 32, 32], { name: 'image' });
    const a = image.conv2d({ outChannels: 32, kernelSize: 3, padding: 1 }).relu().maxPool2d({ kernelSize: 2 });
    const b = a.conv2d({ outChannels: 64, kernelSize: 3, padding: 1 }).relu();
    const graph = model({ name: 'rows-winograd', inputs: { image }, outputs: { y: b } }).toIR();
    const compiled = compileGraph(graph, seededWeights(graph, 6), { batch: 1, target: wasmTargetWith({ split: 'every' }) });
    const bundle = await importBundle(compiled, 'rows-winograd');
    const splits = bundle.spec.threads!.splits as Array<{ kernel: string; units: number }>;
    expect(splits.filter((s) => /_blocks$|_in$/.test(s.kernel))).toEqual([]);
    expect(splits.filter((s) => s.kernel.startsWith('s0_') || s.kernel.startsWith('s2_')).map((s) => s.units)).toEqual([8, 8]);
    const inputs = { image: Float32Array.from({ length: 32 * 32 * 32 }, (_, i) => Math.cos(i * 0.11)) };
    await expectSameBytes(bundle, inputs);
  });

  it('a disposed network refuses to run; threads must be a positive integer', async () => {
    const c = loadNetworkCases().find((n) => n.id === 'lenet5')!;
    const bundle = await importBundle(compileGraph(c.graph, c.weights, { batch: 1, target: wasmTargetWith({ split: 'every' }) }), c.id);
    const net = await bundle.create({ threads: 2 });
    net.dispose();
    expect(() => net.run(c.inputs)).toThrow(/was disposed/);
    await expect(bundle.create({ threads: 0 })).rejects.toThrow(/positive integer, got 0/);
  });
});

describe('createInWorker(): runs in a worker, answered by promises', () => {
  it('gives the bytes of create(), queues runs in order, moves inputs on request, and rejects after dispose', async () => {
    const c = loadNetworkCases().find((n) => n.id === 'resnet-basic')!;
    const bundle = (await importBundle(compileGraph(c.graph, c.weights, { batch: 1 }), c.id)) as unknown as {
      create(): Promise<{ run(inputs: Record<string, Float32Array>): Record<string, Float32Array>; dispose(): void }>;
      createInWorker(): Promise<{ run(inputs: Record<string, Float32Array>, options?: { transfer?: boolean }): Promise<Record<string, Float32Array>>; dispose(): void }>;
    };
    const here = await bundle.create();
    const expected = bits(here.run(c.inputs));
    here.dispose();
    const away = await bundle.createInWorker();
    const name = Object.keys(c.inputs)[0];
    const zeros = { [name]: new Float32Array(c.inputs[name].length) };
    // Three runs in flight at once: each answer is its own input's.
    const [first, second, third] = await Promise.all([away.run(c.inputs), away.run(zeros), away.run(c.inputs)]);
    expect(bits(first)).toEqual(expected);
    expect(bits(third)).toEqual(expected);
    expect(bits(second)).not.toEqual(expected);
    const moved = { [name]: c.inputs[name].slice() };
    expect(bits(await away.run(moved, { transfer: true }))).toEqual(expected);
    expect(moved[name].length).toBe(0); // detached: its buffer went to the worker
    await expect(away.run({ wrong: new Float32Array(1) })).rejects.toThrow(/input/);
    away.dispose();
    await expect(away.run(c.inputs)).rejects.toThrow(/was disposed/);
  });
});

describe('createInWorker({ threads }): off the calling thread and on several cores', () => {
  it('its worker runs the network with helpers of its own: 2 and 3 threads give the bytes of create() on 1, run after run', async () => {
    const c = loadNetworkCases().find((n) => n.id === 'resnet-basic')!;
    const bundle = (await importBundle(compileGraph(c.graph, c.weights, { batch: 1, target: wasmTargetWith({ split: 'every' }) }), c.id)) as unknown as {
      create(): Promise<{ run(inputs: Record<string, Float32Array>): Record<string, Float32Array>; dispose(): void }>;
      createInWorker(options?: { threads?: number }): Promise<{ threads: number; run(inputs: Record<string, Float32Array>): Promise<Record<string, Float32Array>>; dispose(): void }>;
    };
    const here = await bundle.create();
    const expected = bits(here.run(c.inputs));
    here.dispose();
    // This process's OS threads: each network adds its worker, and the worker its helpers.
    const osThreads = () => Number(/^Threads:\s+(\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
    const before = osThreads();
    for (const threads of [2, 3]) {
      const away = await bundle.createInWorker({ threads });
      try {
        expect(away.threads).toBe(threads);
        expect(osThreads() - before).toBeGreaterThanOrEqual(threads);
        // Twelve runs: the first ones alternate between the threaded way and the worker alone (threads.ts).
        for (let i = 0; i < 12; i++) expect(bits(await away.run(c.inputs))).toEqual(expected);
      } finally {
        away.dispose();
      }
      // Disposed, the worker and its helpers end (threads end asynchronously: wait up to 5 s).
      for (let waited = 0; osThreads() > before && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
      expect(osThreads()).toBe(before);
    }
    await expect(bundle.createInWorker({ threads: 0 })).rejects.toThrow(/createInWorker\(\{ threads \}\): expected a positive integer, got 0/);
  });
});

describe('threads inside a worker of your own', () => {
  it('create({ threads: 2 }) in a worker_threads worker runs there on 2 threads (its worker nested in it), with the bytes of 1', async () => {
    const { c, folder } = await resnetBundleIn('.threads-own');
    writeFileSync(join(folder, 'inference.mjs'), `
import { parentPort, workerData } from 'node:worker_threads';
import { create } from './bundle.mjs';
const net = await create({ threads: 2 });
const outputs = net.run({ [workerData.name]: new Float32Array(workerData.input) });
parentPort.postMessage({ threads: net.threads, outputs: Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.slice()])) });
net.dispose();
`);
    const name = Object.keys(c.inputs)[0];
    const { Worker } = await import('node:worker_threads');
    const worker = new Worker(join(folder, 'inference.mjs'), { workerData: { name, input: Array.from(c.inputs[name]) } });
    const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
    const answer = await new Promise<{ threads: number; outputs: Record<string, Float32Array> }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    const here = await (await import(pathToFileURL(join(folder, 'bundle.mjs')).href) as { create(): Promise<{ run(inputs: Record<string, Float32Array>): Record<string, Float32Array>; dispose(): void }> }).create();
    try {
      expect(answer.threads).toBe(2);
      expect(bits(answer.outputs)).toEqual(bits(here.run(c.inputs)));
    } finally {
      here.dispose();
    }
    // Disposed inside, the worker has nothing left to run and ends by itself.
    expect(await exited).toBe(0);
  });
});

describe('100 threaded networks created and disposed in one process', () => {
  it('leave no thread and no memory behind, and the process exits by itself', async () => {
    const { c, folder } = await resnetBundleIn('.threads');
    const input = c.inputs[Object.keys(c.inputs)[0]];
    // The child: 100 × (create on 2 threads, run, dispose); then it reports and simply returns. If a
    // worker outlived its network, the process would not exit (spawnSync's timeout would end it).
    writeFileSync(join(folder, 'child.mjs'), `
import { create, createInWorker } from './bundle.mjs';
const input = new Float32Array(${JSON.stringify(Array.from(input))});
const name = ${JSON.stringify(Object.keys(c.inputs)[0])};
import { readFileSync } from 'node:fs';
// OS threads of this process (workers are unref'd, so only this count shows one that outlived its network).
const threads = () => Number(/^Threads:\\s+(\\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))[1]);
const before = threads();
const rss = [];
let most = 0;
for (let i = 0; i < 100; i++) {
  const net = await create({ threads: 2 });
  if (net.threads !== 2) throw new Error('threads: ' + net.threads);
  net.run({ [name]: input });
  most = Math.max(most, threads());
  net.dispose();
  if (i % 10 === 9) { await new Promise((r) => setTimeout(r, 20)); globalThis.gc(); rss.push(process.memoryUsage().rss); }
}
// And 20 × createInWorker({ threads: 2 }): a worker with a helper of its own, both ended by dispose.
for (let i = 0; i < 20; i++) {
  const away = await createInWorker({ threads: 2 });
  if (away.threads !== 2) throw new Error('createInWorker threads: ' + away.threads);
  await away.run({ [name]: input });
  most = Math.max(most, threads());
  away.dispose();
}
await new Promise((r) => setTimeout(r, 200));
globalThis.gc();
console.log(JSON.stringify({ rss, before, most, after: threads() }));
`);
    const started = Date.now();
    const child = spawnSync(process.execPath, ['--expose-gc', join(folder, 'child.mjs')], { encoding: 'utf8', timeout: 120_000 });
    expect(child.error, child.stderr).toBeUndefined();
    expect(child.status, child.stderr).toBe(0);
    const { rss, before, most, after } = JSON.parse(child.stdout.trim().split('\n').pop()!) as { rss: number[]; before: number; most: number; after: number };
    // A live threaded network has its worker's thread; after the last dispose none is left.
    expect(most).toBeGreaterThan(before);
    expect(after).toBe(before);
    // After the first tens the resident size stays flat: no per-network growth (a leaked worker
    // holds its isolate, ~10 MB, and the shared memory).
    const growth = rss[rss.length - 1] - rss[2];
    console.log(`threads: 100 networks in ${Date.now() - started} ms; OS threads ${before} before, ${most} at most, ${after} after; rss every 10: ${rss.map((r) => (r / 2 ** 20).toFixed(0)).join(', ')} MB`);
    expect(growth).toBeLessThan(60 * 2 ** 20);
  }, 180_000);
});
