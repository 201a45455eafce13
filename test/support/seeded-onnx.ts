/**
 * The external weights of the committed torchvision graphs (test/fixtures/onnx-import), written again
 * from the seed: every external initializer is `seededTensor(its name, its dims, seed)` at its offset,
 * as export_torchvision.py checked before moving it out of the graph.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeModel } from '../../packages/codegen/src/onnx/schema.js';
import { seededTensor } from '@stride/runtime';

/** Writes `<dir>/<location>` for the external initializers of `bytes`; returns the file names written. */
export function writeSeededWeights(bytes: Uint8Array, dir: string, seed = 0): string[] {
  const files = new Map<string, Array<{ offset: number; data: Float32Array }>>();
  for (const tensor of decodeModel(bytes).graph.initializer) {
    if (tensor.dataLocation !== 1) continue;
    const entry = (key: string) => tensor.externalData!.find((e) => e.key === key)!.value;
    const data = seededTensor(tensor.name, tensor.dims.map(Number), seed);
    const list = files.get(entry('location')) ?? [];
    list.push({ offset: Number(entry('offset')), data });
    files.set(entry('location'), list);
  }
  for (const [location, chunks] of files) {
    const size = Math.max(...chunks.map((c) => c.offset + c.data.byteLength));
    const out = new Uint8Array(size);
    for (const c of chunks) out.set(new Uint8Array(c.data.buffer, c.data.byteOffset, c.data.byteLength), c.offset);
    writeFileSync(join(dir, location), out);
  }
  return [...files.keys()];
}
