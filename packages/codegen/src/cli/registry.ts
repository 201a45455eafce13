/** The `stride` commands: one file each under ./commands, listed here explicitly. */
import { build } from './commands/build.js';
import { exportOnnxCommand } from './commands/export-onnx.js';
import { summary } from './commands/summary.js';

export interface Command {
  name: string;
  usage: string;
  description: string;
  run(args: string[]): Promise<void>;
}

export const commands: Command[] = [build, summary, exportOnnxCommand];
