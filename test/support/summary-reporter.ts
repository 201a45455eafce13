import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, `tests: N passed, N failed, N skipped (R runtime, T type tests)`,
 * after vitest's own summary, so CI logs and scripts that read a closing count line see the totals —
 * and how many of them ran code (`*.test.ts`) and how many only type-checked (`*.test-d.ts`, Vitest's
 * typecheck mode).
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    let typeTests = 0;
    let total = 0;
    for (const module of testModules) {
      const types = /\.test-d\.[cm]?[jt]sx?$/.test(module.moduleId);
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
        total++;
        if (types) typeTests++;
      }
      // A file that failed to load has no tests to count but must not read as green.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped (${total - typeTests} runtime, ${typeTests} type tests)\n`);
  }
}
