#!/usr/bin/env node
/**
 * The `stride` command: `npx stride <command> …` in a project that installed @stride/codegen (its
 * `bin`), `pnpm stride …` inside this repository. Exit status: 0 done, 1 the command failed, 2 the
 * command line did not fit (unknown command or option, missing argument).
 */
import { formatFlags, UsageError, wrap } from './cli/args.js';
import { commands, type Command } from './cli/registry.js';
import { packageVersion } from './cli/version.js';

function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'usage: stride <command> [options]', '',
    'commands:',
    ...commands.map((c) => wrap(`  ${c.name.padEnd(width)}  ${c.description}`, 100, width + 4)), '',
    'stride <command> --help   the options of one command',
    'stride --version          the version of @stride/codegen',
  ].join('\n');
}

function help(command: Command): string {
  const lines = [`usage: ${command.usage}`, '', wrap(command.description, 100, 0)];
  if (command.flags.length > 0) lines.push('', 'options:', ...formatFlags(command.flags));
  for (const note of command.notes ?? []) lines.push('', wrap(note, 100, 0));
  return lines.join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find((c) => c.name === args[0]) : undefined;
    if (name === 'help' && args[0] !== undefined && !topic) {
      process.stderr.write(`stride help: unknown command '${args[0]}'; the commands are ${commands.map((c) => c.name).join(', ')}\n`);
      return 2;
    }
    process.stdout.write(`${topic ? help(topic) : overview()}\n`);
    return 0;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`stride: unknown command '${name}'; the commands are ${commands.map((c) => c.name).join(', ')} (stride --help)\n`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${help(command)}\n`);
    return 0;
  }
  try {
    await command.run(args);
    return 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`stride ${name}: ${message}\n`);
    if (error instanceof UsageError) {
      process.stderr.write(`usage: ${command.usage} (stride ${name} --help for the options)\n`);
      return 2;
    }
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
