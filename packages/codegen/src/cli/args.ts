/** Minimal flag parsing: `--name value`, `--flag`, and positionals; unknown flags are errors. */
export function parseArgs(args: string[], known: Record<string, 'string' | 'boolean'>): { positionals: string[]; flags: Record<string, string | boolean> } {
  const positionals: string[] = [];
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const name = arg.slice(2);
    const kind = known[name];
    if (!kind) throw new Error(`unknown option --${name} (known: ${Object.keys(known).map((k) => `--${k}`).join(', ')})`);
    if (kind === 'boolean') flags[name] = true;
    else {
      const value = args[++i];
      if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
      flags[name] = value;
    }
  }
  return { positionals, flags };
}

export function numberFlag(flags: Record<string, string | boolean>, name: string): number | undefined {
  if (flags[name] === undefined) return undefined;
  const value = Number(flags[name]);
  if (!Number.isFinite(value)) throw new Error(`--${name} must be a number, got ${String(flags[name])}`);
  return value;
}
