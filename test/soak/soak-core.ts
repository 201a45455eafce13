/**
 * The soak run: a ResNet-style bundle (test/networks/resnet-tiny.ts, seeded weights) in a fresh
 * process, two instances used alternately for N inferences. Resident memory must stay flat (growth
 * under 5% after warm-up) and every output must be bit-identical to the first run's, in both instances.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from '@stride/codegen';

export interface SoakResult { inferences: number; rssStartMb: number; rssEndMb: number; growth: number; mismatches: number; seconds: number }

export async function soak(inferences: number, out: string): Promise<SoakResult> {
  mkdirSync(out, { recursive: true });
  await build({ network: join(import.meta.dirname, '..', 'networks', 'resnet-tiny.ts'), randomWeights: 11, out, log: () => {} });
  const script = `import { create } from ${JSON.stringify(pathToFileURL(join(out, 'index.js')).href)};
const [a, b] = [await create(), await create()];
const image = Float32Array.from({ length: 768 }, (_, i) => Math.sin(i * 0.1));
const inputs = { image };
const reference = a.run(inputs).logits.slice();
const same = (x) => x.every((v, i) => Object.is(v, reference[i]));
let mismatches = 0;
const warmup = Math.min(2000, ${inferences} / 10);
let rssStart = 0;
const started = performance.now();
for (let i = 0; i < ${inferences}; i++) {
  const out = (i % 2 ? b : a).run(inputs).logits;
  if (!same(out)) mismatches++;
  if (i === warmup) { globalThis.gc?.(); rssStart = process.memoryUsage().rss; }
}
globalThis.gc?.();
const rssEnd = process.memoryUsage().rss;
console.log(JSON.stringify({ rssStart, rssEnd, mismatches, seconds: (performance.now() - started) / 1000 }));`;
  const result = JSON.parse(execFileSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8' })) as { rssStart: number; rssEnd: number; mismatches: number; seconds: number };
  return {
    inferences, rssStartMb: result.rssStart / 2 ** 20, rssEndMb: result.rssEnd / 2 ** 20, growth: result.rssEnd / result.rssStart - 1,
    mismatches: result.mismatches, seconds: result.seconds,
  };
}
