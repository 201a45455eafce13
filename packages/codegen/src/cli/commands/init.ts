import { copyFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, UsageError } from '../args.js';
import type { Command } from '../registry.js';
import { packageVersion } from '../version.js';

/** The template's files (beside src/ and dist/ in the package) → where they go in the new project. */
const templateFolder = fileURLToPath(new URL('../../../template/', import.meta.url));
const templateFiles: Record<string, string> = {
  'tsconfig.json': 'tsconfig.json',
  'src/net.ts': 'src/net.ts',
  'src/main.js': 'src/main.js',
  // Packers drop files named .gitignore from tarballs, so the template keeps it under another name.
  gitignore: '.gitignore',
};
const packageNames = ['@stride/dsl', '@stride/runtime', '@stride/codegen'] as const;
/** The TypeScript the DSL's type tests run under (the workspace's devDependency; test/cli.test.ts holds them equal). */
export const typescriptRange = '^7.0.2';

/** A package name npm accepts, from a folder name: `My Net` → `my-net`. */
function projectName(folder: string): string {
  const name = basename(folder).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|-+$/g, '');
  return name || 'stride-network';
}

/**
 * How the new project's package.json names each Stride package: `^version` from npm, or with
 * `--tarballs`, a `file:` path to the packed tarball of this version (until the packages are on npm).
 */
function specifiers(projectFolder: string, tarballs: string | undefined, version: string): Record<(typeof packageNames)[number], string> {
  if (tarballs === undefined) return Object.fromEntries(packageNames.map((name) => [name, `^${version}`])) as Record<(typeof packageNames)[number], string>;
  const folder = resolve(tarballs);
  if (!existsSync(folder)) throw new UsageError(`--tarballs ${tarballs}: there is no folder ${folder}`);
  const present = readdirSync(folder).filter((f) => f.endsWith('.tgz'));
  return Object.fromEntries(packageNames.map((name) => {
    const file = `${name.slice(1).replace('/', '-')}-${version}.tgz`;
    if (!present.includes(file)) {
      throw new UsageError(`--tarballs ${tarballs}: expected ${file} (pnpm pack in packages/${name.split('/')[1]}), found ${present.length ? present.join(', ') : 'no .tgz files'}`);
    }
    const path = relative(projectFolder, join(folder, file)).split('\\').join('/');
    return [name, `file:${path.startsWith('.') ? path : `./${path}`}`];
  })) as Record<(typeof packageNames)[number], string>;
}

/** `stride init [dir]`: a minimal project whose `npm install && npm run build && npm start` prints a prediction. */
export const init: Command = {
  name: 'init',
  usage: 'stride init [dir] [--tarballs <folder>]',
  description: 'Write a minimal project (package.json, tsconfig.json, a LeNet-style network, a script that runs its bundle) into dir, default the current folder.',
  flags: [
    { name: 'tarballs', value: 'folder', description: 'Take the @stride packages from the tarballs in this folder (made by pnpm pack) instead of npm.' },
  ],
  notes: ['Existing files are left alone: init refuses a folder that already has a package.json or any file it would write.'],
  async run(args) {
    const { positionals, flags } = parseArgs(args, this.flags);
    if (positionals.length > 1) throw new UsageError(`expected at most one folder, got ${positionals.join(' ')}`);
    const folder = resolve(positionals[0] ?? '.');
    const nearby = relative(process.cwd(), folder) || '.';
    const shown = nearby.startsWith('../..') ? folder : nearby; // the path the user would type
    const written = ['package.json', ...Object.values(templateFiles)];
    const existing = written.filter((file) => existsSync(join(folder, file)));
    if (existing.length > 0) {
      throw new Error(`${shown} already has ${existing.join(', ')}; init writes a new project and changes no existing file (choose an empty folder: stride init my-network)`);
    }
    const version = packageVersion();
    const stride = specifiers(folder, flags.tarballs as string | undefined, version);
    const manifest = {
      name: projectName(folder),
      version: '0.1.0',
      private: true,
      type: 'module',
      scripts: {
        // tsc first: a layer that does not fit stops the build with the editor's sentence and line.
        build: 'tsc && stride build src/net.ts --random-weights 0 --out dist/net',
        start: 'node src/main.js',
      },
      dependencies: { '@stride/runtime': stride['@stride/runtime'] },
      devDependencies: { '@stride/codegen': stride['@stride/codegen'], '@stride/dsl': stride['@stride/dsl'], typescript: typescriptRange },
    };
    mkdirSync(join(folder, 'src'), { recursive: true });
    writeFileSync(join(folder, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    for (const [from, to] of Object.entries(templateFiles)) {
      mkdirSync(dirname(join(folder, to)), { recursive: true });
      copyFileSync(join(templateFolder, from), join(folder, to));
    }
    const cd = shown === '.' ? [] : [`  cd ${shown}`];
    process.stdout.write([
      `wrote ${written.join(', ')} in ${shown}`, '', 'next:', ...cd,
      '  npm install',
      '  npm run build     # tsc checks every layer\'s shape, then stride build writes dist/net',
      '  npm start         # runs the bundle on a test image',
      '',
    ].join('\n'));
  },
};
