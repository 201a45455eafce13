/**
 * Whether the code still builds what the committed benchmark ran: rebuilds every network's bundles
 * (wasm and js, batch 1 and 8) and ONNX model into a temporary folder and compares them with bench/.cache,
 * byte for byte. A change that leaves them identical (a refactor of the compiler, the interpreter, a
 * test) keeps bench/results/latest.json the rows of the code; any other needs a new full run.
 *
 *   node --import tsx bench/src/unchanged.ts      (after a full `pnpm bench` has filled bench/.cache)
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, exportOnnx } from '@stride/codegen';
import { loadSafetensors } from '@stride/runtime';
import { makeJob } from './job.js';
import { networkNames } from './networks.js';

const scratch = mkdtempSync(join(tmpdir(), 'stride-unchanged-'));
let differ = 0;
for (const network of networkNames) for (const batch of [1, 8]) {
  const job = await makeJob(network, batch, 1);
  const weights = join(job.dir, 'weights.safetensors');
  for (const target of ['wasm', 'js'] as const) {
    const out = join(scratch, network, String(batch), target);
    await build({ network: job.file, weights, out, batch, target, log: () => {} });
    for (const f of ['index.js', 'index.d.ts', 'index.safetensors']) {
      const a = join(job.dir, `stride-${target}`, f), b = join(out, f);
      if (!existsSync(a) && !existsSync(b)) continue;
      const same = existsSync(a) && existsSync(b) && Buffer.compare(readFileSync(a), readFileSync(b)) === 0;
      if (!same) { differ++; console.log('DIFFERS', network, batch, target, f); }
    }
  }
  const onnx = exportOnnx(job.graph, await loadSafetensors(weights));
  if (Buffer.compare(Buffer.from(onnx), readFileSync(join(job.dir, 'model.onnx'))) !== 0) { differ++; console.log('DIFFERS', network, batch, 'model.onnx'); }
}
rmSync(scratch, { recursive: true, force: true });
console.log(differ ? `${differ} files differ` : 'every bundle and model is byte-identical to bench/.cache');
