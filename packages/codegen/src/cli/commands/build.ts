import { build as runBuild } from '../../build/build.js';
import { formatReport } from '../../build/report.js';
import { resolveTarget } from '../../compile.js';
import type { TargetName } from '../../target.js';
import { numberFlag, parseArgs } from '../args.js';
import type { Command } from '../registry.js';

export const build: Command = {
  name: 'build',
  usage: 'stride build <network.ts> (--weights <file.safetensors> | --random-weights <seed>) --out <dir> [--target js] [--batch N] [--inline-limit bytes] [--f16] [--readable] [--allow-unexpected-weights]',
  description: 'Compile a network and its weights into index.js, index.d.ts and a build report.',
  async run(args) {
    const { positionals, flags } = parseArgs(args, {
      weights: 'string', 'random-weights': 'string', out: 'string', target: 'string', batch: 'string', 'inline-limit': 'string', f16: 'boolean', readable: 'boolean',
      'allow-unexpected-weights': 'boolean',
    });
    if (positionals.length !== 1) throw new Error(`expected one network file, got ${positionals.length}\nusage: ${this.usage}`);
    if (typeof flags.out !== 'string') throw new Error(`--out <dir> is required\nusage: ${this.usage}`);
    const result = await runBuild({
      network: positionals[0], out: flags.out, weights: flags.weights as string | undefined, randomWeights: numberFlag(flags, 'random-weights'),
      batch: numberFlag(flags, 'batch'), inlineLimit: numberFlag(flags, 'inline-limit'), f16: flags.f16 === true,
      allowUnexpectedWeights: flags['allow-unexpected-weights'] === true, readable: flags.readable === true,
      target: flags.target === undefined ? undefined : resolveTarget(flags.target as TargetName).name,
    });
    process.stdout.write(formatReport(result.report));
  },
};
