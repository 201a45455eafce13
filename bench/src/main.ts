/**
 * `pnpm bench [--quick] [--threads N] [--networks a,b] [--engines a,b] [--batches 1,8] [--no-cold] [--out dir]`
 * `pnpm bench --render results/latest.json` (redraw tables, chart and README summaries; no measuring)
 *
 * Writes results/latest.json (and a dated copy), results/latest.md and results/latest.svg. `--quick`
 * runs batch 1 with few rounds and no cold starts (about a minute); the default runs batch 1 and 8.
 * `--threads N` adds, beside every single-threaded row, a row with N threads for each engine that
 * supports threads (stride-wasm, ort-node, ort-web, tfjs-wasm), timed in the same rounds.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { engineNames, type EngineName } from './engine.js';
import { engines } from './engines/registry.js';
import { networkNames, type NetworkName } from './networks.js';
import { machine, markdown, summary, svgChart, type BenchFile } from './results.js';
import { runBench } from './run.js';

const defaultOut = join(import.meta.dirname, '..', 'results');
const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    threads: { type: 'string', default: '1' },
    networks: { type: 'string' },
    engines: { type: 'string' },
    batches: { type: 'string' },
    'no-cold': { type: 'boolean', default: false },
    out: { type: 'string', default: defaultOut },
    render: { type: 'string' },
  },
});

function list<T extends string>(text: string | undefined, known: readonly T[], what: string): T[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const item of items) if (!known.includes(item as T)) throw new Error(`bench: unknown ${what} '${item}' (known: ${known.join(', ')})`);
  return items as T[];
}

const quick = values.quick === true;
if (!(Number.isInteger(Number(values.threads)) && Number(values.threads) >= 1)) throw new Error(`bench: --threads takes a thread count, got ${JSON.stringify(values.threads)}`);
const selected = list(values.engines, Object.keys(engines) as EngineName[], 'engine') ?? [...engineNames];
const options = {
  networks: list(values.networks, networkNames, 'network') ?? [...networkNames],
  batches: values.batches ? values.batches.split(',').map(Number) : quick ? [1] : [1, 8],
  engines: selected,
  // Untimed runs before timing, at least (more until each engine's time settles; see warmUp).
  warmup: quick ? 1 : 2,
  minRounds: quick ? 3 : 5,
  maxRounds: quick ? 200 : 1000,
  budgetMs: quick ? 3_000 : 20_000,
  coldStart: !quick && values['no-cold'] !== true,
  threads: Number(values.threads),
  tolerance: 1e-3,
  log: (line: string) => process.stderr.write(`${line}\n`),
};

// `--render file.json` redraws the tables, chart and README summaries from a results file, measuring nothing.
const rendered = values.render ? (JSON.parse(readFileSync(values.render, 'utf8')) as BenchFile) : undefined;
const file: BenchFile = rendered ?? {
  machine: machine(), date: new Date().toISOString(), reference: selected[0],
  mode: quick ? 'quick' : 'full', threads: options.threads > 1 ? 'multi' : 'single', results: await runBench(options),
};
mkdirSync(values.out!, { recursive: true });
if (!rendered) {
  const json = `${JSON.stringify(file, null, 2)}\n`;
  writeFileSync(join(values.out!, 'latest.json'), json);
  writeFileSync(join(values.out!, `${file.date.slice(0, 10)}${quick ? '-quick' : ''}${options.threads > 1 ? `-threads${options.threads}` : ''}.json`), json);
}
writeFileSync(join(values.out!, 'latest.md'), markdown(file));
writeFileSync(join(values.out!, 'latest.svg'), svgChart(file));
// A full run also refreshes the summary between the markers in bench/README.md and in
// the repository's README.md, so the tables people read are always a run's output (its single-thread rows).
if (file.mode === 'full' && values.out === defaultOut) {
  for (const readme of [join(import.meta.dirname, '..', 'README.md'), join(import.meta.dirname, '..', '..', 'README.md')]) {
    if (!existsSync(readme)) continue;
    const text = readFileSync(readme, 'utf8');
    writeFileSync(readme, text.replace(/<!-- results:start -->[\s\S]*<!-- results:end -->/, `<!-- results:start -->\n${summary(file)}<!-- results:end -->`));
  }
}
process.stdout.write(markdown(file));
