/**
 * onnxruntime, native (onnxruntime-node) and WebAssembly (onnxruntime-web, in Node, from the package's
 * own .wasm files), both running the model written by Stride's ONNX exporter.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadSafetensors } from '@stride/runtime';
import type { Engine, Job, Session } from '../engine.js';
import { bundleGzipBytes, gzipFileBytes } from '../bytes.js';

const require = createRequire(import.meta.url);

async function writeModel(job: Job): Promise<string> {
  const file = join(job.dir, 'model.onnx');
  // Imported here, not at the top: cold-start children only open sessions, and the compiler (with
  // esbuild and the TypeScript API) would weigh on their memory.
  const { exportOnnx } = await import('@stride/codegen');
  writeFileSync(file, exportOnnx(job.graph, await loadSafetensors(join(job.dir, 'weights.safetensors'))));
  return file;
}

type OrtModule = typeof import('onnxruntime-node');

async function sessionOf(ort: OrtModule, job: Job, threads: number, options: Record<string, unknown>): Promise<Session> {
  const session = await ort.InferenceSession.create(readFileSync(join(job.dir, 'model.onnx')), options);
  const [input] = session.inputNames;
  const [output] = session.outputNames;
  return {
    threads,
    async run(data) {
      const results = await session.run({ [input]: new ort.Tensor('float32', data, job.inputShape) });
      return (results[output].data as Float32Array).slice();
    },
    async close() {
      await session.release();
    },
  };
}

export const ortNode: Engine = {
  name: 'ort-node',
  threaded: true,
  async prepare(job) {
    const file = await writeModel(job);
    const folder = dirname(require.resolve('onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node'));
    return {
      codeBytesGzip: await bundleGzipBytes('export * from "onnxruntime-node";', ['*.node']),
      binaryBytesGzip: gzipFileBytes(join(folder, 'libonnxruntime.so.1')) + gzipFileBytes(join(folder, 'onnxruntime_binding.node')),
      weightBytes: statSync(file).size,
    };
  },
  async open(job) {
    const ort = await import('onnxruntime-node');
    const threads = job.threads;
    return sessionOf(ort, job, threads, { intraOpNumThreads: threads, interOpNumThreads: 1, executionMode: 'sequential' });
  },
};

// The package's Node entry lives in dist/, beside the .wasm files and the browser builds.
const webDist = () => `${dirname(require.resolve('onnxruntime-web'))}/`;

export const ortWeb: Engine = {
  name: 'ort-web',
  threaded: true,
  threadsPerProcess: true,
  async prepare(job) {
    const file = await writeModel(job);
    return {
      // The browser build that loads its .wasm separately (what a web app ships).
      codeBytesGzip: gzipFileBytes(join(webDist(), 'ort.wasm.min.mjs')),
      binaryBytesGzip: gzipFileBytes(join(webDist(), 'ort-wasm-simd-threaded.wasm')),
      weightBytes: statSync(file).size,
    };
  },
  async open(job) {
    // numThreads is read once, when the module first initializes its wasm backend: the harness
    // times a threaded session in a process of its own (alone.ts).
    const threads = job.threads;
    const ort = (await import('onnxruntime-web')) as unknown as OrtModule & { env: { wasm: { numThreads: number; wasmPaths: string } } };
    ort.env.wasm.numThreads = threads;
    ort.env.wasm.wasmPaths = pathToFileURL(webDist()).href;
    return sessionOf(ort, job, threads, { executionProviders: ['wasm'] });
  },
};
