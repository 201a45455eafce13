import { relative } from 'node:path';
import { parseArgs, UsageError } from '../args.js';
import type { Command } from '../registry.js';

/** `stride import-onnx`: an ONNX model → typed DSL source and its weights. */
export const importOnnxCommand: Command = {
  name: 'import-onnx',
  usage: 'stride import-onnx <model.onnx> --out <dir> [options]',
  description: 'Write an ONNX model (opsets 11–17) as DSL source that type-checks, with its weights as safetensors.',
  flags: [
    { name: 'out', value: 'dir', description: 'The folder to write <name>.ts and <name>.safetensors into (created if missing).' },
    { name: 'name', value: 'name', description: "The files' name and the model's; the model file's name by default." },
  ],
  notes: [
    'Shapes are static: the shape computations exporters write are evaluated on import. Repeated structures become block functions applied with apply.',
    'An unsupported op or attribute stops the import with every such node listed; nothing is written. Paths are relative to the current folder.',
  ],
  async run(args) {
    const { positionals, flags } = parseArgs(args, this.flags);
    if (positionals.length !== 1) throw new UsageError(`expected one model file, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
    if (typeof flags.out !== 'string') throw new UsageError('--out <dir> is required: the folder to write the source and weights into');
    const { importOnnxFile } = await import('../../onnx/import/index.js');
    const started = performance.now();
    const result = importOnnxFile(positionals[0], { out: flags.out, name: typeof flags.name === 'string' ? flags.name : undefined });
    const lines = result.source.split('\n').length - 1;
    process.stdout.write(`wrote ${relative(process.cwd(), result.sourceFile)} (${lines} lines, ${result.graph.nodes.length} layers, opset ${result.opset}) and ${relative(process.cwd(), result.weightsFile)} `
      + `(${result.weights.size} tensors) in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  },
};
