/** Test support: loads generated source as a real ES module (a temp .mjs file, never eval) and runs it. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CompiledProgram } from '../src';

const folder = join(import.meta.dirname, '..', 'node_modules', '.generated');
let counter = 0;

export async function loadForward(compiled: CompiledProgram): Promise<(a: Float32Array, w: Float32Array) => void> {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `program-${process.pid}-${counter++}.mjs`);
  writeFileSync(file, compiled.source);
  return ((await import(pathToFileURL(file).href)) as { forward: (a: Float32Array, w: Float32Array) => void }).forward;
}

export async function runCompiled(compiled: CompiledProgram, inputs: Record<string, Float32Array>): Promise<Record<string, Float32Array>> {
  const forward = await loadForward(compiled);
  const arena = new Float32Array(compiled.arenaFloats);
  for (const input of compiled.inputs) arena.set(inputs[input.name], input.offset);
  forward(arena, compiled.weights);
  return Object.fromEntries(compiled.outputs.map((o) => [o.name, arena.slice(o.offset, o.offset + o.shape.reduce((a, b) => a * b, 1))]));
}
