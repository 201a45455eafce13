/**
 * `pnpm fuzz [cases] [seed]`: the long run of the safetensors fuzzer (default 100,000 cases, seed 1),
 * then as many of the bundles' sidecar reader,
 * with progress; exits non-zero if any case crashed, parsed into something its header does not say,
 * or grew array-buffer memory by more than twice its file's size.
 */
import { fuzz, fuzzSidecar } from './fuzz-core.js';

const cases = Number(process.argv[2] ?? 100_000);
const seed = Number(process.argv[3] ?? 1);
const started = performance.now();
const summary = fuzz(cases, seed, (done) => process.stderr.write(`fuzz: ${done.toLocaleString('en-US')} / ${cases.toLocaleString('en-US')} cases\n`));
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`fuzz: ${summary.cases.toLocaleString('en-US')} mutated safetensors files in ${seconds} s (seed ${seed}): ${summary.parsed} parsed (${summary.bound} of them bound to a conv graph), ${summary.refused} refused with StrideError, ${summary.crashes.length} crashes`);
console.log(`fuzz: memory per parse at most ${summary.worstMeasuredRatio.toFixed(2)}× the file measured (array buffers), ${summary.worstDecodedRatio.toFixed(2)}× decoded; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
console.log(`fuzz: refusals by reason: ${[...summary.reasons].sort((a, b) => b[1] - a[1]).map(([reason, count]) => `${reason}… ${count}`).join('; ')}`);
for (const crash of summary.crashes) console.log(crash.error, JSON.stringify(crash.input));

const sidecarStarted = performance.now();
const sidecar = fuzzSidecar(cases, seed);
console.log(`fuzz: ${sidecar.cases.toLocaleString('en-US')} mutated bundle sidecar files in ${((performance.now() - sidecarStarted) / 1000).toFixed(1)} s: ${sidecar.parsed} loaded, ${sidecar.refused} refused with StrideError, ${sidecar.crashes.length} crashes; memory per load at most ${sidecar.worstMeasuredRatio.toFixed(2)}× the file`);
for (const crash of sidecar.crashes) console.log(crash.error, JSON.stringify(crash.input));
const clean = (s: typeof summary) => s.crashes.length === 0 && s.worstDecodedRatio <= 2 && s.worstMeasuredRatio <= 2;
process.exitCode = clean(summary) && clean(sidecar) ? 0 : 1;
