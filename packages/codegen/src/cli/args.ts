/**
 * Flag parsing for the `stride` commands: `--name value`, `--switch`, and positionals. Each command
 * declares its flags once, as a list of `Flag`s; parsing and `--help` are both read from that list.
 */

/** One `--name`: a value placeholder for a flag that takes one, none for a switch. */
export interface Flag {
  /** `weights` for `--weights`. */
  name: string;
  /** What the value is, as `--help` shows it: `file.safetensors`. Absent for a switch. */
  value?: string;
  /** One sentence for `--help`. */
  description: string;
}

/** A command line that does not fit the command: the CLI prints it with the usage and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | boolean>;
}

/** Splits `args` by `flags`; an unknown flag or a missing value is a `UsageError` naming the known ones. */
export function parseArgs(args: readonly string[], flags: readonly Flag[]): ParsedArgs {
  const positionals: string[] = [];
  const parsed: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    const flag = flags.find((f) => f.name === name);
    if (!flag) {
      const known = flags.length ? flags.map((f) => `--${f.name}`).join(', ') : 'none';
      throw new UsageError(`unknown option --${name} (the options are ${known})`);
    }
    if (flag.value === undefined) {
      if (inline !== undefined) throw new UsageError(`--${name} is a switch and takes no value, got --${name}=${inline}`);
      parsed[name] = true;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || (inline === undefined && value.startsWith('--'))) {
      throw new UsageError(`--${name} needs a value (--${name} <${flag.value}>), got ${value === undefined ? 'nothing' : value}`);
    }
    parsed[name] = value;
  }
  return { positionals, flags: parsed };
}

/** A flag's value as a finite number, or undefined when absent. */
export function numberFlag(flags: Record<string, string | boolean>, name: string): number | undefined {
  if (flags[name] === undefined) return undefined;
  const text = String(flags[name]);
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new UsageError(`--${name} must be a number, got ${JSON.stringify(text)}`);
  return value;
}

/** `text` in lines of at most `width` characters, every line after the first indented by `indent` spaces. */
export function wrap(text: string, width: number, indent: number): string {
  const lead = /^ */.exec(text)![0];
  const lines: string[] = [];
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    if (line.trim() && line.length + 1 + word.length > width) {
      lines.push(line);
      line = `${' '.repeat(indent)}${word}`;
    } else {
      line = line.trim() ? `${line} ${word}` : `${line}${word}`;
    }
  }
  lines.push(line);
  return lines.join('\n');
}

/** The flags as `--help` lists them: `  --weights <file.safetensors>  sentence`, wrapped at 100 columns. */
export function formatFlags(flags: readonly Flag[]): string[] {
  const heads = flags.map((f) => `--${f.name}${f.value ? ` <${f.value}>` : ''}`);
  const width = Math.max(0, ...heads.map((h) => h.length));
  return flags.map((f, i) => wrap(`  ${heads[i].padEnd(width)}  ${f.description}`, 100, width + 4));
}
