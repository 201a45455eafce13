import { numberFlag, parseArgs, UsageError } from '../args.js';
import type { TargetName } from '../../target.js';
import type { Command } from '../registry.js';

export const build: Command = {
  name: 'build',
  usage: 'stride build <network.ts> (--weights <file.safetensors> | --random-weights <seed>) --out <dir> [options]',
  description: 'Compile a network and its weights into one dependency-free ES module (index.js), its index.d.ts and a build report.',
  flags: [
    { name: 'weights', value: 'file.safetensors', description: 'The trained weights, named as PyTorch names them (state_dict keys).' },
    { name: 'random-weights', value: 'seed', description: 'Seeded random weights instead of a file, to try a network before it is trained.' },
    { name: 'out', value: 'dir', description: 'The folder to write index.js, index.d.ts, package.json and report.md / report.json into.' },
    {
      name: 'batch', value: 'N',
      description: "The size of the network's symbolic dimensions (input(['batch', 1, 32, 32])), default 1. " +
        'Refused for a network whose inputs have none: it builds at the sizes written in its inputs.',
    },
    { name: 'target', value: 'js|wasm', description: "What the kernels are compiled to: 'js' (plain JavaScript, any engine, any Content-Security-Policy that allows scripts) or 'wasm' (WebAssembly SIMD, needs 'wasm-unsafe-eval' in a browser's policy). Default wasm." },
    { name: 'inline-limit', value: 'bytes', description: 'Weights up to this size are inlined into index.js, larger ones go to index.safetensors beside it (default 1048576).' },
    { name: 'f16', description: 'Store the weights as float16 (half the bytes; widened to float32 when loaded).' },
    { name: 'readable', description: 'Leave index.js unminified, the kernels exactly as the compiler wrote them, with their comments (and the wasm module as index.wat).' },
    { name: 'allow-unexpected-weights', description: 'Ignore tensors in the weights file that the network does not use.' },
  ],
  notes: [
    'Paths are relative to the current folder. The network module default-exports model({ inputs, outputs }); ' +
      'it imports @stride/dsl from its own project, or from this command when its folder has none.',
    'index.js runs in Node and browsers: import { create } from \'./dist/net/index.js\'; const net = await create(); net.run({ image }).',
  ],
  async run(args) {
    const { positionals, flags } = parseArgs(args, this.flags);
    if (positionals.length !== 1) throw new UsageError(`expected one network file, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
    if (typeof flags.out !== 'string') throw new UsageError('--out <dir> is required: the folder to write the bundle into');
    const randomWeights = numberFlag(flags, 'random-weights');
    if ((typeof flags.weights === 'string') === (randomWeights !== undefined)) {
      throw new UsageError(`pass exactly one of --weights <file.safetensors> and --random-weights <seed>, got ${typeof flags.weights === 'string' ? 'both' : 'neither'}`);
    }
    // Loaded here, not at the top: `stride --help` should not wait for esbuild and ts-morph.
    const { build: runBuild } = await import('../../build/build.js');
    const { formatReport } = await import('../../build/report.js');
    const { resolveTarget } = await import('../../compile.js');
    const result = await runBuild({
      network: positionals[0], out: flags.out, weights: flags.weights as string | undefined, randomWeights,
      batch: numberFlag(flags, 'batch'), inlineLimit: numberFlag(flags, 'inline-limit'), f16: flags.f16 === true,
      allowUnexpectedWeights: flags['allow-unexpected-weights'] === true, readable: flags.readable === true,
      target: flags.target === undefined ? undefined : resolveTarget(flags.target as TargetName).name,
    });
    process.stdout.write(formatReport(result.report));
  },
};
