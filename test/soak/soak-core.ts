/**
 * The soak run: a ResNet-style bundle (test/networks/resnet-tiny.ts, seeded weights) in a fresh
 * process, two instances used alternately for N inferences, each on its own image. Resident memory
 * must stay flat (growth under 5% after warm-up) and every output must be bit-identical to that
 * instance's first run. Different images make sharing between instances visible: after `b` runs,
 * the output `a` returned last must still hold `a`'s result (outputs are views valid until the same
 * instance runs again), and both instances agree bit for bit on the same image.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type TargetName } from '@stride/codegen';

export interface SoakResult { inferences: number; rssStartMb: number; rssEndMb: number; growth: number; mismatches: number; seconds: number }

export async function soak(inferences: number, out: string, target: TargetName = 'js'): Promise<SoakResult> {
  mkdirSync(out, { recursive: true });
  await build({ network: join(import.meta.dirname, '..', 'networks', 'resnet-tiny.ts'), randomWeights: 11, out, target, log: () => {} });
  const script = `import { create } from ${JSON.stringify(pathToFileURL(join(out, 'index.js')).href)};
const [a, b] = [await create(), await create()];
const imageA = { image: Float32Array.from({ length: 768 }, (_, i) => Math.sin(i * 0.1)) };
const imageB = { image: Float32Array.from({ length: 768 }, (_, i) => Math.cos(i * 0.37) * 2) };
const referenceA = a.run(imageA).logits.slice();
const referenceB = b.run(imageB).logits.slice();
const same = (x, reference) => x.every((v, i) => Object.is(v, reference[i]));
let mismatches = 0;
// The two images must give different logits, or a shared arena would go unnoticed.
if (same(referenceA, referenceB)) mismatches++;
// Both instances compute the same function: each on the other's image gives the other's result.
if (!same(a.run(imageB).logits, referenceB) || !same(b.run(imageA).logits, referenceA)) mismatches++;
const warmup = Math.min(2000, ${inferences} / 10);
let rssStart = 0;
let lastA = a.run(imageA).logits;
const started = performance.now();
for (let i = 0; i < ${inferences}; i++) {
  if (i % 2) {
    if (!same(b.run(imageB).logits, referenceB)) mismatches++;
    // b's run must not have touched the view a returned.
    if (!same(lastA, referenceA)) mismatches++;
  } else {
    lastA = a.run(imageA).logits;
    if (!same(lastA, referenceA)) mismatches++;
  }
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
