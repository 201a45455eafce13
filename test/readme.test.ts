/** What the README states that the code also knows: checked so that neither drifts from the other. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { strideErrorCodes } from '@stride/runtime';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('lists every StrideError code with what it means, as errors.ts does', () => {
    const table = /<!-- error-codes:start -->\n([^]*?)\n<!-- error-codes:end -->/.exec(readme)?.[1];
    const expected = ['| `code` | Thrown when |', '|---|---|', ...Object.entries(strideErrorCodes).map(([code, meaning]) => `| \`${code}\` | ${meaning} |`)];
    expect(table?.split('\n')).toEqual(expected);
  });

  it('starts with using Stride in your own project, and tests with the command .ci/run runs', () => {
    expect(readme.split('\n').find((line) => line.startsWith('## '))).toBe('## Use Stride in your own project');
    expect(readFileSync(join(import.meta.dirname, '..', '.ci', 'run'), 'utf8')).toContain('npx -y pnpm@10 test');
    expect(readme).toContain('npx -y pnpm@10 install --frozen-lockfile && npx -y pnpm@10 test');
  });
});
