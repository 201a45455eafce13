/** The result file's shape and its Markdown table and SVG chart. */
import { availableParallelism, cpus, totalmem } from 'node:os';
import { coresFloor, coresTries } from './cores.js';
import type { EngineName } from './engine.js';

export interface Result {
  network: string;
  batch: number;
  engine: EngineName;
  medianMs: number;
  p90Ms: number;
  /** Fresh process: engine import, weights load, first result. Null when the run skipped cold starts. */
  coldStartMs: number | null;
  codeBytesGzip: number;
  /** WebAssembly or native library, gzipped. */
  binaryBytesGzip: number;
  weightBytes: number;
  /** Peak RSS of the cold-start process (Node itself included). Null when cold starts were skipped. */
  peakRssMb: number | null;
  /** Max |engine − stride-js| on the benchmark input (0 for stride-js itself). */
  maxAbsDiff: number;
  /** Threads the engine computed with (what it reports). */
  threads: number;
  /** A `--threads N` row: the N asked for (an engine may get fewer: stride-wasm with nothing worth splitting, TF.js in Node). */
  threadsAsked?: number;
  /** Timed rounds behind the median. */
  rounds: number;
  /**
   * A threaded row's own engine on one thread, median ms, timed in the same process alternating run by
   * run with the threaded session (bench/src/alone.ts): the speedup threads give, side by side.
   * Absent for engines that keep one thread count per process (ORT Web, TF.js wasm).
   */
  singleThreadMs?: number;
  /**
   * A threaded row's ceiling: the speedup `threadsAsked` threads gave pure arithmetic (no memory
   * traffic) against one, sampled right before and after its timed rounds (bench/src/cores.ts). A VM's vCPUs may
   * share a physical core at times; then no engine's threads can gain.
   */
  coresSpeedup?: number;
  /**
   * Every process a threaded row was timed in, in order, where there was more than one: a process whose
   * cores gave less than ×1.5 of one thread for two is timed again (cores.ts, `coresFloor`),
   * and the row keeps the process whose cores gave most.
   */
  tries?: Array<{ medianMs: number; singleThreadMs?: number; coresSpeedup?: number }>;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
}

export interface BenchFile {
  machine: Machine;
  date: string;
  /** The engine every other is compared with. */
  reference: EngineName;
  mode: 'full' | 'quick';
  threads: 'single' | 'multi';
  results: Result[];
}

export function machine(): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: availableParallelism(),
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

