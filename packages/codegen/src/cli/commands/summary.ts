import { loadNetwork } from '../../build/loadNetwork.js';
import type { Command } from '../registry.js';

export const summary: Command = {
  name: 'summary',
  usage: 'stride summary <network.ts>',
  description: 'Print the layer table: names, ops, output shapes, parameters, multiply-accumulates.',
  async run(args) {
    if (args.length !== 1) throw new Error(`expected one network file\nusage: ${this.usage}`);
    const network = await loadNetwork(args[0]);
    process.stdout.write(`${network.summary()}\n`);
  },
};
