/** The build report: kernel per layer, multiply-accumulates, arena, code and weight bytes. */
import type { LayerReport } from '../compile.js';
import type { TargetName } from '../target.js';

export interface BuildReport {
  model: string;
  target: TargetName;
  layers: LayerReport[];
  macs: number;
  arenaBytes: number;
  /** Bytes of weights the bundle ships (inline or sidecar). */
  weightBytes: number;
  /** Bytes the weights take in memory after load, as the kernels hold them (expanded where a kernel transforms them, as Winograd does; 8 per value where the JavaScript target keeps doubles). */
  runtimeWeightBytes: number;
  weightsDtype: 'F32' | 'F16';
  weightsInline: boolean;
  /** index.js without the inline weights, as written (minified unless `--readable`). */
  codeBytes: number;
  codeBytesGzip: number;
  bundleBytes: number;
  passes: { pass: string; changed: number }[];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** A Markdown table of the report, also what `stride build` prints. */
export function formatReport(report: BuildReport): string {
  const rows = report.layers.map((l) => `| ${l.layers.join(' + ').replace(/\|/g, '\\|').replace(/[\r\n\u2028\u2029]/g, ' ')} | ${l.kernel} | [${l.shape.join(', ')}] | ${l.macs.toLocaleString('en-US')} |`);
  return [
    `# Stride build report: ${report.model.replace(/[\r\n\u2028\u2029]/g, ' ')} (${report.target} target)`,
    '',
    '| Layers | Kernel | Output shape | MACs |',
    '|---|---|---|---:|',
    ...rows,
    '',
    `- Multiply-accumulates: ${report.macs.toLocaleString('en-US')}`,
    `- Arena: ${kb(report.arenaBytes)} (one buffer for every intermediate value)`,
    `- Code: ${kb(report.codeBytes)}, ${kb(report.codeBytesGzip)} gzipped (weights excluded)`,
    `- Weights: ${kb(report.weightBytes)} ${report.weightsDtype}, ${report.weightsInline ? 'inline' : 'in index.safetensors'}; ${kb(report.runtimeWeightBytes)} in memory after load`,
    `- Passes: ${report.passes.map((p) => `${p.pass} (${p.changed})`).join(', ')}`,
    '',
  ].join('\n');
}
