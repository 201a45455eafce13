import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Engine } from '../engine.js';

/** Stride's JavaScript target: the bundle `stride build` writes, specialized to the batch size. */
export const strideJs: Engine = {
  name: 'stride-js',
  async prepare(job) {
    const out = join(job.dir, 'stride-js');
    // The compiler is imported only to build: cold-start children just open the bundle.
    const { build } = await import('@stride/codegen');
    const result = await build({ network: job.file, weights: join(job.dir, 'weights.safetensors'), out, batch: job.batch, target: 'js', log: () => {} });
    const sidecar = join(out, 'index.safetensors');
    return { codeBytesGzip: result.report.codeBytesGzip, binaryBytesGzip: 0, weightBytes: existsSync(sidecar) ? statSync(sidecar).size : result.report.weightBytes };
  },
  async open(job) {
    const bundle = (await import(pathToFileURL(join(job.dir, 'stride-js', 'index.js')).href)) as {
      create(): Promise<{ run(inputs: Record<string, Float32Array>): Record<string, Float32Array> }>;
    };
    const network = await bundle.create();
    const input = job.graph.nodes.find((n) => n.op === 'input')!.name;
    const output = job.graph.outputs[0].name;
    return {
      threads: 1,
      async run(data) {
        return network.run({ [input]: data })[output].slice();
      },
      async close() {},
    };
  },
};
