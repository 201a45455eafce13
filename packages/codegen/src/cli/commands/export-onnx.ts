import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadSafetensors, seededWeights } from '@stride/runtime';
import { loadNetwork } from '../../build/loadNetwork.js';
import { exportOnnx } from '../../onnx/export.js';
import { numberFlag, parseArgs } from '../args.js';
import type { Command } from '../registry.js';

/** `stride export-onnx`: a network definition and its weights → one self-contained .onnx file (opset 17). */
export const exportOnnxCommand: Command = {
  name: 'export-onnx',
  usage: 'stride export-onnx <network.ts> (--weights <file.safetensors> | --random-weights <seed>) --out <model.onnx> [--allow-unexpected-weights]',
  description: 'Write the network and its weights as an ONNX model (opset 17) for onnxruntime and other ONNX tools.',
  async run(args) {
    const { positionals, flags } = parseArgs(args, { weights: 'string', 'random-weights': 'string', out: 'string', 'allow-unexpected-weights': 'boolean' });
    if (positionals.length !== 1) throw new Error(`expected one network file, got ${positionals.length}\nusage: ${this.usage}`);
    if (typeof flags.out !== 'string') throw new Error(`--out <model.onnx> is required\nusage: ${this.usage}`);
    const seed = numberFlag(flags, 'random-weights');
    if ((typeof flags.weights === 'string') === (seed !== undefined)) throw new Error(`pass exactly one of --weights <file.safetensors> and --random-weights <seed>\nusage: ${this.usage}`);
    const { graph } = await loadNetwork(positionals[0]);
    const weights = typeof flags.weights === 'string' ? await loadSafetensors(resolve(flags.weights)) : seededWeights(graph, seed);
    const bytes = exportOnnx(graph, weights, { allowUnexpectedWeights: flags['allow-unexpected-weights'] === true });
    writeFileSync(resolve(flags.out), bytes);
    process.stdout.write(`stride: wrote ${flags.out} (${graph.name}: ${graph.nodes.length} layers, ${(bytes.byteLength / 1024).toFixed(1)} KiB, opset 17)\n`);
  },
};
