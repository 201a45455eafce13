/** `pnpm soak [inferences]`: the long soak (default 100,000 inferences). */
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { soak } from './soak-core.js';

const inferences = Number(process.argv[2] ?? 100_000);
const result = await soak(inferences, join(tmpdir(), 'stride-soak'));
console.log(`soak: ${result.inferences.toLocaleString('en-US')} inferences of resnet-tiny in ${result.seconds.toFixed(1)} s, two instances alternating; ` +
  `RSS ${result.rssStartMb.toFixed(1)} → ${result.rssEndMb.toFixed(1)} MB (${(result.growth * 100).toFixed(2)}%), ${result.mismatches} outputs differing from the first run`);
process.exitCode = result.mismatches === 0 && result.growth < 0.05 ? 0 : 1;
