/**
 * Type-check cost of the benchmark networks: check time and instantiations under TypeScript 7 (`tsc
 * --extendedDiagnostics`), each network alone in a scratch project, against a baseline module that only
 * imports the DSL. Run: `npx tsx packages/dsl/bench/typecheck.ts`. The instantiation ceilings asserted
 * in test/typecheck-cost.test.ts come from these numbers; check time is only reported (the machine is
 * shared), with the issue's target for ResNet-50: under 0.3 s.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { instantiationCount, removeScratch, scratch } from '../test/harness/index.js';

const root = join(import.meta.dirname, '..', '..', '..');
export const networks = {
  'lenet5': 'examples/lenet-mnist/src/lenet5.ts',
  'resnet50': 'packages/dsl/test/networks/resnet50.ts',
  'mobilenet-v2': 'examples/mobilenet-v2/src/mobilenet-v2.ts',
  'resnet18': 'examples/resnet18/src/resnet18.ts',
} as const;

/**
 * What a network adds to a module that only imports the DSL (`instantiations`, `checkSeconds`), the
 * totals for the network's file, and the baseline's check time (measured in the same call).
 */
export interface NetworkCost { instantiations: number; checkSeconds: number; totalInstantiations: number; totalCheckSeconds: number; baseCheckSeconds: number }

/**
 * Instantiations and check time of one network definition, minus an empty module's. Throws if the
 * network has any diagnostic (a false error, or TS2589 from the type-level arithmetic), so a cost is
 * never reported for a check that failed.
 */
export function measure(path: string): NetworkCost {
  const source = readFileSync(join(root, path), 'utf8').replace(/'\.\.\/\.\.\/src(\/index\.js)?'/g, "'@stride/dsl'");
  const base = scratch({ 'net.ts': "import { input } from '@stride/dsl';\nexport const x = input([1]);\n" });
  const net = scratch({ 'net.ts': source });
  try {
    const empty = instantiationCount(base);
    const full = instantiationCount(net);
    const diagnostics = [...empty.diagnostics, ...full.diagnostics];
    if (diagnostics.length > 0) {
      throw new Error(`${path} does not type-check cleanly:\n${diagnostics.map((d) => `${d.file}:${d.line}: TS${d.code} ${d.message}`).join('\n')}`);
    }
    return {
      instantiations: full.instantiations - empty.instantiations, checkSeconds: full.checkSeconds - empty.checkSeconds,
      totalInstantiations: full.instantiations, totalCheckSeconds: full.checkSeconds, baseCheckSeconds: empty.checkSeconds,
    };
  } finally {
    removeScratch(base);
    removeScratch(net);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Check time is wall time and the machine may be shared: report the median and the minimum of several
  // rounds; a network's own time is the minimum for its file minus the minimum for the baseline.
  const rounds = Number(process.env.ROUNDS ?? 7);
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
  console.log(`TypeScript 7 (tsc --extendedDiagnostics), ${rounds} rounds; "network" is what the definition adds to a module importing the DSL.\n`);
  console.log('network        instantiations: network (whole file)   check time: network (min)   whole file: median / min');
  for (const [name, path] of Object.entries(networks)) {
    const runs = Array.from({ length: rounds }, () => measure(path));
    const total = runs.map((r) => r.totalCheckSeconds);
    const own = Math.min(...total) - Math.min(...runs.map((r) => r.baseCheckSeconds));
    console.log(`${name.padEnd(14)} ${String(runs[0].instantiations).padStart(8)} (${String(runs[0].totalInstantiations).padStart(7)})` +
      `                    ${own.toFixed(3)} s                  ${median(total).toFixed(3)} / ${Math.min(...total).toFixed(3)} s` +
      (name === 'resnet50' ? `   (target: under 0.3 s)` : ''));
  }
}