const kb = (bytes: number) => (bytes === 0 ? '—' : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 2 ** 20).toFixed(2)} MiB`);
/** Milliseconds as the tables print them: three decimals below 10, one above. */
export const ms = (value: number | null) => (value === null ? '—' : value < 10 ? value.toFixed(3) : value.toFixed(1));

/**
 * A threaded row's speedup over its engine on one thread: against `singleThreadMs` (the same process,
 * alternating run by run), or, marked *, against the engine's single-threaded row of the run.
 */
function threadSpeedup(file: BenchFile, r: Result): string {
  if (r.singleThreadMs !== undefined) return `×${(r.singleThreadMs / r.medianMs).toFixed(2)}`;
  const own = file.results.find((x) => x.batch === r.batch && x.network === r.network && x.engine === r.engine && !x.threadsAsked);
  return own ? `×${(own.medianMs / r.medianMs).toFixed(2)}*` : '—';
}

/** Where a threaded row was timed again because its cores gave little (`Result.tries`): the cores each earlier process gave. */
function triesNote(r: Result): string {
  if (!r.tries) return '';
  const cores = r.tries.map((t) => t.coresSpeedup ?? 0);
  const kept = cores.indexOf(Math.max(...cores));
  return `, other processes ${cores.filter((_, i) => i !== kept).map((c) => `×${c.toFixed(2)}`).join(', ')}`;
}

/** One table per batch size: rows network × engine, with each peer's median relative to the reference engine's. */
export function markdown(file: BenchFile): string {
  const lines = [
    `# Stride benchmarks`,
    '',
    `${file.date} · ${file.machine.cpu} (${file.machine.cores} cores, ${file.machine.memoryGb} GB) · Node ${file.machine.node} · ${file.threads === 'single' ? 'single thread' : 'multithreaded'} · ${file.mode} run`,
    '',
    `× ${file.reference}: the engine's median latency divided by ${file.reference}'s (above 1: ${file.reference} is faster).`,
    `Threaded rows (×N) are timed in a process of their own; their speedup is against the same engine on one thread in that process, alternating run by run (or, marked *, against the engine's single-threaded row above, for engines that keep one thread count per process). Cores: what as many threads gave pure arithmetic against one thread, sampled right before and after that row's rounds (bench/src/cores.ts) — this machine's ceiling at that moment (its vCPUs at times share a physical core); a row whose cores gave less than ×${(coresFloor * 2).toFixed(1)} for two threads is timed again in a new process, up to ${coresTries} in all, and keeps the process whose cores gave most ("other processes ×1.09": what the cores gave in the processes not kept).`,
  ];
  for (const batch of [...new Set(file.results.map((r) => r.batch))]) {
    lines.push('', `## Batch ${batch}`, '', '| network | engine | median ms | p90 ms | × ' + file.reference + ' | cold start ms | code (gzip) | wasm/native (gzip) | weights | peak RSS MB | threads | speedup | max abs diff |', '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of file.results.filter((x) => x.batch === batch)) {
      const reference = file.results.find((x) => x.batch === batch && x.network === r.network && x.engine === file.reference && !x.threadsAsked);
      const ratio = reference ? (r.medianMs / reference.medianMs).toFixed(2) : '—';
      const speedup = r.threadsAsked ? `${threadSpeedup(file, r)}${r.coresSpeedup === undefined ? '' : ` (cores ×${r.coresSpeedup.toFixed(2)}${triesNote(r)})`}` : '';
      lines.push(`| ${r.network} | ${r.engine}${r.threadsAsked ? ` ×${r.threadsAsked}` : ''} | ${ms(r.medianMs)} | ${ms(r.p90Ms)} | ${ratio} | ${ms(r.coldStartMs)} | ${kb(r.codeBytesGzip)} | ${kb(r.binaryBytesGzip)} | ${kb(r.weightBytes)} | ${r.peakRssMb === null ? '—' : r.peakRssMb.toFixed(0)} | ${r.threads} | ${speedup} | ${r.maxAbsDiff.toExponential(1)} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const escapeXml = (text: string) => text.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!);

/**
 * Each peer's median relative to the reference engine's, batch 1, one group of bars per network, on a
 * log₂ axis centred on 1× (bars right of the line: the peer is slower). Written by hand, no chart library.
 */
export function svgChart(file: BenchFile): string {
  const batch = Math.min(...file.results.map((r) => r.batch));
  // The chart compares engines on one thread; the --threads rows are in the tables.
  const rows = file.results.filter((r) => r.batch === batch && r.engine !== file.reference && !r.threadsAsked);
  const networks = [...new Set(rows.map((r) => r.network))];
  const engines = [...new Set(rows.map((r) => r.engine))];
  const colors = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1'];
  const barHeight = 14;
  const groupGap = 16;
  const left = 120;
  const plotWidth = 560;
  const top = 50;
  const ratios = rows.map((r) => r.medianMs / file.results.find((x) => x.batch === batch && x.network === r.network && x.engine === file.reference && !x.threadsAsked)!.medianMs);
  const extent = Math.max(1, ...ratios.map((x) => Math.ceil(Math.abs(Math.log2(x)))));
  const xOf = (ratio: number) => left + plotWidth / 2 + (Math.log2(ratio) / extent) * (plotWidth / 2);
  const height = top + networks.length * (engines.length * barHeight + groupGap) + 40;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + plotWidth + 80}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<text x="10" y="18" font-size="14" font-weight="bold">Median latency relative to ${escapeXml(file.reference)} (batch ${batch}, log scale; right = slower than ${escapeXml(file.reference)})</text>`,
    `<text x="10" y="34" fill="#555">${escapeXml(`${file.machine.cpu} · ${file.date.slice(0, 10)} · ${file.threads === 'single' ? 'single thread' : 'multithreaded'}`)}</text>`,
  ];
  for (let tick = -extent; tick <= extent; tick++) {
    const x = xOf(2 ** tick);
    out.push(`<line x1="${x.toFixed(1)}" y1="${top - 6}" x2="${x.toFixed(1)}" y2="${height - 30}" stroke="${tick === 0 ? '#000' : '#ddd'}"/>`);
    out.push(`<text x="${x.toFixed(1)}" y="${height - 16}" text-anchor="middle">${tick >= 0 ? 2 ** tick : `1/${2 ** -tick}`}×</text>`);
  }
  let y = top;
  for (const network of networks) {
    out.push(`<text x="10" y="${y + (engines.length * barHeight) / 2 + 4}" font-weight="bold">${escapeXml(network)}</text>`);
    engines.forEach((engine, e) => {
      const row = rows.find((r) => r.network === network && r.engine === engine);
      if (row) {
        const ratio = ratios[rows.indexOf(row)];
        const x0 = xOf(1);
        const x1 = xOf(ratio);
        out.push(`<rect x="${Math.min(x0, x1).toFixed(1)}" y="${y + 1}" width="${Math.max(1, Math.abs(x1 - x0)).toFixed(1)}" height="${barHeight - 2}" fill="${colors[e % colors.length]}"/>`);
        out.push(`<text x="${(ratio >= 1 ? x1 + 4 : x1 - 4).toFixed(1)}" y="${y + barHeight - 3}" text-anchor="${ratio >= 1 ? 'start' : 'end'}">${escapeXml(engine)} ${ratio.toFixed(2)}×</text>`);
      }
      y += barHeight;
    });
    y += groupGap;
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** The README's summary: the machine, then batch-1 medians per network with each peer's ratio to the reference. */
export function summary(file: BenchFile): string {
  const batch = Math.min(...file.results.map((r) => r.batch));
  const engines = [...new Set(file.results.map((r) => r.engine))];
  const networks = [...new Set(file.results.map((r) => r.network))];
  const lines = [
    `Measured ${file.date.slice(0, 10)} on ${file.machine.cpu} (${file.machine.cores} cores, ${file.machine.memoryGb} GB), Node ${file.machine.node}, one thread per engine${file.threads === 'single' ? '' : ' (the threaded rows are in bench/results/latest.md)'}, batch ${batch}. Median ms (ratio to ${file.reference}; above 1: ${file.reference} is faster).`,
    '',
    `| network | ${engines.join(' | ')} |`,
    `|---|${engines.map(() => '---:').join('|')}|`,
  ];
  for (const network of networks) {
    const reference = file.results.find((r) => r.batch === batch && r.network === network && r.engine === file.reference && !r.threadsAsked);
    const cells = engines.map((engine) => {
      const r = file.results.find((x) => x.batch === batch && x.network === network && x.engine === engine && !x.threadsAsked);
      if (!r) return '—';
      return engine === file.reference || !reference ? ms(r.medianMs) : `${ms(r.medianMs)} (${(r.medianMs / reference.medianMs).toFixed(2)})`;
    });
    lines.push(`| ${network} | ${cells.join(' | ')} |`);
  }
  const threaded = file.results.filter((r) => r.batch === batch && r.threadsAsked);
  if (threaded.length) {
    // The --threads rows: each engine's threaded median and its speedup over one thread (see markdown()).
    const asked = threaded[0].threadsAsked!;
    const threadedEngines = [...new Set(threaded.map((r) => r.engine))];
    lines.push(
      '',
      `On ${asked} threads, batch ${batch}, each engine timed in a process of its own: median ms (speedup over the same engine on one thread — in that process, alternating run by run, where the engine allows both; * against its single-threaded row above where its library keeps one thread count per process; cores: what ${asked} threads gave pure arithmetic against one, sampled right before and after that row's rounds — the ceiling on this machine at that moment; a row whose cores gave less than ×${(coresFloor * asked).toFixed(1)} is timed again in a new process, up to ${coresTries} in all, keeping the process whose cores gave most).`,
      '',
      `| network | ${threadedEngines.map((engine) => `${engine} ×${asked}`).join(' | ')} |`,
      `|---|${threadedEngines.map(() => '---:').join('|')}|`,
    );
    for (const network of networks) {
      const cells = threadedEngines.map((engine) => {
        const r = threaded.find((x) => x.network === network && x.engine === engine);
        if (!r) return '—';
        return `${ms(r.medianMs)} (${threadSpeedup(file, r)}${r.threads < asked ? `, ${r.threads} thread` : ''}${r.coresSpeedup === undefined ? '' : `; cores ×${r.coresSpeedup.toFixed(2)}${triesNote(r)}`})`;
      });
      lines.push(`| ${network} | ${cells.join(' | ')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
