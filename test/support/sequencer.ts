import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The suite's longest files, longest first (worker seconds on the 2-core CI machine). They start
 * before everything else so the two workers end together: a two-minute file started last would run
 * alone at the end. Vitest's own order (by the durations it cached from the last run, or by file size
 * in a fresh checkout, which has no cache) is kept for the rest. Update when a file's time moves.
 */
export const longestFirst = [
  'test/install.test.ts',
  'packages/dsl/test/property.test.ts',
  'examples/torchvision/test/torchvision.test.ts',
  'test/onnx-import.test.ts',
  'packages/codegen/test/property.test.ts',
  'test/browser/web-digits.test.ts',
  'packages/dsl/test/harness/harness.test.ts',
  'test/threads.test.ts',
  'test/cli.test.ts',
  'packages/dsl/test/compile-fail.test.ts',
  'test/golden-compiled.test.ts',
  'bench/test/harness.test.ts',
  'packages/dsl/test/internal/arithmetic.property.test.ts',
  'test/browser/bundlers.test.ts',
  'packages/dsl/test/typecheck-cost.test.ts',
];

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = longestFirst.indexOf(relative(file.project.config.root, file.moduleId).split('\\').join('/'));
      return index < 0 ? longestFirst.length : index;
    };
    // Array.prototype.sort is stable: files off the list keep Vitest's order among themselves.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
