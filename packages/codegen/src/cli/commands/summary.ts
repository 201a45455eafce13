import { parseArgs, UsageError } from '../args.js';
import type { Command } from '../registry.js';

export const summary: Command = {
  name: 'summary',
  usage: 'stride summary <network.ts>',
  description: 'Print the layer table: names, ops, output shapes, parameters, multiply-accumulates.',
  flags: [],
  async run(args) {
    const { positionals } = parseArgs(args, this.flags);
    if (positionals.length !== 1) throw new UsageError(`expected one network file, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
    const { loadNetwork } = await import('../../build/loadNetwork.js');
    const network = await loadNetwork(positionals[0]);
    process.stdout.write(`${network.summary()}\n`);
  },
};
