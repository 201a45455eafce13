import { loadSafetensors, interpret } from '@stride/runtime';
import { join } from 'node:path';
import type { Engine } from '../engine.js';

/** The reference interpreter, as a stand-in for stride-js in development runs (never in committed results). */
export const strideInterp: Engine = {
  name: 'stride-interp',
  async prepare() {
    return { codeBytesGzip: 0, binaryBytesGzip: 0, weightBytes: 0 };
  },
  async open(job) {
    const weights = await loadSafetensors(join(job.dir, 'weights.safetensors'));
    const input = job.graph.nodes.find((n) => n.op === 'input')!.name;
    const output = job.graph.outputs[0].name;
    return {
      threads: 1,
      async run(data) {
        return interpret(job.graph, weights, { [input]: data })[output];
      },
      async close() {},
    };
  },
};
