/**
 * `pnpm fuzz [cases] [seed]`: the long run of the safetensors fuzzer (default 100,000 cases, seed 1),
 * with progress; exits non-zero if any case crashed or decoded more than twice its file's size.
 */
import { fuzz } from './fuzz-core';

const cases = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 1);
const started = performance.now();
const summary = fuzz(cases, seed, (done) => process.stderr.write(`fuzz: ${done.toLocaleString('en-US')} / ${cases.toLocaleString('en-US')} cases\n`));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`fuzz: ${summary.cases.toLocaleString('en-US')} mutated safetensors files in ${seconds} s (seed ${seed}): ${summary.parsed} parsed, ${summary.refused} refused with StrideError, ${summary.crashes.length} crashes; worst decoded/file bytes ${summary.worstDecodedRatio.toFixed(2)}`);
for (const crash of summary.crashes) console.log(crash.error, JSON.stringify(crash.input));
process.exitCode = summary.crashes.length === 0 && summary.worstDecodedRatio <= 2 ? 0 : 1;
