import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/support/sequencer.js';

// One run covers every package: unit suites beside each package, cross-package suites in test/.
export default defineConfig({
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'test/**/*.test.ts',
      'examples/*/test/**/*.test.ts',
      'bench/test/**/*.test.ts',
    ],
    // Type tests (*.test-d.ts assert only types): Vitest's typecheck mode runs TypeScript 7's tsc over
    // them and reports each `it` as a test, so the runtime suites' count means what it says.
    typecheck: { enabled: true, include: ['packages/*/test/**/*.test-d.ts'], tsconfig: 'packages/dsl/test/tsconfig.type-tests.json' },
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: one worker on this 2-core machine, with the
    // main process idle. Most suites wait on child processes (tsc, esbuild, npm, Chromium) part of the
    // time, so two workers keep both cores busy.
    maxWorkers: 2,
    // A worker runs file after file without restarting: each file no longer pays ~1.5 s to import the
    // three packages from source again (module state such as memo tables is shared; no suite mocks or
    // patches globals, and those that change the working directory or TMPDIR put them back).
    isolate: false,
    // The longest files start first, so the two workers finish together (test/support/sequencer.ts).
    sequence: { sequencer: LongestFirstSequencer },
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
