/** The `stride` command line: `pnpm stride <command> …` from the repository root. */
import { commands } from './cli/registry.js';

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = commands.find((c) => c.name === name);
  if (!name || name === 'help' || name === '--help' || !command) {
    const lines = ['usage: stride <command> [options]', '', ...commands.map((c) => `  ${c.usage}\n      ${c.description}`)];
    if (name && name !== 'help' && name !== '--help') lines.unshift(`stride: unknown command '${name}'`, '');
    process.stdout.write(`${lines.join('\n')}\n`);
    return command || !name || name === 'help' || name === '--help' ? 0 : 2;
  }
  try {
    await command.run(args);
    return 0;
  } catch (error) {
    process.stderr.write(`stride ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
