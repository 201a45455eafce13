/**
 * Type-check cost of the benchmark networks: check time and instantiations under TypeScript 7 (`tsc
 * --extendedDiagnostics`), each network alone in a scratch project, against an empty baseline. Run:
 * `npx tsx packages/dsl/bench/typecheck.ts`. The ceilings asserted in test/typecheck-cost.test.ts come
 * from these numbers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { instantiationCount, removeScratch, scratch } from '../test/harness';

const root = join(import.meta.dirname, '..', '..', '..');
export const networks = {
  'lenet5': 'examples/lenet-mnist/src/lenet5.ts',
  'resnet50': 'packages/dsl/test/networks/resnet50.ts',
  'mobilenet-v2': 'examples/mobilenet-v2/src/mobilenet-v2.ts',
  'resnet18': 'examples/resnet18/src/resnet18.ts',
} as const;

/** Instantiations and check time of one network definition, minus an empty module's. */
export function measure(path: string): { instantiations: number; checkSeconds: number; totalInstantiations: number; totalCheckSeconds: number } {
  const source = readFileSync(join(root, path), 'utf8').replaceAll("'../../src'", "'@stride/dsl'");
  const base = scratch({ 'net.ts': "import { input } from '@stride/dsl';\nexport const x = input([1]);\n" });
  const net = scratch({ 'net.ts': source });
  try {
    const empty = instantiationCount(base);
    const full = instantiationCount(net);
    return {
      instantiations: full.instantiations - empty.instantiations, checkSeconds: full.checkSeconds - empty.checkSeconds,
      totalInstantiations: full.instantiations, totalCheckSeconds: full.checkSeconds,
    };
  } finally {
    removeScratch(base);
    removeScratch(net);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const [name, path] of Object.entries(networks)) {
    const runs = [measure(path), measure(path), measure(path)];
    const seconds = runs.map((r) => r.checkSeconds).sort((a, b) => a - b)[1];
    const total = runs.map((r) => r.totalCheckSeconds).sort((a, b) => a - b)[1];
    console.log(`${name.padEnd(14)} instantiations ${String(runs[0].instantiations).padStart(9)} (${runs[0].totalInstantiations} with the DSL itself)   ` +
      `check time ${seconds.toFixed(3)} s (${total.toFixed(3)} s for the whole file, DSL included; median of 3)`);
  }
}
