/**
 * createInWorker()'s worker program is committed as text (src/executor/inWorkerSource.ts), bundled
 * from inWorkerMain.ts and threads.ts by scripts/in-worker-source.ts: the text must be what the
 * script writes from the sources as they are, or the worker would run code nobody reads.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inWorkerSourceFile, inWorkerSourceModule } from '../scripts/in-worker-source.js';

describe('the committed worker program', () => {
  it('is what scripts/in-worker-source.ts bundles from inWorkerMain.ts and threads.ts now (else run `pnpm --filter @stride/runtime in-worker-source`)', async () => {
    expect(readFileSync(inWorkerSourceFile, 'utf8')).toBe(await inWorkerSourceModule());
  });
});
