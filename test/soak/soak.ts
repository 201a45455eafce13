/** `pnpm soak [inferences] [--target js|wasm]`: the long soak (default 100,000 inferences, js target). */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { soak } from './soak-core.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { target: { type: 'string', default: 'js' } } });
if (values.target !== 'js' && values.target !== 'wasm') throw new Error(`soak: --target must be js or wasm, got ${values.target}`);
const inferences = Number(positionals[0] ?? 100_000);
const result = await soak(inferences, join(tmpdir(), 'stride-soak', values.target), values.target);
console.log(`soak (${values.target}): ${result.inferences.toLocaleString('en-US')} inferences of resnet-tiny in ${result.seconds.toFixed(1)} s, two instances alternating; ` +
  `RSS ${result.rssStartMb.toFixed(1)} → ${result.rssEndMb.toFixed(1)} MB (${(result.growth * 100).toFixed(2)}%), ${result.mismatches} outputs differing from the first run`);
process.exitCode = result.mismatches === 0 && result.growth < 0.05 ? 0 : 1;
