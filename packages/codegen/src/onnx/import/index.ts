/**
 * `importOnnxFile()`: what `stride import-onnx` does — an ONNX model file → `<out>/<name>.ts`, DSL
 * source that default-exports the model, and `<out>/<name>.safetensors`, its weights under the names
 * that source gives them. Nothing is written unless the whole model imports.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { serializeSafetensors } from '@stride/runtime';
import { importOnnx, type OnnxImport } from './importer.js';
import { writeSource } from './source.js';

export { importOnnx, modulePath, type OnnxImport, type OnnxImportOptions } from './importer.js';
export { writeSource, identifier, type SourceOptions } from './source.js';

export interface ImportFileOptions {
  /** The folder to write to (created if missing). */
  out: string;
  /** The file names' stem and the model's name. @default the model file's name without `.onnx` */
  name?: string;
}

export interface ImportFileResult extends OnnxImport {
  source: string;
  sourceFile: string;
  weightsFile: string;
}

/** Imports `file` (external data beside it) and writes the network's source and weights into `options.out`. */
export function importOnnxFile(file: string, options: ImportFileOptions): ImportFileResult {
  const path = resolve(file);
  const name = options.name ?? basename(path).replace(/\.onnx$/i, '');
  const imported = importOnnx(readFileSync(path), { dir: dirname(path), name });
  const source = writeSource(imported.graph);
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  const sourceFile = join(out, `${name}.ts`);
  const weightsFile = join(out, `${name}.safetensors`);
  const tensors = new Map([...imported.weights].map(([key, data]) => [key, { dtype: 'F32' as const, shape: shapeOf(imported, key), data }]));
  writeFileSync(weightsFile, serializeSafetensors(tensors));
  writeFileSync(sourceFile, source);
  return { ...imported, source, sourceFile, weightsFile };
}

function shapeOf(imported: OnnxImport, key: string): number[] {
  for (const node of imported.graph.nodes) for (const p of Object.values(node.params as Record<string, { name: string; shape: number[] }>)) if (p.name === key) return p.shape;
  return [];
}
