import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Engine } from '../engine.js';

/**
 * Stride's WebAssembly SIMD target: the bundle `stride build --target wasm` writes, specialized to the
 * batch size. Its code bytes are the whole bundle without weights, the module's byte string included (it
 * ships inside index.js), so no separate binary is counted.
 */
export const strideWasm: Engine = {
  name: 'stride-wasm',
  threaded: true,
  async prepare(job) {
    const out = join(job.dir, 'stride-wasm');
    // The compiler is imported only to build: cold-start children just open the bundle.
    const { build } = await import('@stride/codegen');
    const result = await build({ network: job.file, weights: join(job.dir, 'weights.safetensors'), out, batch: job.batch, target: 'wasm', log: () => {} });
    const sidecar = join(out, 'index.safetensors');
    return { codeBytesGzip: result.report.codeBytesGzip, binaryBytesGzip: 0, weightBytes: existsSync(sidecar) ? statSync(sidecar).size : result.report.weightBytes };
  },
  async open(job) {
    const bundle = (await import(pathToFileURL(join(job.dir, 'stride-wasm', 'index.js')).href)) as {
      create(options?: { threads?: number }): Promise<{ threads: number; run(inputs: Record<string, Float32Array>): Record<string, Float32Array>; dispose(): void }>;
    };
    const network = await bundle.create({ threads: job.threads });
    const input = job.graph.nodes.find((n) => n.op === 'input')!.name;
    const output = job.graph.outputs[0].name;
    return {
      threads: network.threads,
      async run(data) {
        return network.run({ [input]: data })[output].slice();
      },
      async close() {
        network.dispose();
      },
    };
  },
};
