/** The `stride` commands: one file each under ./commands, listed here explicitly. */
import type { Flag } from './args.js';
import { build } from './commands/build.js';
import { exportOnnxCommand } from './commands/export-onnx.js';
import { importOnnxCommand } from './commands/import-onnx.js';
import { init } from './commands/init.js';
import { summary } from './commands/summary.js';

export interface Command {
  name: string;
  /** The command line's shape, with what is required: `stride summary <network.ts>`. */
  usage: string;
  /** One sentence for `stride --help`. */
  description: string;
  /** Every flag the command takes: `parseArgs` reads them, `--help` lists them. */
  flags: readonly Flag[];
  /** Paragraphs after the flags in `stride <command> --help`. */
  notes?: readonly string[];
  /** Runs with the arguments after the command's name; throws `UsageError` for a command line that does not fit. */
  run(args: string[]): Promise<void>;
}

export const commands: Command[] = [init, build, summary, exportOnnxCommand, importOnnxCommand];
