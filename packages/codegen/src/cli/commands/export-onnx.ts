import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { numberFlag, parseArgs, UsageError } from '../args.js';
import type { Command } from '../registry.js';

/** `stride export-onnx`: a network definition and its weights → one self-contained .onnx file (opset 17). */
export const exportOnnxCommand: Command = {
  name: 'export-onnx',
  usage: 'stride export-onnx <network.ts> (--weights <file.safetensors> | --random-weights <seed>) --out <model.onnx> [options]',
  description: 'Write the network and its weights as an ONNX model (opset 17) for onnxruntime and other ONNX tools.',
  flags: [
    { name: 'weights', value: 'file.safetensors', description: 'The trained weights, named as PyTorch names them (state_dict keys).' },
    { name: 'random-weights', value: 'seed', description: 'Seeded random weights instead of a file.' },
    { name: 'out', value: 'model.onnx', description: 'The file to write.' },
    { name: 'allow-unexpected-weights', description: 'Ignore tensors in the weights file that the network does not use.' },
  ],
  notes: ['Paths are relative to the current folder.'],
  async run(args) {
    const { positionals, flags } = parseArgs(args, this.flags);
    if (positionals.length !== 1) throw new UsageError(`expected one network file, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
    if (typeof flags.out !== 'string') throw new UsageError('--out <model.onnx> is required: the file to write');
    const seed = numberFlag(flags, 'random-weights');
    if ((typeof flags.weights === 'string') === (seed !== undefined)) {
      throw new UsageError(`pass exactly one of --weights <file.safetensors> and --random-weights <seed>, got ${typeof flags.weights === 'string' ? 'both' : 'neither'}`);
    }
    const [{ loadSafetensors, seededWeights }, { loadNetwork }, { exportOnnx }] = await Promise.all([
      import('@stride/runtime'), import('../../build/loadNetwork.js'), import('../../onnx/export.js'),
    ]);
    const { graph } = await loadNetwork(positionals[0]);
    const weights = typeof flags.weights === 'string' ? await loadSafetensors(resolve(flags.weights)) : seededWeights(graph, seed);
    const bytes = exportOnnx(graph, weights, { allowUnexpectedWeights: flags['allow-unexpected-weights'] === true });
    writeFileSync(resolve(flags.out), bytes);
    process.stdout.write(`wrote ${flags.out} (${graph.name}: ${graph.nodes.length} layers, ${(bytes.byteLength / 1024).toFixed(1)} KiB, opset 17)\n`);
  },
};
