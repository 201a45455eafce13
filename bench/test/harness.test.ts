/**
 * The harness end to end on LeNet-5 with the real stride-js bundle and onnxruntime-node: the result
 * shape, the agreement check, a cold start in a fresh process, and the Markdown and SVG written from
 * the results. Timings are not asserted (they depend on the machine), only that they were measured.
 */
import { describe, expect, it } from 'vitest';
import { machine, markdown, ms, summary, svgChart, type BenchFile } from '../src/results.js';
import { runBench } from '../src/run.js';
import { quantile } from '../src/stats.js';

describe('bench harness', () => {
  it('measures lenet5 on stride-js and ort-node and writes the result shape', async () => {
    const lines: string[] = [];
    const results = await runBench({
      networks: ['lenet5'], batches: [1], engines: ['stride-js', 'ort-node'], warmup: 1, minRounds: 5, maxRounds: 5, budgetMs: 0,
      coldStart: true, threads: 1, tolerance: 1e-3, log: (line) => lines.push(line),
    });
    expect(results.map((r) => [r.network, r.batch, r.engine])).toEqual([['lenet5', 1, 'stride-js'], ['lenet5', 1, 'ort-node']]);
    for (const r of results) {
      expect(Object.keys(r).sort()).toEqual(['batch', 'binaryBytesGzip', 'codeBytesGzip', 'coldStartMs', 'engine', 'maxAbsDiff', 'medianMs', 'network', 'p90Ms', 'peakRssMb', 'rounds', 'threads', 'weightBytes'].sort());
      expect(r.rounds).toBe(5);
      expect(r.medianMs).toBeGreaterThan(0);
      expect(r.p90Ms).toBeGreaterThanOrEqual(r.medianMs);
      expect(r.coldStartMs).toBeGreaterThan(r.medianMs);
      expect(r.peakRssMb).toBeGreaterThan(10);
      expect(r.threads).toBe(1);
      expect(r.codeBytesGzip).toBeGreaterThan(0);
    }
    const [stride, ort] = results;
    expect(stride.maxAbsDiff).toBe(0);
    expect(ort.maxAbsDiff).toBeLessThan(1e-5);
    // 61,706 float32 parameters: stride-js ships them raw; the ONNX file adds names and graph structure.
    expect(stride.weightBytes).toBe(61_706 * 4);
    expect(ort.weightBytes).toBeGreaterThan(61_706 * 4);
    expect(ort.binaryBytesGzip).toBeGreaterThan(1_000_000);
    expect(lines).toHaveLength(2);

    const file: BenchFile = { machine: machine(), date: '2026-01-02T03:04:05.000Z', reference: 'stride-js', mode: 'quick', threads: 'single', results };
    const table = markdown(file);
    expect(table).toContain(`| lenet5 | ort-node | `);
    expect(table).toContain(`| ${(ort.medianMs / stride.medianMs).toFixed(2)} |`);
    expect(summary(file)).toContain(`| lenet5 | ${ms(stride.medianMs)} | ${ms(ort.medianMs)} (${(ort.medianMs / stride.medianMs).toFixed(2)}) |`);
    const svg = svgChart(file);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<rect /g)).toHaveLength(1);
    expect(svg).toContain(`ort-node ${(ort.medianMs / stride.medianMs).toFixed(2)}×`);
  });

  it('fails a peer that disagrees with the reference before timing it', async () => {
    // onnxruntime (MLAS kernels) and the interpreter (plain loops) sum in different orders, so they differ
    // by float rounding (~1e-8 on LeNet-5): a tolerance of 0 must reject the peer.
    await expect(runBench({
      networks: ['lenet5'], batches: [1], engines: ['ort-node', 'stride-interp'], warmup: 0, minRounds: 1, maxRounds: 1, budgetMs: 0,
      coldStart: false, threads: 1, tolerance: 0, log: () => {},
    })).rejects.toThrow(/stride-interp disagrees with ort-node on lenet5 batch 1: max abs diff [0-9.e-]+ > 0/);
  });

  it('--threads 2 adds a row per engine that supports threads, beside its single-threaded one', async () => {
    const results = await runBench({
      networks: ['lenet5'], batches: [1], engines: ['stride-js', 'ort-node'], warmup: 0, minRounds: 2, maxRounds: 2, budgetMs: 0,
      coldStart: false, threads: 2, tolerance: 1e-3, log: () => {},
    });
    expect(results.map((r) => [r.engine, r.threads, r.threadsAsked])).toEqual([['stride-js', 1, undefined], ['ort-node', 1, undefined], ['ort-node', 2, 2]]);
    const table = markdown({ machine: machine(), date: '2026-01-02T03:04:05.000Z', reference: 'stride-js', mode: 'quick', threads: 'multi', results });
    expect(table).toContain('| lenet5 | ort-node ×2 | ');
  });

  it('quantiles interpolate between order statistics', () => {
    expect(quantile([5, 1, 3, 2, 4], 0.5)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 0.9)).toBe(10);
  });
});
